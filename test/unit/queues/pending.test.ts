import { describe, expect, it } from 'vitest';
import { explainPending, resourceQuotaReasons, schedulingReasons, type PendingInput } from '../../../shared/queues/pending';
import { quotaEntries, type ClusterQueueLike } from '../../../shared/queues/quota';
import type { WorkloadLike } from '../../../shared/queues/workloads';
import { parseQuantity, ZERO } from '../../../shared/resources/quantity';

describe('schedulingReasons', () => {
  const cases: Array<{ name: string; message: string; codes: string[]; params?: Record<string, unknown> }> = [
    { name: 'insufficient GPUs', message: '0/4 nodes are available: 4 Insufficient nvidia.com/gpu. preemption: 0/4 nodes are available: 4 No preemption victims found for incoming pod.', codes: ['insufficientResource'], params: { resource: 'nvidia.com/gpu', nodes: 4, total: 4 } },
    { name: 'taint and selector', message: "0/3 nodes are available: 1 node(s) had untolerated taint {nvidia.com/gpu: present}, 2 node(s) didn't match Pod's node affinity/selector.", codes: ['untoleratedTaint', 'nodeSelectorMismatch'] },
    { name: 'unknown wording', message: 'pod has unbound immediate PersistentVolumeClaims', codes: ['unschedulable'] },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => {
      const reasons = schedulingReasons(testCase.message);
      expect(reasons.map((reason) => reason.code)).toEqual(testCase.codes);
      if (testCase.params) expect(reasons[0]?.params).toEqual(testCase.params);
    });
  }

  it('reads the taint', () => {
    const [reason] = schedulingReasons('0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: training}.');
    expect(reason?.params['taint']).toBe('{dedicated: training}');
  });
});

describe('resourceQuotaReasons', () => {
  const quota = { metadata: { name: 'gpu-quota' }, status: { hard: { 'requests.nvidia.com/gpu': '4' }, used: { 'requests.nvidia.com/gpu': '3' } } };

  it('flags a request over the quota', () => {
    const reasons = resourceQuotaReasons(new Map([['nvidia.com/gpu', parseQuantity('2')]]), [quota]);
    expect(reasons).toEqual([{ code: 'resourceQuotaExceeded', params: { quota: 'gpu-quota', resource: 'requests.nvidia.com/gpu', hard: '4', used: '3', requested: '2' } }]);
  });

  it('passes a request that fits', () => {
    expect(resourceQuotaReasons(new Map([['nvidia.com/gpu', parseQuantity('1')]]), [quota])).toEqual([]);
  });
});

const clusterQueue: ClusterQueueLike = {
  metadata: { name: 'cq' },
  spec: { resourceGroups: [{ coveredResources: ['nvidia.com/gpu'], flavors: [{ name: 'h100', resources: [{ name: 'nvidia.com/gpu', nominalQuota: '4' }] }] }] },
};

function pendingWorkload(gpus: string, resource = 'nvidia.com/gpu'): WorkloadLike {
  return {
    metadata: { name: 'job-a-1', namespace: 'team-a' },
    spec: { queueName: 'training', podSets: [{ name: 'main', count: 2, template: { spec: { containers: [{ resources: { requests: { [resource]: gpus } } }] } } }] },
    status: { conditions: [{ type: 'QuotaReserved', status: 'False', reason: 'Pending', message: "couldn't assign flavors to pod set main: insufficient unused quota" }] },
  };
}

/** Builds a pending input with changes. Keys listed in `drop` are removed, as for a job that names no queue. */
function input(overrides: Partial<PendingInput>, drop: Array<'queueName' | 'clusterQueue'> = []): PendingInput {
  const value: PendingInput = {
    jobSuspended: true,
    kueue: true,
    queueName: 'training',
    localQueueExists: true,
    clusterQueue: { name: 'cq', exists: true, active: true },
    quotaEntries: quotaEntries(clusterQueue),
    usedOf: () => parseQuantity('3'),
    events: [],
    jobRequests: new Map(),
    resourceQuotas: [],
    ...overrides,
  };
  for (const key of drop) delete value[key];
  return value;
}

describe('explainPending', () => {
  it('states the quota arithmetic', () => {
    const reasons = explainPending(input({ workload: pendingWorkload('1') }));
    expect(reasons[0]).toEqual({
      code: 'insufficientQuota',
      params: { resource: 'nvidia.com/gpu', flavor: 'h100', clusterQueue: 'cq', requested: '2', nominal: '4', borrowable: '0', used: '3', lentOut: '0', available: '1', missing: '1' },
    });
  });

  it('reports a resource the queue has no quota for', () => {
    const reasons = explainPending(input({ workload: pendingWorkload('1', 'huawei.com/Ascend910') }));
    expect(reasons[0]?.code).toBe('noQuotaForResource');
    expect(reasons[0]?.params['resource']).toBe('huawei.com/Ascend910');
  });

  it('reports the workloads ahead', () => {
    const reasons = explainPending(input({ workload: pendingWorkload('1'), usedOf: () => ZERO, position: { inClusterQueue: 3, source: 'computed' } }));
    expect(reasons).toEqual([{ code: 'behindOthers', params: { ahead: 2, source: 'computed' } }]);
  });

  it('reports a missing LocalQueue', () => {
    expect(explainPending(input({ localQueueExists: false }))[0]).toEqual({ code: 'queueNotFound', params: { queue: 'training' } });
  });

  it('reports a job suspended outside Kueue', () => {
    expect(explainPending(input({ kueue: false }, ['queueName', 'clusterQueue'])).map((reason) => reason.code)).toEqual(['jobSuspended']);
  });

  it('combines the scheduler and the namespace quota', () => {
    const reasons = explainPending(
      input({
        jobSuspended: false,
        events: [{ reason: 'FailedScheduling', message: '0/4 nodes are available: 4 Insufficient nvidia.com/gpu.', involvedObject: { kind: 'Pod', name: 'p-0' } }],
        jobRequests: new Map([['nvidia.com/gpu', parseQuantity('16')]]),
        resourceQuotas: [{ metadata: { name: 'q' }, status: { hard: { 'requests.nvidia.com/gpu': '8' }, used: {} } }],
      }, ['queueName', 'clusterQueue']),
    );
    expect(reasons.map((reason) => reason.code)).toEqual(['insufficientResource', 'resourceQuotaExceeded']);
  });

  it('falls back to Kueue message', () => {
    const reasons = explainPending(input({ workload: pendingWorkload('1'), usedOf: () => ZERO }));
    expect(reasons).toEqual([{ code: 'kueueMessage', params: {}, detail: "couldn't assign flavors to pod set main: insufficient unused quota" }]);
  });
});
