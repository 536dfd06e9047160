import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/k8s/object';
import type { TenantPlan } from '../../../shared/models/tenants';
import { planFromExisting } from '../../../shared/tenants/existing-plan';
import { bindingName, kubectlTarget, tenantObjects } from '../../../shared/tenants/plan';
import { combinedYaml } from '../../../main/tenants/yaml';
import type { BindingObject } from '../../../shared/tenants/rbac';

const plan: TenantPlan = {
  tenant: 'vision',
  namespace: 'team-vision',
  labels: { cost: 'cv-01' },
  podSecurity: { enforce: 'baseline', warn: 'restricted' },
  quota: { name: 'tenant-quota', hard: { 'requests.nvidia.com/gpu': '8', 'requests.cpu': '64' } },
  limitRange: { name: 'tenant-limits', default: { cpu: '2' }, defaultRequest: { cpu: '500m' }, max: {} },
  localQueue: { name: 'default', clusterQueue: 'gpu' },
  members: [
    { kind: 'User', name: 'carol', roleKind: 'ClusterRole', role: 'admin' },
    { kind: 'Group', name: 'cv-team', roleKind: 'ClusterRole', role: 'edit' },
    { kind: 'User', name: 'dave', roleKind: 'ClusterRole', role: 'edit' },
    { kind: 'ServiceAccount', name: 'pipeline', roleKind: 'Role', role: 'Runner:CI' },
  ],
};

describe('tenantObjects', () => {
  const objects = tenantObjects(plan, 'v1beta2');

  it('lists the objects in apply order', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/team-vision', 'ResourceQuota/tenant-quota', 'LimitRange/tenant-limits', 'LocalQueue/default',
      'RoleBinding/drun-members-admin', 'RoleBinding/drun-members-edit', 'RoleBinding/drun-members-role-runner-ci',
    ]);
  });

  it('labels the namespace with the tenant and Pod Security levels pinned to latest', () => {
    expect(objects[0]!.metadata.labels).toEqual({
      cost: 'cv-01',
      'd.run/tenant': 'vision',
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'latest',
    });
  });

  it('groups members by role', () => {
    expect(objects[5]).toMatchObject({ roleRef: { kind: 'ClusterRole', name: 'edit' }, subjects: [{ kind: 'Group', name: 'cv-team' }, { kind: 'User', name: 'dave' }] });
    expect(objects[6]).toMatchObject({ roleRef: { kind: 'Role', name: 'Runner:CI' }, subjects: [{ kind: 'ServiceAccount', name: 'pipeline', namespace: 'team-vision' }] });
  });

  it('leaves the LocalQueue out when Kueue is not served', () => {
    expect(tenantObjects(plan).some((o) => o.kind === 'LocalQueue')).toBe(false);
  });

  it('writes YAML that reads back to the same objects', () => {
    const docs = combinedYaml(objects).split(/^---$/m).map((doc) => parse(doc) as KubeObject);
    expect(docs).toEqual(objects);
  });

  it('names kubectl targets with their group', () => {
    expect(kubectlTarget({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', name: 'b', namespace: 'n' })).toBe('rolebinding.rbac.authorization.k8s.io/b -n n');
    expect(kubectlTarget({ apiVersion: 'v1', kind: 'Namespace', name: 'n' })).toBe('namespace/n');
    expect(bindingName('ClusterRole', 'system:aggregate-to-edit')).toBe('drun-members-system-aggregate-to-edit');
  });
});

describe('planFromExisting', () => {
  it('reads back the plan it came from', () => {
    const objects = tenantObjects(plan, 'v1beta2');
    const [namespace, quota, limitRange, queue, ...bindings] = objects as [KubeObject, KubeObject, KubeObject, KubeObject, ...BindingObject[]];
    const foreign: BindingObject = {
      metadata: { name: 'hand-made', namespace: 'team-vision' },
      roleRef: { kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'User', name: 'someone' }],
    };
    const back = planFromExisting({ namespace, quotas: [quota], limitRanges: [limitRange], localQueues: [queue], roleBindings: [...bindings, foreign] });
    expect(back).toEqual({ ...plan, limitRange: { ...plan.limitRange, max: {} } });
  });
});
