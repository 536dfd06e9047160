/**
 * Builds the Tenants view from plain objects: namespaces grouped by tenant
 * label, each with its quotas (accelerator keys marked), LimitRanges, Kueue
 * queues, members and Pod Security labels. Pure, so fixtures test it.
 */
import type { KubeObject } from '../k8s/object';
import type {
  ClusterQueueView, LimitRangeView, LocalQueueView, QueueResourceView, QuotaRow, QuotaView, TenantNamespaceView, TenantView, VisibilityNote,
} from '../models/tenants';
import { builtinAcceleratorTable, describeQuotaUsage, lookupAcceleratorResource, type ResourceQuotaLike } from '../resources';
import { readPodSecurity, tenantOf } from './labels';
import { membersOf, type BindingObject } from './rbac';

const accelerators = builtinAcceleratorTable();

function acceleratorOf(resource: string): string | undefined {
  const bare = resource.replace(/^(requests|limits)\./, '');
  return lookupAcceleratorResource(accelerators, bare)?.vendorName;
}

/** Builds one quota's rows, used against hard, keeping the server's own strings. */
export function quotaView(object: KubeObject): QuotaView {
  const quota = object as ResourceQuotaLike & KubeObject;
  const status = (object['status'] ?? {}) as { hard?: Record<string, string>; used?: Record<string, string> };
  const rows: QuotaRow[] = describeQuotaUsage(quota).map((row) => {
    const accelerator = acceleratorOf(row.resource);
    return {
      resource: row.resource,
      hard: String(status.hard?.[row.resource] ?? ''),
      used: String(status.used?.[row.resource] ?? '0'),
      ratio: row.ratio,
      display: row.display,
      ...(accelerator ? { accelerator } : {}),
    };
  });
  // Accelerator keys first: they are what a shared AI cluster is split by.
  rows.sort((a, b) => Number(Boolean(b.accelerator)) - Number(Boolean(a.accelerator)));
  return { name: object.metadata.name, rows, pending: status.hard === undefined };
}

export function limitRangeView(object: KubeObject): LimitRangeView {
  const spec = (object['spec'] ?? {}) as { limits?: Record<string, unknown>[] };
  return {
    name: object.metadata.name,
    items: (spec.limits ?? []).map((limit) => {
      const values: Record<string, Record<string, string>> = {};
      for (const field of ['default', 'defaultRequest', 'min', 'max', 'maxLimitRequestRatio']) {
        const list = limit[field] as Record<string, unknown> | undefined;
        if (list) values[field] = Object.fromEntries(Object.entries(list).map(([key, value]) => [key, String(value)]));
      }
      return { type: String(limit['type'] ?? 'Container'), values };
    }),
  };
}

interface FlavorUsage {
  name: string;
  resources?: { name: string; total?: string | number }[];
}

function usageOf(status: { flavorsUsage?: FlavorUsage[] } | undefined, flavor: string, resource: string): string | undefined {
  const entry = status?.flavorsUsage?.find((usage) => usage.name === flavor)?.resources?.find((r) => r.name === resource);
  return entry?.total === undefined ? undefined : String(entry.total);
}

export function clusterQueueView(object: KubeObject): ClusterQueueView {
  const spec = (object['spec'] ?? {}) as {
    cohort?: string; cohortName?: string; stopPolicy?: string;
    resourceGroups?: { flavors?: { name: string; resources?: { name: string; nominalQuota?: unknown; borrowingLimit?: unknown; lendingLimit?: unknown }[] }[] }[];
  };
  const status = object['status'] as { flavorsUsage?: FlavorUsage[]; pendingWorkloads?: number; admittedWorkloads?: number } | undefined;
  const resources: QueueResourceView[] = [];
  for (const group of spec.resourceGroups ?? []) {
    for (const flavor of group.flavors ?? []) {
      for (const resource of flavor.resources ?? []) {
        const used = usageOf(status, flavor.name, resource.name);
        resources.push({
          flavor: flavor.name,
          resource: resource.name,
          ...(resource.nominalQuota !== undefined ? { nominalQuota: String(resource.nominalQuota) } : {}),
          ...(resource.borrowingLimit !== undefined ? { borrowingLimit: String(resource.borrowingLimit) } : {}),
          ...(resource.lendingLimit !== undefined ? { lendingLimit: String(resource.lendingLimit) } : {}),
          ...(used !== undefined ? { used } : {}),
        });
      }
    }
  }
  const cohort = spec.cohortName ?? spec.cohort;
  return {
    name: object.metadata.name,
    ...(cohort ? { cohort } : {}),
    ...(spec.stopPolicy ? { stopPolicy: spec.stopPolicy } : {}),
    resources,
    ...(status?.pendingWorkloads !== undefined ? { pendingWorkloads: status.pendingWorkloads } : {}),
    ...(status?.admittedWorkloads !== undefined ? { admittedWorkloads: status.admittedWorkloads } : {}),
  };
}

/** The ClusterQueues the viewer could read, or undefined when it may not list them. */
export type ClusterQueueLookup = ReadonlyMap<string, KubeObject> | undefined;

export function localQueueView(object: KubeObject, clusterQueues: ClusterQueueLookup): LocalQueueView {
  const spec = (object['spec'] ?? {}) as { clusterQueue?: string; stopPolicy?: string };
  const status = object['status'] as { pendingWorkloads?: number; admittedWorkloads?: number } | undefined;
  const clusterQueue = spec.clusterQueue ?? '';
  const cq = clusterQueues?.get(clusterQueue);
  return {
    name: object.metadata.name,
    clusterQueue,
    ...(spec.stopPolicy ? { stopPolicy: spec.stopPolicy } : {}),
    ...(status?.pendingWorkloads !== undefined ? { pendingWorkloads: status.pendingWorkloads } : {}),
    ...(status?.admittedWorkloads !== undefined ? { admittedWorkloads: status.admittedWorkloads } : {}),
    ...(cq ? { clusterQueueDetail: clusterQueueView(cq) } : { clusterQueueProblem: clusterQueues ? 'missing' : 'forbidden' }),
  };
}

export interface NamespaceSources {
  namespace: string;
  /** The Namespace object; undefined when it could not be read. */
  object: KubeObject | undefined;
  exists?: boolean;
  quotas: readonly KubeObject[];
  limitRanges: readonly KubeObject[];
  localQueues: readonly KubeObject[];
  roleBindings: readonly BindingObject[];
  clusterRoleBindings: readonly BindingObject[];
  clusterQueues: ClusterQueueLookup;
  notes: readonly VisibilityNote[];
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

export function namespaceView(sources: NamespaceSources): TenantNamespaceView {
  const labels = sources.object?.metadata.labels ?? {};
  const tenant = tenantOf(labels);
  return {
    namespace: sources.namespace,
    ...(tenant ? { tenant } : {}),
    readable: sources.object !== undefined,
    ...(sources.exists !== undefined ? { exists: sources.exists } : {}),
    labels: { ...labels },
    podSecurity: readPodSecurity(labels),
    quotas: sources.quotas.map(quotaView).sort(byName),
    limitRanges: sources.limitRanges.map(limitRangeView).sort(byName),
    localQueues: sources.localQueues.map((queue) => localQueueView(queue, sources.clusterQueues)).sort(byName),
    members: membersOf(sources.namespace, sources.roleBindings, sources.clusterRoleBindings),
    notes: [...sources.notes],
  };
}

/**
 * Groups namespace views into tenants by label value. An unlabelled namespace
 * is shown as a tenant of its own (not labelled) when `includeUnlabelled` is
 * set: a tenant user's own namespaces count even without our label.
 */
export function groupTenants(namespaces: readonly TenantNamespaceView[], includeUnlabelled: boolean): TenantView[] {
  const tenants = new Map<string, TenantView>();
  for (const view of namespaces) {
    if (!view.tenant && !includeUnlabelled) continue;
    const key = view.tenant ? `t:${view.tenant}` : `n:${view.namespace}`;
    const tenant = tenants.get(key) ?? { name: view.tenant ?? view.namespace, labelled: Boolean(view.tenant), namespaces: [] };
    tenant.namespaces.push(view);
    tenants.set(key, tenant);
  }
  const list = [...tenants.values()];
  list.forEach((tenant) => tenant.namespaces.sort((a, b) => a.namespace.localeCompare(b.namespace)));
  return list.sort((a, b) => Number(b.labelled) - Number(a.labelled) || a.name.localeCompare(b.name));
}
