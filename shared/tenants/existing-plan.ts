/** Reads an existing tenant back into a plan, so the edit step starts from what the cluster holds. */
import type { KubeObject } from '../k8s/object';
import type { PodSecurityLevel, TenantMemberPlan, TenantPlan } from '../models/tenants';
import { FIELD_MANAGER, isReservedLabel, MANAGED_BY_LABEL, POD_SECURITY_LEVELS, POD_SECURITY_MODES, podSecurityLabel, tenantOf } from './labels';
import type { BindingObject } from './rbac';

export interface ExistingTenant {
  namespace: KubeObject;
  quotas: readonly KubeObject[];
  limitRanges: readonly KubeObject[];
  localQueues: readonly KubeObject[];
  roleBindings: readonly BindingObject[];
}

/** Reads quantities as strings; YAML numbers and strings alike. */
function stringMap(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries((value ?? {}) as Record<string, unknown>).map(([key, entry]) => [key, String(entry)]));
}

function isManaged(object: KubeObject): boolean {
  return object.metadata.labels?.[MANAGED_BY_LABEL] === FIELD_MANAGER;
}

/** Prefers the object this app wrote, then the only one there is. */
function pick(objects: readonly KubeObject[]): KubeObject | undefined {
  return objects.find(isManaged) ?? (objects.length === 1 ? objects[0] : undefined);
}

function members(bindings: readonly BindingObject[], namespace: string): TenantMemberPlan[] {
  return bindings.filter(isManaged).flatMap((binding) => {
    const roleKind = binding.roleRef.kind === 'Role' ? 'Role' : 'ClusterRole';
    return (binding.subjects ?? []).flatMap((subject): TenantMemberPlan[] => {
      if (subject.kind !== 'User' && subject.kind !== 'Group' && subject.kind !== 'ServiceAccount') return [];
      const saNamespace = subject.kind === 'ServiceAccount' && subject.namespace && subject.namespace !== namespace ? { namespace: subject.namespace } : {};
      return [{ kind: subject.kind, name: subject.name, ...saNamespace, roleKind, role: binding.roleRef.name }];
    });
  });
}

/**
 * Builds the plan that reproduces an existing tenant: its labels, Pod Security
 * levels, the quota, LimitRange and LocalQueue (ours, or the only one), and
 * the members of the bindings this app wrote (others stay untouched).
 */
export function planFromExisting(existing: ExistingTenant): TenantPlan {
  const name = existing.namespace.metadata.name;
  const labels = existing.namespace.metadata.labels ?? {};
  const podSecurity: TenantPlan['podSecurity'] = {};
  for (const mode of POD_SECURITY_MODES) {
    const level = labels[podSecurityLabel(mode)];
    if (level && (POD_SECURITY_LEVELS as readonly string[]).includes(level)) podSecurity[mode] = level as PodSecurityLevel;
  }
  const extraLabels = Object.fromEntries(Object.entries(labels).filter(([key]) => !isReservedLabel(key) && !key.startsWith('kubernetes.io/')));
  const quota = pick(existing.quotas);
  const limitRange = pick(existing.limitRanges);
  const container = ((limitRange?.['spec'] as { limits?: Record<string, unknown>[] } | undefined)?.limits ?? []).find((item) => item['type'] === 'Container');
  const queue = pick(existing.localQueues);
  return {
    tenant: tenantOf(labels) ?? name,
    namespace: name,
    labels: extraLabels,
    podSecurity,
    ...(quota ? { quota: { name: quota.metadata.name, hard: stringMap((quota['spec'] as { hard?: unknown } | undefined)?.hard) } } : {}),
    ...(limitRange
      ? { limitRange: { name: limitRange.metadata.name, default: stringMap(container?.['default']), defaultRequest: stringMap(container?.['defaultRequest']), max: stringMap(container?.['max']) } }
      : {}),
    ...(queue ? { localQueue: { name: queue.metadata.name, clusterQueue: String((queue['spec'] as { clusterQueue?: string } | undefined)?.clusterQueue ?? '') } } : {}),
    members: members(existing.roleBindings, name),
  };
}
