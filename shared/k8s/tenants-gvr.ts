/** Resources the Tenants views read and write, keyed by group/version/resource. */
import type { GroupVersionResource } from './gvr';

export { NAMESPACES, RESOURCE_QUOTAS } from './gvr';

export const LIMIT_RANGES: GroupVersionResource = { group: '', version: 'v1', resource: 'limitranges', namespaced: true, kind: 'LimitRange' };
export const SERVICE_ACCOUNTS: GroupVersionResource = { group: '', version: 'v1', resource: 'serviceaccounts', namespaced: true, kind: 'ServiceAccount' };

const RBAC = 'rbac.authorization.k8s.io';
export const ROLES: GroupVersionResource = { group: RBAC, version: 'v1', resource: 'roles', namespaced: true, kind: 'Role' };
export const CLUSTER_ROLES: GroupVersionResource = { group: RBAC, version: 'v1', resource: 'clusterroles', namespaced: false, kind: 'ClusterRole' };
export const ROLE_BINDINGS: GroupVersionResource = { group: RBAC, version: 'v1', resource: 'rolebindings', namespaced: true, kind: 'RoleBinding' };
export const CLUSTER_ROLE_BINDINGS: GroupVersionResource = { group: RBAC, version: 'v1', resource: 'clusterrolebindings', namespaced: false, kind: 'ClusterRoleBinding' };

/** Kueue's queues in one served version; v1beta2 is read first, v1beta1 is the fallback. */
export function localQueues(version: string): GroupVersionResource {
  return { group: 'kueue.x-k8s.io', version, resource: 'localqueues', namespaced: true, kind: 'LocalQueue' };
}

export function clusterQueues(version: string): GroupVersionResource {
  return { group: 'kueue.x-k8s.io', version, resource: 'clusterqueues', namespaced: false, kind: 'ClusterQueue' };
}

/** The Kueue version to use among those discovery reports, or undefined when Kueue is not served. */
export function preferredKueueVersion(served: readonly string[] | undefined): string | undefined {
  if (!served || served.length === 0) {
    return undefined;
  }
  return ['v1beta2', 'v1beta1'].find((version) => served.includes(version)) ?? served[0];
}
