/**
 * The live Tenants view of one context. What the user may list decides the
 * sources: cluster-wide watches for an operator, per-namespace watches of the
 * namespaces a tenant user can name (its context namespace and those it
 * added) for someone who cannot list namespaces. Whatever cannot be read
 * becomes a note on the view, never an empty list.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Disposable } from '../../shared/contract';
import type { GroupVersionResource } from '../../shared/k8s/gvr';
import type { KubeObject } from '../../shared/k8s/object';
import type { TenantNamespaceView, TenantsView, VisibilityNote } from '../../shared/models/tenants';
import type { AppError } from '../../shared/result';
import {
  CLUSTER_ROLE_BINDINGS, clusterQueues, LIMIT_RANGES, localQueues, NAMESPACES, preferredKueueVersion, RESOURCE_QUOTAS, ROLE_BINDINGS,
} from '../../shared/k8s/tenants-gvr';
import { isSystemNamespace, tenantOf } from '../../shared/tenants/labels';
import { ruleAllows, type BindingObject, type PolicyRule } from '../../shared/tenants/rbac';
import { groupTenants, namespaceView } from '../../shared/tenants/view';
import type { CacheSubscription, WatchCache } from '../cache/watch-cache';
import type { ClusterService } from '../clusters/service';
import { createLogger } from '../log';
import { createCoalescer } from '../views/coalesce';
import { readObject, selfAccess, selfRules } from './kube';

const log = createLogger('tenants.view');
const UPDATE_INTERVAL_MS = 250;

type SourceId = 'namespaces' | 'quotas' | 'limitRanges' | 'roleBindings' | 'clusterRoleBindings' | 'localQueues' | 'clusterQueues';

interface Source {
  id: SourceId;
  gvr: GroupVersionResource;
  namespace?: string;
  subscription: CacheSubscription;
}

export interface ViewDeps {
  clusters: ClusterService;
  cache: WatchCache;
}

interface Setup {
  kc: KubeConfig;
  contextId: string;
  contextNamespace: string;
  kueueVersion: string | undefined;
}

function note(gvr: GroupVersionResource, effect: VisibilityNote['effect'], namespace?: string, verb = 'list'): VisibilityNote {
  return { verb, resource: gvr.resource, ...(gvr.group ? { group: gvr.group } : {}), ...(namespace ? { namespace } : {}), effect };
}

function namespacedSources(kueueVersion: string | undefined): [SourceId, GroupVersionResource][] {
  const list: [SourceId, GroupVersionResource][] = [['quotas', RESOURCE_QUOTAS], ['limitRanges', LIMIT_RANGES], ['roleBindings', ROLE_BINDINGS]];
  if (kueueVersion) list.push(['localQueues', localQueues(kueueVersion)]);
  return list;
}

function clusterSources(kueueVersion: string | undefined): [SourceId, GroupVersionResource][] {
  const list: [SourceId, GroupVersionResource][] = [['clusterRoleBindings', CLUSTER_ROLE_BINDINGS]];
  if (kueueVersion) list.push(['clusterQueues', clusterQueues(kueueVersion)]);
  return list;
}

/** Objects of one source kind, by namespace ('' for cluster-scoped). */
function bucket(sources: readonly Source[], id: SourceId): Map<string, KubeObject[]> {
  const buckets = new Map<string, KubeObject[]>();
  for (const source of sources) {
    if (source.id !== id) continue;
    for (const object of source.subscription.objects()) {
      const key = object.metadata.namespace ?? '';
      const list = buckets.get(key) ?? [];
      list.push(object);
      buckets.set(key, list);
    }
  }
  return buckets;
}

function cqLookup(sources: readonly Source[]): ReadonlyMap<string, KubeObject> | undefined {
  const source = sources.find((candidate) => candidate.id === 'clusterQueues');
  if (!source) return undefined;
  return new Map([...source.subscription.objects()].map((object) => [object.metadata.name, object]));
}

/** Notes for watches the server refused after all (a rules review can be incomplete), and other errors. */
function sourceProblems(sources: readonly Source[]): { notes: VisibilityNote[]; errors: AppError[] } {
  const notes: VisibilityNote[] = [];
  const errors: AppError[] = [];
  for (const source of sources) {
    const error = source.subscription.state().error;
    if (!error) continue;
    if (error.kind === 'Forbidden') notes.push(note(source.gvr, 'hidden', source.namespace));
    else errors.push(error);
  }
  return { notes, errors };
}

interface NamespaceFacts {
  object: KubeObject | undefined;
  exists?: boolean;
  notes: VisibilityNote[];
}

/** Builds one view from the current cache contents. */
function compute(setup: Setup, scope: TenantsView['scope'], sources: Source[], facts: Map<string, NamespaceFacts>, globalNotes: VisibilityNote[]): TenantsView {
  const problems = sourceProblems(sources);
  const quotas = bucket(sources, 'quotas');
  const limitRanges = bucket(sources, 'limitRanges');
  const roleBindings = bucket(sources, 'roleBindings');
  const queues = bucket(sources, 'localQueues');
  const crbs = (bucket(sources, 'clusterRoleBindings').get('') ?? []) as BindingObject[];
  const cqs = cqLookup(sources);
  const namespaceObjects = scope === 'cluster' ? (bucket(sources, 'namespaces').get('') ?? []) : [];

  const views: TenantNamespaceView[] = [];
  const add = (namespace: string, object: KubeObject | undefined, extra: Partial<NamespaceFacts> = {}) => {
    views.push(namespaceView({
      namespace,
      object,
      ...(extra.exists !== undefined ? { exists: extra.exists } : {}),
      quotas: quotas.get(namespace) ?? [],
      limitRanges: limitRanges.get(namespace) ?? [],
      localQueues: queues.get(namespace) ?? [],
      roleBindings: (roleBindings.get(namespace) ?? []) as BindingObject[],
      clusterRoleBindings: crbs,
      clusterQueues: cqs,
      notes: [...(extra.notes ?? []), ...problems.notes.filter((n) => n.namespace === namespace)],
    }));
  };
  if (scope === 'cluster') {
    namespaceObjects.filter((object) => tenantOf(object.metadata.labels)).forEach((object) => add(object.metadata.name, object, { exists: true }));
  } else {
    facts.forEach((fact, namespace) => add(namespace, fact.object, fact));
  }

  const adoptable = namespaceObjects
    .filter((object) => !tenantOf(object.metadata.labels) && !isSystemNamespace(object.metadata.name))
    .map((object) => object.metadata.name)
    .sort();
  return {
    contextId: setup.contextId,
    scope,
    contextNamespace: setup.contextNamespace,
    tenants: groupTenants(views, scope === 'namespaces'),
    adoptable,
    notes: [...globalNotes, ...problems.notes.filter((n) => !n.namespace)],
    kueue: Boolean(setup.kueueVersion),
    synced: sources.every((source) => source.subscription.state().synced || source.subscription.state().error),
    updatedAt: new Date().toISOString(),
    errors: problems.errors,
  };
}

function rulesAllowList(rules: readonly PolicyRule[], gvr: GroupVersionResource): boolean {
  return rules.some((rule) => ruleAllows(rule, { verb: 'list', group: gvr.group, resource: gvr.resource }))
    && rules.some((rule) => ruleAllows(rule, { verb: 'watch', group: gvr.group, resource: gvr.resource }));
}

/** Reads what a tenant user can see of one namespace: the object itself and which lists it may watch. */
async function namespaceFacts(kc: KubeConfig, namespace: string, kueueVersion: string | undefined): Promise<{ fact: NamespaceFacts; allowed: [SourceId, GroupVersionResource][] }> {
  const [read, rules] = await Promise.all([readObject<KubeObject>(kc, NAMESPACES, namespace), selfRules(kc, namespace)]);
  const allowed = namespacedSources(kueueVersion).filter(([, gvr]) => rulesAllowList(rules.rules, gvr));
  const denied = namespacedSources(kueueVersion).filter(([, gvr]) => !rulesAllowList(rules.rules, gvr));
  const notes: VisibilityNote[] = [];
  if (read.state === 'forbidden' && allowed.length === 0) {
    notes.push(note(NAMESPACES, 'no-access', namespace, 'get'));
  } else {
    if (read.state === 'forbidden') notes.push(note(NAMESPACES, 'hidden', namespace, 'get'));
    denied.forEach(([, gvr]) => notes.push(note(gvr, 'hidden', namespace)));
  }
  const fact: NamespaceFacts = {
    object: read.state === 'found' ? read.object : undefined,
    ...(read.state === 'found' ? { exists: true } : read.state === 'missing' ? { exists: false } : {}),
    notes,
  };
  return { fact, allowed: read.state === 'missing' ? [] : allowed };
}

/**
 * Opens the Tenants view of a context and calls `emit` with coalesced updates
 * until the returned handle is disposed.
 */
export async function openTenantsView(deps: ViewDeps, contextId: string, extraNamespaces: readonly string[], emit: (view: TenantsView) => void): Promise<Disposable> {
  const { kubeConfig: kc } = deps.clusters.connection(contextId);
  const status = deps.clusters.statuses().find((candidate) => candidate.contextId === contextId);
  const setup: Setup = {
    kc,
    contextId,
    contextNamespace: kc.getContextObject(kc.currentContext)?.namespace ?? 'default',
    kueueVersion: preferredKueueVersion(status?.capabilities?.kueue?.versions),
  };
  const sources: Source[] = [];
  const facts = new Map<string, NamespaceFacts>();
  const globalNotes: VisibilityNote[] = [];
  let disposed = false;
  const scope: TenantsView['scope'] = (await selfAccess(kc, { verb: 'list', group: '', resource: 'namespaces' })).allowed ? 'cluster' : 'namespaces';

  const coalescer = createCoalescer(UPDATE_INTERVAL_MS, () => {
    if (!disposed) emit(compute(setup, scope, sources, facts, globalNotes));
  });
  const listener = { onChange: () => coalescer.touch(), onState: () => coalescer.touch() };
  const subscribe = (id: SourceId, gvr: GroupVersionResource, namespace?: string) => {
    const subscription = deps.cache.subscribe(contextId, kc, { gvr, ...(namespace ? { namespace } : {}) }, listener);
    sources.push({ id, gvr, ...(namespace ? { namespace } : {}), subscription });
  };
  const clusterWide: [SourceId, GroupVersionResource][] = scope === 'cluster'
    ? [['namespaces', NAMESPACES], ...namespacedSources(setup.kueueVersion), ...clusterSources(setup.kueueVersion)]
    : clusterSources(setup.kueueVersion);

  try {
    const answers = await Promise.all(clusterWide.map(([, gvr]) => selfAccess(kc, { verb: 'watch', group: gvr.group, resource: gvr.resource })));
    clusterWide.forEach(([id, gvr], index) => (answers[index]!.allowed ? subscribe(id, gvr) : globalNotes.push(note(gvr, 'hidden'))));
    if (scope === 'namespaces') {
      globalNotes.unshift(note(NAMESPACES, 'namespaces-from-context'));
      const names = [...new Set([setup.contextNamespace, ...extraNamespaces].filter((name) => name.length > 0))];
      const results = await Promise.all(names.map((namespace) => namespaceFacts(kc, namespace, setup.kueueVersion)));
      names.forEach((namespace, index) => {
        const { fact, allowed } = results[index]!;
        facts.set(namespace, fact);
        allowed.forEach(([id, gvr]) => subscribe(id, gvr, namespace));
      });
    }
  } catch (error) {
    sources.forEach((source) => source.subscription.dispose());
    coalescer.dispose();
    throw error;
  }
  log.debug('view opened', { context: contextId, count: sources.length, scope });
  coalescer.touch();

  return {
    dispose: () => {
      disposed = true;
      coalescer.dispose();
      sources.forEach((source) => source.subscription.dispose());
    },
  };
}
