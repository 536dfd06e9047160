import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/k8s/object';
import { groupTenants, localQueueView, namespaceView, quotaView } from '../../../shared/tenants/view';

const quota: KubeObject = {
  metadata: { name: 'tenant-quota', namespace: 'team-b' },
  spec: { hard: {} },
  status: {
    hard: { 'requests.cpu': '384', 'requests.memory': '3Ti', 'requests.nvidia.com/gpu': '16', 'requests.nvidia.com/mig-1g.10gb': '7', 'requests.huawei.com/Ascend910': '8', pods: '100' },
    used: { 'requests.cpu': '12500m', 'requests.memory': '96Gi', 'requests.nvidia.com/gpu': '3', pods: '5' },
  },
};

describe('quotaView', () => {
  it('keeps the server strings, computes exact ratios and puts accelerator keys first', () => {
    const view = quotaView(quota);
    expect(view.rows.map((r) => [r.resource, r.used, r.hard, r.accelerator ?? ''])).toEqual([
      ['requests.nvidia.com/gpu', '3', '16', 'NVIDIA'],
      ['requests.nvidia.com/mig-1g.10gb', '0', '7', 'NVIDIA'],
      ['requests.huawei.com/Ascend910', '0', '8', 'Huawei Ascend'],
      ['requests.cpu', '12500m', '384', ''],
      ['requests.memory', '96Gi', '3Ti', ''],
      ['pods', '5', '100', ''],
    ]);
    expect(view.rows[0]!.ratio).toBe(3 / 16);
    expect(view.rows[4]!.display).toBe('96 GiB / 3 TiB (3.1 %)');
    expect(view.pending).toBe(false);
  });

  it('marks a quota without status as pending', () => {
    expect(quotaView({ metadata: { name: 'new' }, spec: { hard: { pods: '1' } } })).toEqual({ name: 'new', rows: [], pending: true });
  });
});

describe('localQueueView', () => {
  const lq: KubeObject = { metadata: { name: 'default', namespace: 'team-a' }, spec: { clusterQueue: 'gpu' }, status: { pendingWorkloads: 2, admittedWorkloads: 1 } };
  const cq: KubeObject = {
    metadata: { name: 'gpu' },
    spec: { cohortName: 'research', resourceGroups: [{ coveredResources: ['nvidia.com/gpu'], flavors: [{ name: 'h100', resources: [{ name: 'nvidia.com/gpu', nominalQuota: 16, borrowingLimit: '8' }] }] }] },
    status: { flavorsUsage: [{ name: 'h100', resources: [{ name: 'nvidia.com/gpu', total: '6' }] }] },
  };

  it('joins the ClusterQueue with its quota and usage', () => {
    expect(localQueueView(lq, new Map([['gpu', cq]]))).toEqual({
      name: 'default', clusterQueue: 'gpu', pendingWorkloads: 2, admittedWorkloads: 1,
      clusterQueueDetail: { name: 'gpu', cohort: 'research', resources: [{ flavor: 'h100', resource: 'nvidia.com/gpu', nominalQuota: '16', borrowingLimit: '8', used: '6' }] },
    });
  });

  it('says whether the ClusterQueue is missing or unreadable', () => {
    expect(localQueueView(lq, new Map()).clusterQueueProblem).toBe('missing');
    expect(localQueueView(lq, undefined).clusterQueueProblem).toBe('forbidden');
  });
});

describe('groupTenants', () => {
  const ns = (name: string, labels: Record<string, string> = {}) => namespaceView({
    namespace: name, object: { metadata: { name, labels } }, quotas: [], limitRanges: [], localQueues: [], roleBindings: [], clusterRoleBindings: [], clusterQueues: undefined, notes: [],
  });

  it('groups namespaces by tenant label, reading the legacy label too', () => {
    const tenants = groupTenants([ns('cv-train', { 'd.run/tenant': 'cv' }), ns('cv-serve', { 'd.run/tenant': 'cv' }), ns('llm', { 'd.run/tenant': 'llm' }), ns('scratch')], false);
    expect(tenants.map((t) => [t.name, t.namespaces.map((n) => n.namespace)])).toEqual([['cv', ['cv-serve', 'cv-train']], ['llm', ['llm']]]);
  });

  it('keeps unlabelled namespaces when asked (a tenant user names them)', () => {
    expect(groupTenants([ns('scratch')], true)).toEqual([expect.objectContaining({ name: 'scratch', labelled: false })]);
  });

  it('reads Pod Security levels and versions', () => {
    expect(ns('x', { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.30', 'pod-security.kubernetes.io/audit': 'baseline' }).podSecurity)
      .toEqual({ enforce: { level: 'restricted', version: 'v1.30' }, audit: { level: 'baseline' } });
  });
});
