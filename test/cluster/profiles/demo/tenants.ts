/**
 * The demo's three tenants: namespaces labelled as tenants, with Pod
 * Security labels, GPU quotas, default container limits and members.
 * team-a is the namespace every profile gets; the launcher already binds the
 * `alice` kubeconfig user to `edit` there, so the demo only adds to it.
 */

import { TENANT_LABEL } from '../../../../shared/tenants/labels';

/** Namespace label that marks a tenant, the key the app writes. */
export const tenantLabel = TENANT_LABEL;

export interface Tenant {
  namespace: string;
  displayName: string;
  /** ResourceQuota `hard` entries. */
  quota: Record<string, string>;
  /** Users by ClusterRole (admin, edit, view). The kubeconfig users alice and bob are bound by the launcher. */
  members: Record<'admin' | 'edit' | 'view', string[]>;
}

export const demoTenants: Tenant[] = [
  {
    namespace: 'team-a',
    displayName: 'LLM research',
    quota: {
      'requests.cpu': '512',
      'requests.memory': '4Ti',
      'limits.memory': '4Ti',
      'requests.nvidia.com/gpu': '32',
      pods: '100',
    },
    members: { admin: ['carol'], edit: [], view: ['dave'] },
  },
  {
    namespace: 'team-b',
    displayName: 'Computer vision',
    quota: {
      'requests.cpu': '384',
      'requests.memory': '3Ti',
      'limits.memory': '3Ti',
      'requests.nvidia.com/gpu': '16',
      'requests.nvidia.com/gpumem': '65536',
      'requests.nvidia.com/mig-1g.10gb': '7',
      'requests.nvidia.com/mig-3g.40gb': '2',
      'requests.huawei.com/Ascend910': '8',
      'requests.cambricon.com/mlu': '4',
      pods: '100',
    },
    members: { admin: ['erin'], edit: ['frank'], view: [] },
  },
  {
    namespace: 'team-c',
    displayName: 'Model serving',
    quota: {
      'requests.cpu': '256',
      'requests.memory': '2Ti',
      'limits.memory': '2Ti',
      'requests.nvidia.com/gpu': '8',
      'requests.nvidia.com/gpu.shared': '8',
      'requests.metax-tech.com/gpu': '2',
      'requests.hygon.com/dcunum': '2',
      pods: '100',
      'services.loadbalancers': '2',
    },
    members: { admin: ['grace'], edit: ['heidi', 'ivan'], view: [] },
  },
];

export function tenantObjects(tenant: Tenant): object[] {
  const { namespace } = tenant;
  const objects: object[] = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: namespace,
        labels: {
          [tenantLabel]: namespace,
          'pod-security.kubernetes.io/enforce': 'baseline',
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/audit-version': 'latest',
          'pod-security.kubernetes.io/warn': 'restricted',
          'pod-security.kubernetes.io/warn-version': 'latest',
        },
        annotations: { 'd.run/display-name': tenant.displayName },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'tenant-quota', namespace },
      spec: { hard: tenant.quota },
    },
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'container-defaults', namespace },
      spec: {
        limits: [
          {
            type: 'Container',
            default: { cpu: '2', memory: '4Gi' },
            defaultRequest: { cpu: '500m', memory: '1Gi' },
            max: { cpu: '128', memory: '1Ti' },
          },
        ],
      },
    },
  ];

  for (const [role, users] of Object.entries(tenant.members)) {
    if (users.length === 0) continue;
    objects.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: `members-${role}`, namespace, labels: { [tenantLabel]: namespace } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      subjects: users.map((name) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name })),
    });
  }
  return objects;
}
