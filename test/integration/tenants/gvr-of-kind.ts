import type { GroupVersionResource } from '../../../shared/k8s/gvr';
import { LIMIT_RANGES, NAMESPACES, RESOURCE_QUOTAS, ROLE_BINDINGS } from '../../../shared/k8s/tenants-gvr';

/** Returns the GVR of a kind the tenant plan writes (LocalQueues are left out because the test profile may not serve Kueue). */
export function gvrOfKind(kind: string): GroupVersionResource {
  const map: Record<string, GroupVersionResource> = { Namespace: NAMESPACES, ResourceQuota: RESOURCE_QUOTAS, LimitRange: LIMIT_RANGES, RoleBinding: ROLE_BINDINGS };
  const gvr = map[kind];
  if (!gvr) throw new Error(`no GVR for ${kind}`);
  return gvr;
}
