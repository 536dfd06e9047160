/**
 * Resources keyed by group/version/resource, never by a free kind string,
 * and the pure function that builds their API paths.
 */

export interface GroupVersionResource {
  /** '' for the core group. */
  group: string;
  version: string;
  /** Plural resource name as served by discovery, e.g. `pods`. */
  resource: string;
  namespaced: boolean;
  kind: string;
}

export const PODS: GroupVersionResource = { group: '', version: 'v1', resource: 'pods', namespaced: true, kind: 'Pod' };
export const NODES: GroupVersionResource = { group: '', version: 'v1', resource: 'nodes', namespaced: false, kind: 'Node' };
export const NAMESPACES: GroupVersionResource = { group: '', version: 'v1', resource: 'namespaces', namespaced: false, kind: 'Namespace' };
export const EVENTS: GroupVersionResource = { group: '', version: 'v1', resource: 'events', namespaced: true, kind: 'Event' };
export const RESOURCE_QUOTAS: GroupVersionResource = { group: '', version: 'v1', resource: 'resourcequotas', namespaced: true, kind: 'ResourceQuota' };

/** `group/version/resource`, the registry key of a GVR. */
export function gvrKey(gvr: Pick<GroupVersionResource, 'group' | 'version' | 'resource'>): string {
  return `${gvr.group || 'core'}/${gvr.version}/${gvr.resource}`;
}

/**
 * Builds the collection path of a resource, optionally inside one namespace.
 * Cluster-scoped resources ignore `namespace`.
 */
export function collectionPath(gvr: GroupVersionResource, namespace?: string): string {
  const prefix = gvr.group === '' ? `/api/${gvr.version}` : `/apis/${gvr.group}/${gvr.version}`;
  if (gvr.namespaced && namespace) {
    return `${prefix}/namespaces/${encodeURIComponent(namespace)}/${gvr.resource}`;
  }
  return `${prefix}/${gvr.resource}`;
}

/** Builds the path of one object, or of its subresource. */
export function objectPath(gvr: GroupVersionResource, name: string, namespace?: string, subresource?: string): string {
  const base = `${collectionPath(gvr, namespace)}/${encodeURIComponent(name)}`;
  return subresource ? `${base}/${subresource}` : base;
}
