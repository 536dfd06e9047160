/**
 * Turns a tenant plan into the objects that make the tenant, in the order
 * they are applied: Namespace, ResourceQuota, LimitRange, LocalQueue, then
 * one RoleBinding per role. Every object carries the tenant label and our
 * managed-by label, so a later edit finds what this app wrote.
 */
import type { KubeObject } from '../k8s/object';
import type { PlannedObjectRef, TenantMemberPlan, TenantPlan } from '../models/tenants';
import { FIELD_MANAGER, MANAGED_BY_LABEL, POD_SECURITY_MODES, podSecurityLabel, podSecurityVersionLabel, TENANT_LABEL } from './labels';
import { toNameFragment } from './names';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Labels on every object the app writes for a tenant. */
export function ownLabels(tenant: string): Record<string, string> {
  return { [TENANT_LABEL]: tenant, [MANAGED_BY_LABEL]: FIELD_MANAGER };
}

/** Derives the RoleBinding name for members of one role. It is stable, so an edit updates the same binding. */
export function bindingName(roleKind: 'Role' | 'ClusterRole', role: string): string {
  return roleKind === 'ClusterRole' ? `drun-members-${toNameFragment(role)}` : `drun-members-role-${toNameFragment(role)}`;
}

function namespaceObject(plan: TenantPlan): KubeObject {
  const labels: Record<string, string> = { ...plan.labels, [TENANT_LABEL]: plan.tenant };
  for (const mode of POD_SECURITY_MODES) {
    const level = plan.podSecurity[mode];
    if (level) {
      labels[podSecurityLabel(mode)] = level;
      labels[podSecurityVersionLabel(mode)] = 'latest';
    }
  }
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: plan.namespace, labels } };
}

function subjectOf(member: TenantMemberPlan, namespace: string): Record<string, string> {
  if (member.kind === 'ServiceAccount') {
    return { kind: 'ServiceAccount', name: member.name, namespace: member.namespace ?? namespace };
  }
  return { apiGroup: RBAC_GROUP, kind: member.kind, name: member.name };
}

function roleBindings(plan: TenantPlan): KubeObject[] {
  const byRole = new Map<string, { roleKind: 'Role' | 'ClusterRole'; role: string; members: TenantMemberPlan[] }>();
  for (const member of plan.members) {
    const key = `${member.roleKind}/${member.role}`;
    const entry = byRole.get(key) ?? { roleKind: member.roleKind, role: member.role, members: [] };
    entry.members.push(member);
    byRole.set(key, entry);
  }
  return [...byRole.values()].map(({ roleKind, role, members }) => ({
    apiVersion: `${RBAC_GROUP}/v1`,
    kind: 'RoleBinding',
    metadata: { name: bindingName(roleKind, role), namespace: plan.namespace, labels: ownLabels(plan.tenant) },
    roleRef: { apiGroup: RBAC_GROUP, kind: roleKind, name: role },
    subjects: members.map((member) => subjectOf(member, plan.namespace)),
  }));
}

/**
 * Builds the objects of a tenant in apply order.
 *
 * @param kueueVersion served Kueue version for the LocalQueue; without it a planned LocalQueue is left out.
 */
export function tenantObjects(plan: TenantPlan, kueueVersion?: string): KubeObject[] {
  const { namespace } = plan;
  const objects: KubeObject[] = [namespaceObject(plan)];
  if (plan.quota) {
    objects.push({
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: plan.quota.name, namespace, labels: ownLabels(plan.tenant) },
      spec: { hard: { ...plan.quota.hard } },
    });
  }
  if (plan.limitRange) {
    const { default: limits, defaultRequest, max } = plan.limitRange;
    const item: Record<string, unknown> = { type: 'Container' };
    if (Object.keys(limits).length > 0) item['default'] = { ...limits };
    if (Object.keys(defaultRequest).length > 0) item['defaultRequest'] = { ...defaultRequest };
    if (Object.keys(max).length > 0) item['max'] = { ...max };
    objects.push({
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: plan.limitRange.name, namespace, labels: ownLabels(plan.tenant) },
      spec: { limits: [item] },
    });
  }
  if (plan.localQueue && kueueVersion) {
    objects.push({
      apiVersion: `kueue.x-k8s.io/${kueueVersion}`,
      kind: 'LocalQueue',
      metadata: { name: plan.localQueue.name, namespace, labels: ownLabels(plan.tenant) },
      spec: { clusterQueue: plan.localQueue.clusterQueue },
    });
  }
  objects.push(...roleBindings(plan));
  return objects;
}

export function refOf(object: KubeObject): PlannedObjectRef {
  return {
    apiVersion: object.apiVersion ?? 'v1',
    kind: object.kind ?? '',
    name: object.metadata.name,
    ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
  };
}

/** Formats the `kubectl` argument that names one object, for finish and rollback hints. */
export function kubectlTarget(ref: PlannedObjectRef): string {
  const group = ref.apiVersion.includes('/') ? ref.apiVersion.slice(0, ref.apiVersion.indexOf('/')) : '';
  const kind = group ? `${ref.kind.toLowerCase()}.${group}` : ref.kind.toLowerCase();
  return ref.namespace ? `${kind}/${ref.name} -n ${ref.namespace}` : `${kind}/${ref.name}`;
}
