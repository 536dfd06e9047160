import { describe, expect, it } from 'vitest';
import type { TenantPlan } from '../../../shared/models/tenants';
import { referenceIssues, validateTenantPlan, type ReferenceLookup } from '../../../shared/tenants/validation';

const base: TenantPlan = {
  tenant: 'vision',
  namespace: 'team-vision',
  labels: { cost: 'cv-01' },
  podSecurity: { enforce: 'baseline', warn: 'restricted' },
  quota: { name: 'tenant-quota', hard: { 'requests.nvidia.com/gpu': '8', 'requests.huawei.com/Ascend910': '4', 'requests.cpu': '64', 'limits.memory': '512Gi', pods: '100', 'count/pytorchjobs.kubeflow.org': '10' } },
  limitRange: { name: 'tenant-limits', default: { cpu: '2', memory: '4Gi' }, defaultRequest: { cpu: '500m', memory: '1Gi' }, max: { cpu: '64' } },
  localQueue: { name: 'default', clusterQueue: 'gpu-cluster-queue' },
  members: [
    { kind: 'User', name: 'carol@example.com', roleKind: 'ClusterRole', role: 'admin' },
    { kind: 'Group', name: 'cv-team', roleKind: 'ClusterRole', role: 'edit' },
    { kind: 'ServiceAccount', name: 'pipeline', roleKind: 'Role', role: 'runner' },
  ],
};

const cases: { name: string; plan: Partial<TenantPlan>; fields: string[] }[] = [
  { name: 'a sound plan', plan: {}, fields: [] },
  { name: 'upper-case namespace', plan: { namespace: 'Team-Vision' }, fields: ['namespace'] },
  { name: 'namespace of 64 characters', plan: { namespace: 'a'.repeat(64) }, fields: ['namespace'] },
  { name: 'empty tenant', plan: { tenant: '' }, fields: ['tenant'] },
  { name: 'tenant with a space', plan: { tenant: 'cv team' }, fields: ['tenant'] },
  { name: 'reserved label', plan: { labels: { 'd.run/tenant': 'x' } }, fields: ['labels["d.run/tenant"]'] },
  { name: 'Pod Security label as a free label', plan: { labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } }, fields: ['labels["pod-security.kubernetes.io/enforce"]'] },
  { name: 'bad label value', plan: { labels: { team: 'a b' } }, fields: ['labels["team"]'] },
  { name: 'unknown Pod Security level', plan: { podSecurity: { enforce: 'strict' as never } }, fields: ['podSecurity.enforce'] },
  { name: 'unparsable quota', plan: { quota: { name: 'q', hard: { 'requests.nvidia.com/gpu': 'eight' } } }, fields: ['quota.hard["requests.nvidia.com/gpu"]'] },
  { name: 'quantity with a space', plan: { quota: { name: 'q', hard: { 'requests.cpu': '4 ' } } }, fields: ['quota.hard["requests.cpu"]'] },
  { name: 'negative quota', plan: { quota: { name: 'q', hard: { pods: '-1' } } }, fields: ['quota.hard["pods"]'] },
  { name: 'GPU without the requests prefix', plan: { quota: { name: 'q', hard: { 'nvidia.com/gpu': '4' } } }, fields: ['quota.hard["nvidia.com/gpu"]'] },
  { name: 'GPU as a limit', plan: { quota: { name: 'q', hard: { 'limits.nvidia.com/gpu': '4' } } }, fields: ['quota.hard["limits.nvidia.com/gpu"]'] },
  { name: 'unknown standard key', plan: { quota: { name: 'q', hard: { gpus: '4' } } }, fields: ['quota.hard["gpus"]'] },
  { name: 'empty count key', plan: { quota: { name: 'q', hard: { 'count/': '4' } } }, fields: ['quota.hard["count/"]'] },
  { name: 'empty quota', plan: { quota: { name: 'q', hard: {} } }, fields: ['quota.hard'] },
  { name: 'default request above default', plan: { limitRange: { name: 'l', default: { cpu: '1' }, defaultRequest: { cpu: '2' }, max: {} } }, fields: ['limitRange.defaultRequest["cpu"]'] },
  { name: 'default above max', plan: { limitRange: { name: 'l', default: { memory: '8Gi' }, defaultRequest: {}, max: { memory: '4Gi' } } }, fields: ['limitRange.default["memory"]'] },
  { name: 'bad LocalQueue name', plan: { localQueue: { name: 'Default', clusterQueue: 'cq' } }, fields: ['localQueue.name'] },
  { name: 'role with a slash', plan: { members: [{ kind: 'User', name: 'x', roleKind: 'ClusterRole', role: 'a/b' }] }, fields: ['members[0].role'] },
  { name: 'ServiceAccount with capitals', plan: { members: [{ kind: 'ServiceAccount', name: 'Pipeline', roleKind: 'ClusterRole', role: 'edit' }] }, fields: ['members[0].name'] },
  { name: 'blank member', plan: { members: [{ kind: 'User', name: ' ', roleKind: 'ClusterRole', role: 'edit' }] }, fields: ['members[0].name'] },
  {
    name: 'member listed twice',
    plan: { members: [{ kind: 'User', name: 'x', roleKind: 'ClusterRole', role: 'edit' }, { kind: 'User', name: 'x', roleKind: 'ClusterRole', role: 'edit' }] },
    fields: ['members[1]'],
  },
];

describe('validateTenantPlan', () => {
  it.each(cases)('$name', ({ plan, fields }) => {
    const issues = validateTenantPlan({ ...base, ...plan });
    expect(issues.map((issue) => issue.field)).toEqual(fields);
  });

  it('names the value and the fix in the message', () => {
    const [issue] = validateTenantPlan({ ...base, quota: { name: 'q', hard: { 'requests.nvidia.com/gpu': 'eight' } } });
    expect(issue).toEqual({
      field: 'quota.hard["requests.nvidia.com/gpu"]',
      value: 'eight',
      message: expect.stringMatching(/"eight".*not a Kubernetes quantity.*for example/),
      code: 'quantity',
      params: { field: 'quota.hard["requests.nvidia.com/gpu"]', value: 'eight' },
    });
    const [name] = validateTenantPlan({ ...base, namespace: 'Team_X' });
    expect(name).toMatchObject({ code: 'name', params: { what: 'namespace', value: 'Team_X', rule: 'dns-label' } });
    const [prefix] = validateTenantPlan({ ...base, quota: { name: 'q', hard: { 'nvidia.com/gpu': '4' } } });
    expect(prefix!.message).toContain('write "requests.nvidia.com/gpu"');
  });
});

describe('referenceIssues', () => {
  const lookup = (missing: string[]): ReferenceLookup => ({
    role: (kind, name) => (missing.includes(`${kind}/${name}`) ? 'missing' : 'exists'),
    clusterQueue: (name) => (missing.includes(`ClusterQueue/${name}`) ? 'missing' : 'exists'),
    suggestions: (kind) => (kind === 'ClusterRole' ? ['admin', 'edit', 'view'] : kind === 'ClusterQueue' ? ['gpu-a100'] : []),
  });

  it('passes when every reference exists', () => {
    expect(referenceIssues(base, lookup([]))).toEqual([]);
  });

  it('names the missing ClusterRole with the ones that exist', () => {
    expect(referenceIssues(base, lookup(['ClusterRole/edit']))).toEqual([{
      field: 'members[1].role',
      value: 'edit',
      message: 'ClusterRole "edit" does not exist; pick an existing ClusterRole (existing: admin, edit, view) or create it first.',
      code: 'role-missing',
      params: { roleKind: 'ClusterRole', role: 'edit', namespace: '', existing: 'admin, edit, view' },
    }]);
  });

  it('names a missing Role in the tenant namespace', () => {
    expect(referenceIssues(base, lookup(['Role/runner']))[0]!.message).toContain('in namespace team-vision');
  });

  it('names a missing ClusterQueue', () => {
    expect(referenceIssues(base, lookup(['ClusterQueue/gpu-cluster-queue']))).toEqual([
      expect.objectContaining({ field: 'localQueue.clusterQueue', value: 'gpu-cluster-queue', message: expect.stringContaining('gpu-a100') }),
    ]);
  });

  it('does not guess when the role could not be read', () => {
    expect(referenceIssues(base, { ...lookup([]), role: () => 'unknown' })).toEqual([]);
  });
});
