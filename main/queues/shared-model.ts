/**
 * One Queues model per connected context, shared by every subscriber: the
 * watches of the planned sources, a coalesced recompute, and a periodic read
 * of Kueue's visibility API for queue positions.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Disposable } from '../../shared/contract';
import type { KubeObject } from '../../shared/k8s/object';
import { clusterQueuePendingWorkloadsPath } from '../../shared/k8s/queues-gvr';
import type { ClusterStatus } from '../../shared/models/cluster';
import type { QueuePosition, QueuesSnapshot } from '../../shared/models/queues';
import { visibilityPositions, type PendingWorkloadItem } from '../../shared/queues/positions';
import type { AppError } from '../../shared/result';
import type { CacheSubscription, WatchCache } from '../cache/watch-cache';
import type { LiveConnection } from '../clusters/service';
import { kubeJson, KubeRequestError } from '../clusters/request';
import { createLogger } from '../log';
import type { Scheduler } from '../scheduler/scheduler';
import { createCoalescer, type Coalescer } from '../views/coalesce';
import { computeQueuesModel, type QueuesModel } from './model';
import { listScope, planSources, type Source, type SourcePlan } from './sources';

const log = createLogger('queues');

/** The design allows a few screen updates a second. */
const UPDATE_INTERVAL_MS = 250;
/** Positions change only when workloads come and go; the visibility API is asked this often. */
const POSITIONS_INTERVAL_MS = 5_000;

/** The part of the cluster service that the Queues service uses. */
export interface QueuesClusterAccess {
  connection(contextId: string): LiveConnection;
  statuses(): ClusterStatus[];
}

export interface SharedQueuesModel {
  contextId: string;
  kubeConfig: KubeConfig;
  plan: SourcePlan;
  model: QueuesModel | undefined;
  visibility: boolean;
  snapshot(): QueuesSnapshot;
  synced(): boolean;
  /** Recomputes now if anything changed. */
  flush(): void;
}

interface Entry extends SharedQueuesModel {
  listeners: Set<() => void>;
  subscriptions: Array<{ source: Source; subscription: CacheSubscription }>;
  coalescer: Coalescer;
  positions: Map<string, QueuePosition>;
  tasks: Disposable[];
}

export interface SharedModelsOptions {
  clusters: QueuesClusterAccess;
  cache: WatchCache;
  scheduler: Scheduler;
}

export interface SharedModels {
  /** Joins (or starts) a context's model; the listener runs after each recompute. */
  acquire(contextId: string, listener: () => void): { model: SharedQueuesModel } & Disposable;
  dispose(): void;
}

function objectsOf(entry: Entry, role: Source['role']): KubeObject[] {
  return entry.subscriptions.filter(({ source }) => source.role === role).flatMap(({ subscription }) => [...subscription.objects()]);
}

function recompute(entry: Entry): void {
  entry.model = computeQueuesModel({
    clusterQueues: objectsOf(entry, 'clusterQueues'),
    localQueues: objectsOf(entry, 'localQueues'),
    workloads: objectsOf(entry, 'workloads'),
    jobs: entry.subscriptions
      .filter(({ source }) => source.role === 'jobs')
      .flatMap(({ source, subscription }) => [...subscription.objects()].map((object) => ({ kind: source.jobKind!, object }))),
    pods: objectsOf(entry, 'pods'),
    visibilityPositions: entry.positions,
  });
}

/** Tells whether a list failed because the cluster does not serve it (a CRD missing from a served group), which is reported as missing rather than as an error. */
function isNotServed(error: AppError | undefined): boolean {
  return error?.kind === 'NotFound';
}

function snapshotOf(entry: Entry): QueuesSnapshot {
  const model = entry.model;
  const states = entry.subscriptions.map(({ source, subscription }) => ({ source, state: subscription.state() }));
  const forbidden = states.filter(({ state }) => state.error?.kind === 'Forbidden').map(({ source }) => ({ resource: `${source.gvr.resource}${source.gvr.group ? `.${source.gvr.group}` : ''}`, ...(source.namespace ? { namespace: source.namespace } : {}) }));
  const notServed = states.filter(({ state }) => isNotServed(state.error)).map(({ source }) => `${source.gvr.resource}.${source.gvr.group}`);
  const errors: AppError[] = states.flatMap(({ state }) => (state.error && state.error.kind !== 'Forbidden' && !isNotServed(state.error) ? [state.error] : []));
  errors.push(...(model?.errors ?? []).map((message) => ({ kind: 'InvalidInput' as const, message })));
  return {
    contextId: entry.contextId,
    capabilities: {
      ...(entry.plan.kueueVersion ? { kueueVersion: entry.plan.kueueVersion } : {}),
      kubeflowTraining: entry.plan.kubeflowTraining,
      kubeflowTrainer: entry.plan.kubeflowTrainer,
      visibility: entry.visibility,
    },
    missing: [...entry.plan.missing, ...notServed],
    ...(entry.plan.namespace ? { namespace: entry.plan.namespace } : {}),
    clusterQueues: model?.clusterQueues ?? [],
    localQueues: model?.localQueues ?? [],
    workloads: model?.workloads ?? [],
    jobs: model?.jobs ?? [],
    pendingPods: model?.pendingPods ?? [],
    forbidden,
    errors,
    synced: states.every(({ state }) => state.synced || state.error !== undefined),
    updatedAt: new Date().toISOString(),
  };
}

/**
 * Reads positions from Kueue's visibility API for each ClusterQueue with
 * waiting workloads. A 404 or 503 means the API is not served, and a 403 means
 * the user may not read it. In both cases the computed order is used instead.
 */
async function refreshPositions(entry: Entry, signal: AbortSignal): Promise<void> {
  const version = entry.plan.kueueVersion;
  const model = entry.model;
  if (!version || !model) {
    return;
  }

  const next = new Map<string, QueuePosition>();
  let served = true;
  let answered = false;
  for (const queue of model.clusterQueues.filter((row) => row.pendingWorkloads > 0)) {
    try {
      const summary = await kubeJson<{ items?: PendingWorkloadItem[] }>(entry.kubeConfig, clusterQueuePendingWorkloadsPath(version, queue.name), { query: { limit: 1000 }, signal });
      answered = true;
      for (const [key, position] of visibilityPositions(summary.items ?? [])) {
        next.set(key, position);
      }
    } catch (error) {
      if (error instanceof KubeRequestError && [403, 404, 503].includes(error.code)) {
        served = false;
        break;
      }
      throw error;
    }
  }

  // With no waiting workloads nothing was asked, and what was known stays.
  const visibility = served ? answered || entry.visibility : false;
  if (!served) {
    next.clear();
  }
  const changed = visibility !== entry.visibility || JSON.stringify([...next]) !== JSON.stringify([...entry.positions]);
  entry.visibility = visibility;
  entry.positions = next;
  if (changed) {
    entry.coalescer.touch();
  }
}

export function createSharedModels(options: SharedModelsOptions): SharedModels {
  const entries = new Map<string, Entry>();

  const start = (contextId: string): Entry => {
    const { kubeConfig } = options.clusters.connection(contextId);
    const status = options.clusters.statuses().find((candidate) => candidate.contextId === contextId);
    const contextNamespace = kubeConfig.getContextObject(kubeConfig.currentContext)?.namespace ?? 'default';
    const plan = planSources(status?.capabilities, listScope(status?.permissions, contextNamespace));
    const entry = { contextId, kubeConfig, plan, model: undefined, visibility: false, listeners: new Set(), subscriptions: [], positions: new Map(), tasks: [] } as unknown as Entry;

    entry.coalescer = createCoalescer(UPDATE_INTERVAL_MS, () => {
      const started = performance.now();
      recompute(entry);
      log.debug('model computed', { context: contextId, durationMs: Math.round(performance.now() - started) });
      entry.listeners.forEach((listener) => listener());
    });
    entry.snapshot = () => snapshotOf(entry);
    entry.synced = () => entry.subscriptions.every(({ subscription }) => subscription.state().synced || subscription.state().error !== undefined);
    entry.flush = () => entry.coalescer.flush();

    const cacheListener = { onChange: () => entry.coalescer.touch(), onState: () => entry.coalescer.touch() };
    entry.subscriptions = plan.sources.map((source) => ({
      source,
      subscription: options.cache.subscribe(contextId, kubeConfig, { gvr: source.gvr, ...(source.namespace ? { namespace: source.namespace } : {}) }, cacheListener),
    }));
    if (plan.kueueVersion) {
      entry.tasks.push(options.scheduler.schedule({ key: `queues.positions:${contextId}`, cluster: contextId, intervalMs: POSITIONS_INTERVAL_MS, immediate: true, run: (signal) => refreshPositions(entry, signal) }));
    }
    log.info('queues view started', { context: contextId, count: plan.sources.length, ...(plan.namespace ? { namespace: plan.namespace } : {}) });
    return entry;
  };

  const stop = (entry: Entry): void => {
    entry.coalescer.dispose();
    entry.tasks.forEach((task) => task.dispose());
    entry.subscriptions.forEach(({ subscription }) => subscription.dispose());
    entries.delete(entry.contextId);
  };

  return {
    acquire(contextId, listener) {
      const entry = entries.get(contextId) ?? start(contextId);
      entries.set(contextId, entry);
      entry.listeners.add(listener);
      if (entry.model) {
        listener();
      } else {
        entry.coalescer.touch();
      }
      let disposed = false;
      return {
        model: entry,
        dispose: () => {
          if (disposed) {
            return;
          }
          disposed = true;
          entry.listeners.delete(listener);
          if (entry.listeners.size === 0) {
            stop(entry);
          }
        },
      };
    },

    dispose() {
      [...entries.values()].forEach(stop);
    },
  };
}
