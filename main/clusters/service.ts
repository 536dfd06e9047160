/**
 * Cluster connections, one per kubeconfig context. Each connection holds its
 * own KubeConfig, so switching or editing contexts never redirects a live
 * watch or forward; the scheduler keeps health, discovery and permissions fresh.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { ContractImpl, Disposable } from '../../shared/contract';
import type { clustersContract } from '../../shared/contracts/clusters';
import type { ClusterStatus } from '../../shared/models/cluster';
import { appError } from '../../shared/result';
import type { WatchCache } from '../cache/watch-cache';
import { createLogger } from '../log';
import type { Scheduler } from '../scheduler/scheduler';
import { toAppError } from '../transport/errors';
import { BASE_ACCESS_QUESTIONS, discoverCapabilities, probeHealth, reviewAccess } from './probe';

const log = createLogger('clusters');

/** Periods of the per-cluster tasks; discovery and permissions change rarely. */
const HEALTH_INTERVAL_MS = 30_000;
const DISCOVERY_INTERVAL_MS = 5 * 60_000;
const PERMISSIONS_INTERVAL_MS = 5 * 60_000;

/** What the cluster service needs from the kubeconfig service. */
export interface KubeConfigSource {
  kubeConfigFor(contextId: string): Promise<KubeConfig>;
  contextName(contextId: string): Promise<string>;
}

export interface LiveConnection {
  contextId: string;
  kubeConfig: KubeConfig;
}

export interface ClusterService extends ContractImpl<typeof clustersContract> {
  /** The live connection of a context, or an Unavailable error telling the user to connect first. */
  connection(contextId: string): LiveConnection;
  statuses(): ClusterStatus[];
  dispose(): void;
}

interface Connection {
  status: ClusterStatus;
  kubeConfig?: KubeConfig;
  tasks: Disposable[];
}

export interface ClusterServiceOptions {
  kubeconfigs: KubeConfigSource;
  scheduler: Scheduler;
  cache: WatchCache;
}

export function createClusterService(options: ClusterServiceOptions): ClusterService {
  const { kubeconfigs, scheduler, cache } = options;
  const connections = new Map<string, Connection>();
  const listeners = new Set<(statuses: ClusterStatus[]) => void>();

  const statuses = (): ClusterStatus[] => [...connections.values()].map((c) => structuredClone(c.status));
  const publish = (): void => {
    const snapshot = statuses();
    listeners.forEach((listener) => listener(snapshot));
  };

  const update = (connection: Connection, patch: Partial<ClusterStatus>): void => {
    Object.assign(connection.status, patch);
    publish();
  };

  const probeAll = async (connection: Connection, signal?: AbortSignal): Promise<void> => {
    const kc = connection.kubeConfig;
    if (!kc) {
      return;
    }
    try {
      const health = await probeHealth(kc, signal);
      const [capabilities, permissions] = await Promise.all([discoverCapabilities(kc, signal), reviewAccess(kc, BASE_ACCESS_QUESTIONS, signal)]);
      const { error: _cleared, ...rest } = connection.status;
      connection.status = { ...rest, state: 'connected', health, capabilities, permissions };
      publish();
    } catch (error) {
      update(connection, { state: 'error', error: toAppError(error, { cluster: connection.status.contextName }) });
      throw error;
    }
  };

  const scheduleTasks = (connection: Connection): void => {
    const { contextId } = connection.status;
    const kc = connection.kubeConfig;
    if (!kc) {
      return;
    }
    const guarded = (run: (signal: AbortSignal) => Promise<void>) => async (signal: AbortSignal) => {
      try {
        await run(signal);
      } catch (error) {
        update(connection, { state: 'error', error: toAppError(error, { cluster: connection.status.contextName }) });
        throw error;
      }
    };
    connection.tasks.push(
      scheduler.schedule({
        key: `health:${contextId}`,
        cluster: contextId,
        intervalMs: HEALTH_INTERVAL_MS,
        run: guarded(async (signal) => {
          const health = await probeHealth(kc, signal);
          const { error: _cleared, ...rest } = connection.status;
          connection.status = { ...rest, state: 'connected', health };
          publish();
        }),
      }),
      scheduler.schedule({
        key: `discovery:${contextId}`,
        cluster: contextId,
        intervalMs: DISCOVERY_INTERVAL_MS,
        run: guarded(async (signal) => update(connection, { capabilities: await discoverCapabilities(kc, signal) })),
      }),
      scheduler.schedule({
        key: `permissions:${contextId}`,
        cluster: contextId,
        intervalMs: PERMISSIONS_INTERVAL_MS,
        run: guarded(async (signal) => update(connection, { permissions: await reviewAccess(kc, BASE_ACCESS_QUESTIONS, signal) })),
      }),
    );
  };

  const stop = (connection: Connection): void => {
    connection.tasks.forEach((task) => task.dispose());
    connection.tasks = [];
    cache.dropCluster(connection.status.contextId);
  };

  return {
    async connect({ contextId }) {
      const existing = connections.get(contextId);
      if (existing?.kubeConfig && existing.status.state === 'connected') {
        return structuredClone(existing.status);
      }
      if (existing) {
        stop(existing);
      }
      const contextName = await kubeconfigs.contextName(contextId);
      const connection: Connection = { status: { contextId, contextName, state: 'connecting' }, tasks: [] };
      connections.set(contextId, connection);
      publish();
      try {
        connection.kubeConfig = await kubeconfigs.kubeConfigFor(contextId);
        await probeAll(connection);
        scheduleTasks(connection);
        log.info('connected', { context: contextName, durationMs: connection.status.health?.latencyMs ?? 0 });
      } catch (error) {
        const appErr = toAppError(error, { cluster: contextName });
        log.warn('connect failed', { context: contextName, err: appErr.message });
        // A failed connection keeps its kubeConfig-less entry so the screen can show the error on this context only.
        stop(connection);
        delete connection.kubeConfig;
        update(connection, { state: 'error', error: appErr });
      }
      return structuredClone(connection.status);
    },

    async disconnect({ contextId }) {
      const connection = connections.get(contextId);
      if (!connection) {
        throw appError('NotFound', `Context ${contextId} is not connected.`);
      }
      stop(connection);
      connections.delete(contextId);
      publish();
      return { contextId, contextName: connection.status.contextName, state: 'disconnected' };
    },

    async refresh({ contextId }) {
      const connection = connections.get(contextId);
      if (!connection?.kubeConfig) {
        return this.connect({ contextId }, { transport: 'direct', signal: new AbortController().signal });
      }
      await probeAll(connection).catch(() => undefined);
      return structuredClone(connection.status);
    },

    onDidChangeStatus(_input, emit) {
      emit(statuses());
      listeners.add(emit);
      return { dispose: () => listeners.delete(emit) };
    },

    connection(contextId) {
      const connection = connections.get(contextId);
      if (!connection?.kubeConfig || connection.status.state === 'connecting') {
        throw appError('Unavailable', `Context ${connection?.status.contextName ?? contextId} is not connected; connect it on the Clusters screen first.`);
      }
      return { contextId, kubeConfig: connection.kubeConfig };
    },

    statuses,

    dispose() {
      for (const connection of connections.values()) {
        stop(connection);
      }
      connections.clear();
      listeners.clear();
    },
  };
}
