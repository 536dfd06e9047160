/**
 * The Overview views. One model per connected context is computed from the
 * shared Node and Pod watches, at most a few times a second, and shared by
 * every subscriber: the summary, the node table and the pod tables.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { ContractImpl, Disposable } from '../../shared/contract';
import type { overviewContract } from '../../shared/contracts/overview';
import { NODES, PODS } from '../../shared/k8s/gvr';
import type { OverviewSummary } from '../../shared/models/overview';
import type { CacheSubscription, WatchCache } from '../cache/watch-cache';
import type { ClusterService } from '../clusters/service';
import { createLogger } from '../log';
import { createCoalescer, type Coalescer } from './coalesce';
import { createChangeLog } from './change-log';
import { createOverviewModelBuilder, type AcceleratorState, type ObjectStore, type OverviewModelBuilder } from './overview-builder';
import type { OverviewModel } from './overview-model';
import { createTableWindows, type TableWindows } from './table-window';
import type { NodeRow, PodRow, TableWindow } from '../../shared/models/overview';

const log = createLogger('views.overview');

/** Longest wait between a cluster change and the screen; the design allows a few updates a second. */
const UPDATE_INTERVAL_MS = 250;

interface SharedModel {
  model: OverviewModel | undefined;
  /** Sync state and forbidden resources the listeners last saw, to tell a state change from none. */
  stateKey: string;
  podsNamespace: string | undefined;
  version: number;
  nodeWindows: TableWindows<NodeRow>;
  podWindows: TableWindows<PodRow>;
  listeners: Set<() => void>;
  builder: OverviewModelBuilder;
  /** Called after every compute, even one that left the model as it was. */
  computedListeners: Set<() => void>;
  computed: boolean;
  nodes: CacheSubscription;
  pods: CacheSubscription;
  coalescer: Coalescer;
}

/** A context's accelerator state from the Overview builder, while held. */
export interface AllocationHandle {
  /** Returns the state after every change in the cache (a pending compute runs first), or undefined before the first compute. */
  current(): AcceleratorState | undefined;
  dispose(): void;
}

/** Gives the Overview builder's accelerator state of a context and calls `onComputed` after each compute. */
export type AllocationSource = (contextId: string, onComputed: () => void) => AllocationHandle;

export interface OverviewServiceOptions {
  clusters: ClusterService;
  cache: WatchCache;
}

function forbiddenResources(subscriptions: CacheSubscription[], names: string[]): string[] {
  return subscriptions.flatMap((subscription, index) => (subscription.state().error?.kind === 'Forbidden' ? [names[index]!] : []));
}

/**
 * A tenant user often may not list pods in all namespaces. Then the context's own
 * namespace is the useful scope, as kubectl's default namespace is.
 */
function namespaceFallback(clusters: ClusterService, contextId: string, kubeConfig: KubeConfig): string | undefined {
  const status = clusters.statuses().find((candidate) => candidate.contextId === contextId);
  const listPods = status?.permissions?.find((check) => check.verb === 'list' && check.resource === 'pods' && !check.namespace && !check.subresource);
  if (!listPods || listPods.allowed) {
    return undefined;
  }
  return kubeConfig.getContextObject(kubeConfig.currentContext)?.namespace ?? 'default';
}

function storeOf(subscription: CacheSubscription): ObjectStore {
  return { get: (key) => subscription.get(key), keys: () => subscription.keys(), values: () => subscription.objects() };
}

function stateKeyOf(subscriptions: CacheSubscription[]): string {
  return JSON.stringify(subscriptions.map((subscription) => [subscription.state().synced, subscription.state().error?.kind ?? '']));
}

/** Passes a window on only when it differs from the last one: rows keep their identity while unchanged. */
function changedWindows<Row>(emit: (window: TableWindow<Row>) => void): (window: TableWindow<Row>) => void {
  let last: TableWindow<Row> | undefined;
  return (window) => {
    const same = last !== undefined && last.total === window.total && last.offset === window.offset && last.rows.length === window.rows.length && last.rows.every((row, index) => row === window.rows[index]);
    if (same) {
      return;
    }
    last = window;
    emit(window);
  };
}

export function createOverviewService(options: OverviewServiceOptions): ContractImpl<typeof overviewContract> & { allocation: AllocationSource; dispose(): void } {
  const models = new Map<string, SharedModel>();

  const acquire = (contextId: string, listener: () => void): Disposable => {
    let shared = models.get(contextId);
    if (!shared) {
      const { kubeConfig } = options.clusters.connection(contextId);
      const podsNamespace = namespaceFallback(options.clusters, contextId, kubeConfig);
      const entry = {
        model: undefined,
        stateKey: '',
        version: 0,
        podsNamespace,
        listeners: new Set<() => void>(),
        computedListeners: new Set<() => void>(),
        computed: false,
        nodeWindows: createTableWindows<NodeRow>((row) => `${row.name} ${row.vendor ?? ''} ${row.model ?? ''}`),
        podWindows: createTableWindows<PodRow>((row) => `${row.namespace} ${row.name} ${row.node ?? ''}`),
      } as Partial<SharedModel> & { listeners: Set<() => void>; computedListeners: Set<() => void>; computed: boolean; stateKey: string };
      const builder = createOverviewModelBuilder();
      entry.builder = builder;
      const changes = createChangeLog();
      const coalescer = createCoalescer(UPDATE_INTERVAL_MS, () => {
        const started = performance.now();
        const model = builder.update(storeOf(entry.nodes!), storeOf(entry.pods!), changes.take());
        const stateKey = stateKeyOf([entry.nodes!, entry.pods!]);
        log.debug('model computed', { context: contextId, durationMs: Math.round(performance.now() - started), changed: model !== entry.model });
        entry.computed = true;
        // The GPU view reads pod metadata (labels, owners) that no Overview row shows, so it hears of every compute.
        entry.computedListeners.forEach((l) => l());
        // Churn that no view shows (annotations, heartbeats) leaves the model as it was: nothing to send.
        if (model === entry.model && stateKey === entry.stateKey) {
          return;
        }
        entry.model = model;
        entry.stateKey = stateKey;
        entry.version = (entry.version ?? 0) + 1;
        entry.listeners.forEach((l) => l());
      });
      const cacheListener = (resource: 'nodes' | 'pods') => ({
        onChange: (key?: string) => {
          changes.note(resource, key);
          coalescer.touch();
        },
        onState: () => coalescer.touch(),
      });
      entry.coalescer = coalescer;
      entry.nodes = options.cache.subscribe(contextId, kubeConfig, { gvr: NODES }, cacheListener('nodes'));
      entry.pods = options.cache.subscribe(contextId, kubeConfig, { gvr: PODS, ...(podsNamespace ? { namespace: podsNamespace } : {}) }, cacheListener('pods'));
      shared = entry as SharedModel;
      models.set(contextId, shared);
    }
    const current = shared;
    current.listeners.add(listener);
    if (current.model) {
      listener();
    }
    return {
      dispose: () => {
        current.listeners.delete(listener);
        if (current.listeners.size === 0) {
          current.coalescer.dispose();
          current.nodes.dispose();
          current.pods.dispose();
          models.delete(contextId);
        }
      },
    };
  };

  const summaryOf = (contextId: string, shared: SharedModel): OverviewSummary => {
    const subscriptions = [shared.nodes, shared.pods];
    return {
      contextId,
      ...shared.model!.summary,
      synced: subscriptions.every((s) => s.state().synced),
      ...(shared.podsNamespace ? { podsNamespace: shared.podsNamespace } : {}),
      forbidden: forbiddenResources(subscriptions, ['nodes', 'pods']),
      updatedAt: new Date().toISOString(),
    };
  };

  const allocation: AllocationSource = (contextId, onComputed) => {
    const handle = acquire(contextId, () => undefined);
    const shared = models.get(contextId)!;
    shared.computedListeners.add(onComputed);
    return {
      current: () => {
        // The GPU view must not lag behind the cache it checks for sync, so compute now if events wait.
        shared.coalescer.flush();
        return shared.computed ? shared.builder.accelerators() : undefined;
      },
      dispose: () => {
        shared.computedListeners.delete(onComputed);
        handle.dispose();
      },
    };
  };

  return {
    allocation,

    summary({ contextId }, emit) {
      const handle = acquire(contextId, () => emit(summaryOf(contextId, models.get(contextId)!)));
      return handle;
    },

    nodes(query, emit) {
      const emitChanged = changedWindows(emit);
      return acquire(query.contextId, () => {
        const shared = models.get(query.contextId)!;
        emitChanged(shared.nodeWindows.window(shared.model!.nodes, query));
      });
    },

    pods(query, emit) {
      const emitChanged = changedWindows(emit);
      return acquire(query.contextId, () => {
        const shared = models.get(query.contextId)!;
        const model = shared.model!;
        emitChanged(shared.podWindows.window(query.allPods ? model.allPods : model.gpuPods, query, query.allPods ? model.changes?.allPods : model.changes?.gpuPods));
      });
    },

    dispose() {
      for (const shared of models.values()) {
        shared.coalescer.dispose();
        shared.nodes.dispose();
        shared.pods.dispose();
      }
      models.clear();
    },
  };
}

