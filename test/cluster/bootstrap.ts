import { tenantNamespace, users } from './users';

/**
 * Objects every profile gets: the tenant namespace team-a and the RBAC that
 * gives the kubeconfig users their rights.
 *
 * - alice (group drun:tenant-team-a): ClusterRole `edit` bound in team-a only.
 * - bob (group drun:cluster-viewers): ClusterRole `view` cluster-wide (no
 *   Secrets) plus `drun:cluster-reader` for the cluster-scoped kinds that
 *   `view` leaves out, such as nodes and namespaces.
 */
export function baseObjects(): object[] {
  const bobGroup = users.bob.groups[0];
  const aliceGroup = users.alice.groups[0];

  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: tenantNamespace, labels: { 'd.run/tenant': tenantNamespace } },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'tenant-editors', namespace: tenantNamespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: aliceGroup }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'drun:cluster-reader' },
      rules: [
        { apiGroups: [''], resources: ['nodes', 'namespaces', 'persistentvolumes', 'componentstatuses'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['storage.k8s.io'], resources: ['storageclasses', 'csidrivers', 'csinodes', 'volumeattachments'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['scheduling.k8s.io'], resources: ['priorityclasses'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['node.k8s.io'], resources: ['runtimeclasses'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['networking.k8s.io'], resources: ['ingressclasses'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['resource.k8s.io'], resources: ['deviceclasses', 'resourceslices'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles', 'clusterrolebindings'], verbs: ['get', 'list', 'watch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'drun:cluster-viewers-view' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: bobGroup }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'drun:cluster-viewers-reader' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'drun:cluster-reader' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: bobGroup }],
    },
  ];
}
