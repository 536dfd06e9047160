/**
 * One Endpoints model per connected context, shared by every subscriber:
 * the watches of workloads, pods, Services, routes, autoscalers and
 * InferenceServices, and a coalesced recompute of the endpoint list. The
 * optional APIs (KServe, Gateway API, KEDA) are watched only when discovery
 * finds them, so a cluster without them shows no errors for them.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Disposable } from '../../shared/contract';
import { discoverEndpoints, type DiscoveredEndpoint, type EndpointSources } from '../../shared/endpoints/discover';
import {
  DEPLOYMENTS,
  GATEWAY_GROUP,
  HORIZONTAL_POD_AUTOSCALERS,
  httpRoutes,
  INFERENCE_SERVICES,
  INGRESSES,
  KEDA_GROUP,
  KSERVE_GROUP,
  pickHttpRouteVersion,
  SCALED_OBJECTS,
  SERVICES,
  STATEFULSETS,
} from '../../shared/k8s/endpoints-gvr';
import { EVENTS, PODS, type GroupVersionResource } from '../../shared/k8s/gvr';
import type { KubeObject } from '../../shared/k8s/object';
import type { ClusterStatus } from '../../shared/models/cluster';
import type { EndpointsSummary } from '../../shared/models/endpoints';
import type { CacheSubscription, WatchCache } from '../cache/watch-cache';
import type { LiveConnection } from '../clusters/service';
import { kubeJson } from '../clusters/request';
import { createLogger } from '../log';
import { createCoalescer, type Coalescer } from '../views/coalesce';

const log = createLogger('endpoints');

/** The design allows a few screen updates a second. */
const UPDATE_INTERVAL_MS = 250;

export interface EndpointsClusterAccess {
  connection(contextId: string): LiveConnection;
  statuses(): ClusterStatus[];
}

export interface EndpointApis {
  kserve: boolean;
  httpRouteVersion?: string;
  keda: boolean;
}

interface ApiGroupList {
  groups: Array<{ name: string; versions: Array<{ version: string }> }>;
}

/** Asks discovery which optional APIs the cluster serves. */
export async function discoverEndpointApis(kubeConfig: KubeConfig): Promise<EndpointApis> {
  const list = await kubeJson<ApiGroupList>(kubeConfig, '/apis');
  const versions = (name: string) => list.groups.find((group) => group.name === name)?.versions.map((entry) => entry.version) ?? [];
  const httpRouteVersion = pickHttpRouteVersion(versions(GATEWAY_GROUP));
  return {
    kserve: versions(KSERVE_GROUP).includes('v1beta1'),
    ...(httpRouteVersion ? { httpRouteVersion } : {}),
    keda: versions(KEDA_GROUP).includes('v1alpha1'),
  };
}

type SourceRole = keyof EndpointSources;

function plannedSources(apis: EndpointApis): Array<[SourceRole, GroupVersionResource]> {
  return [
    ['deployments', DEPLOYMENTS],
    ['statefulSets', STATEFULSETS],
    ['pods', PODS],
    ['services', SERVICES],
    ['ingresses', INGRESSES],
    ['hpas', HORIZONTAL_POD_AUTOSCALERS],
    ...(apis.httpRouteVersion ? [['httpRoutes', httpRoutes(apis.httpRouteVersion)] as [SourceRole, GroupVersionResource]] : []),
    ...(apis.keda ? [['scaledObjects', SCALED_OBJECTS] as [SourceRole, GroupVersionResource]] : []),
    ...(apis.kserve ? [['inferenceServices', INFERENCE_SERVICES] as [SourceRole, GroupVersionResource]] : []),
  ];
}

/**
 * Returns the context's namespace when the user may not list pods in all
 * namespaces (often a tenant), so every list stays inside it as kubectl's default does.
 */
function listScope(status: ClusterStatus | undefined, kubeConfig: KubeConfig): string | undefined {
  const listPods = status?.permissions?.find((check) => check.verb === 'list' && check.resource === 'pods' && !check.namespace && !check.subresource);
  if (!listPods || listPods.allowed) {
    return undefined;
  }
  return kubeConfig.getContextObject(kubeConfig.currentContext)?.namespace ?? 'default';
}

export interface EndpointsModel {
  contextId: string;
  kubeConfig: KubeConfig;
  endpoints: readonly DiscoveredEndpoint[];
  find(id: string): DiscoveredEndpoint | undefined;
  summary(): EndpointsSummary;
  /** Watches the events of one namespace (shared with other views through the cache). */
  watchEvents(namespace: string, onChange: () => void): CacheSubscription;
}

interface Entry extends EndpointsModel {
  listeners: Set<(model: EndpointsModel) => void>;
  subscriptions: Array<{ role: SourceRole; gvr: GroupVersionResource; subscription: CacheSubscription }>;
  coalescer: Coalescer;
  byId: Map<string, DiscoveredEndpoint>;
  computed: boolean;
}

export interface EndpointsModels {
  /** Shares the context's model; the listener runs after every recompute (and at once if one exists). */
  acquire(contextId: string, listener: (model: EndpointsModel) => void): Promise<{ model: EndpointsModel } & Disposable>;
  /** The model of a context that someone already watches, without subscribing. */
  peek(contextId: string): EndpointsModel | undefined;
  dispose(): void;
}

function emptySources(): { [K in SourceRole]: KubeObject[] } {
  return { deployments: [], statefulSets: [], pods: [], services: [], ingresses: [], httpRoutes: [], hpas: [], scaledObjects: [], inferenceServices: [] };
}

export function createEndpointsModels(clusters: EndpointsClusterAccess, cache: WatchCache): EndpointsModels {
  const entries = new Map<string, Entry>();
  const opening = new Map<string, Promise<Entry>>();

  const open = async (contextId: string): Promise<Entry> => {
    const { kubeConfig } = clusters.connection(contextId);
    const apis = await discoverEndpointApis(kubeConfig);
    const namespace = listScope(clusters.statuses().find((status) => status.contextId === contextId), kubeConfig);
    const entry = {
      contextId,
      kubeConfig,
      endpoints: [] as DiscoveredEndpoint[],
      listeners: new Set<(model: EndpointsModel) => void>(),
      byId: new Map<string, DiscoveredEndpoint>(),
      computed: false,
    } as unknown as Entry;

    entry.coalescer = createCoalescer(UPDATE_INTERVAL_MS, () => {
      const started = performance.now();
      const sources = emptySources();
      for (const { role, subscription } of entry.subscriptions) {
        sources[role].push(...subscription.objects());
      }
      entry.endpoints = discoverEndpoints(sources);
      entry.byId = new Map(entry.endpoints.map((endpoint) => [endpoint.row.id, endpoint]));
      entry.computed = true;
      log.debug('endpoints computed', { context: contextId, count: entry.endpoints.length, durationMs: Math.round(performance.now() - started) });
      entry.listeners.forEach((listener) => listener(entry));
    });
    const listener = { onChange: () => entry.coalescer.touch(), onState: () => entry.coalescer.touch() };
    entry.subscriptions = plannedSources(apis).map(([role, gvr]) => ({
      role,
      gvr,
      subscription: cache.subscribe(contextId, kubeConfig, { gvr, ...(namespace ? { namespace } : {}) }, listener),
    }));
    entry.find = (id) => entry.byId.get(id);
    entry.watchEvents = (eventsNamespace, onChange) => cache.subscribe(contextId, kubeConfig, { gvr: EVENTS, namespace: eventsNamespace }, { onChange, onState: onChange });
    entry.summary = () => {
      const states = entry.subscriptions.map(({ subscription }) => subscription.state());
      const models = entry.endpoints.filter((endpoint) => endpoint.row.category === 'model').length;
      return {
        contextId,
        total: entry.endpoints.length,
        models,
        apps: entry.endpoints.length - models,
        synced: states.every((state) => state.synced),
        forbidden: entry.subscriptions.filter((_, index) => states[index]?.error?.kind === 'Forbidden').map(({ gvr }) => gvr.resource),
        apis: { kserve: apis.kserve, gatewayApi: Boolean(apis.httpRouteVersion), keda: apis.keda },
        ...(namespace ? { namespace } : {}),
        updatedAt: new Date().toISOString(),
      };
    };
    log.info('endpoints model opened', { context: contextId, kserve: apis.kserve, gateway: apis.httpRouteVersion ?? 'none', keda: apis.keda });
    return entry;
  };

  const close = (entry: Entry): void => {
    entry.coalescer.dispose();
    entry.subscriptions.forEach(({ subscription }) => subscription.dispose());
    entries.delete(entry.contextId);
  };

  return {
    async acquire(contextId, listener) {
      let entry = entries.get(contextId);
      if (!entry) {
        let pending = opening.get(contextId);
        if (!pending) {
          pending = open(contextId).finally(() => opening.delete(contextId));
          opening.set(contextId, pending);
        }
        const opened = await pending;
        entry = entries.get(contextId) ?? opened;
        entries.set(contextId, entry);
      }
      const current = entry;
      current.listeners.add(listener);
      if (current.computed) {
        listener(current);
      } else {
        current.coalescer.touch();
      }
      return {
        model: current,
        dispose: () => {
          current.listeners.delete(listener);
          if (current.listeners.size === 0 && entries.get(contextId) === current) {
            close(current);
          }
        },
      };
    },

    peek: (contextId) => entries.get(contextId),

    dispose() {
      [...entries.values()].forEach(close);
    },
  };
}
