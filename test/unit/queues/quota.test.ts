import { describe, expect, it } from 'vitest';
import { clusterQueueRows, type ClusterQueueLike } from '../../../shared/queues/quota';
import type { WorkloadLike } from '../../../shared/queues/workloads';

function queue(name: string, cohort: string | undefined, nominal: string, limits: { borrowingLimit?: string; lendingLimit?: string } = {}, v1beta1 = false): ClusterQueueLike {
  return {
    metadata: { name },
    spec: {
      ...(cohort ? (v1beta1 ? { cohort } : { cohortName: cohort }) : {}),
      resourceGroups: [{ coveredResources: ['nvidia.com/gpu'], flavors: [{ name: 'h100', resources: [{ name: 'nvidia.com/gpu', nominalQuota: nominal, ...limits }] }] }],
    },
  };
}

function admitted(name: string, clusterQueue: string, gpus: string, conditions = ['QuotaReserved', 'Admitted']): WorkloadLike {
  return {
    metadata: { name, namespace: 'team-a' },
    spec: { queueName: 'training', podSets: [{ name: 'main', count: 1 }] },
    status: {
      conditions: conditions.map((type) => ({ type, status: 'True' })),
      admission: { clusterQueue, podSetAssignments: [{ name: 'main', count: 1, flavors: { 'nvidia.com/gpu': 'h100' }, resourceUsage: { 'nvidia.com/gpu': gpus } }] },
    },
  };
}

function cell(rows: ReturnType<typeof clusterQueueRows>, name: string) {
  const found = rows.find((row) => row.name === name)?.quotas[0];
  if (!found) throw new Error(`no quota cell for ${name}`);
  return found;
}

describe('clusterQueueRows', () => {
  it('queue without cohort', () => {
    const rows = clusterQueueRows([queue('a', undefined, '8')], [admitted('w1', 'a', '3')]);
    expect(cell(rows, 'a')).toMatchObject({ nominal: '8', used: '3', reserved: '3', borrowable: '0', lentOut: '0', available: '5' });
  });

  it('borrows the free quota of the cohort', () => {
    const rows = clusterQueueRows([queue('a', 'pool', '8'), queue('b', 'pool', '4')], [admitted('w1', 'a', '8')]);
    expect(cell(rows, 'a')).toMatchObject({ used: '8', borrowable: '4', available: '4' });
    expect(cell(rows, 'b')).toMatchObject({ used: '0', available: '4' });
  });

  it('caps borrowing at the borrowing limit', () => {
    const rows = clusterQueueRows([queue('a', 'pool', '8', { borrowingLimit: '2' }), queue('b', 'pool', '4')], [admitted('w1', 'a', '8')]);
    expect(cell(rows, 'a')).toMatchObject({ borrowingLimit: '2', borrowable: '2', available: '2' });
  });

  it('keeps the part above the lending limit', () => {
    // b lends at most 1 of its 4; a may take only that one.
    const rows = clusterQueueRows([queue('a', 'pool', '8'), queue('b', 'pool', '4', { lendingLimit: '1' })], [admitted('w1', 'a', '8')]);
    expect(cell(rows, 'a')).toMatchObject({ borrowable: '1', available: '1' });
    expect(cell(rows, 'b')).toMatchObject({ available: '4' });
  });

  it('shows quota lent to a borrowing neighbour', () => {
    // a uses 10 of its 8, so 2 of b's 4 are lent out; b can still get 2.
    const rows = clusterQueueRows([queue('a', 'pool', '8'), queue('b', 'pool', '4')], [admitted('w1', 'a', '10')]);
    expect(cell(rows, 'b')).toMatchObject({ used: '0', lentOut: '2', available: '2' });
    expect(cell(rows, 'a')).toMatchObject({ used: '10', borrowable: '4', available: '2' });
  });

  it('counts reservations apart from usage', () => {
    const rows = clusterQueueRows([queue('a', undefined, '8')], [admitted('w1', 'a', '2'), admitted('w2', 'a', '3', ['QuotaReserved'])]);
    expect(cell(rows, 'a')).toMatchObject({ used: '2', reserved: '5' });
  });

  it('over-used queue without cohort', () => {
    // The quota was lowered below what is already admitted.
    const rows = clusterQueueRows([queue('a', undefined, '2')], [admitted('w1', 'a', '3')]);
    expect(cell(rows, 'a')).toMatchObject({ used: '3', borrowable: '0', lentOut: '0', available: '0' });
  });

  it('ignores finished workloads', () => {
    const rows = clusterQueueRows([queue('a', undefined, '8')], [admitted('w1', 'a', '2', ['QuotaReserved', 'Admitted', 'Finished'])]);
    expect(cell(rows, 'a')).toMatchObject({ used: '0', available: '8' });
  });

  it('reads the v1beta1 cohort field', () => {
    const rows = clusterQueueRows([queue('a', 'pool', '8', {}, true)], []);
    expect(rows[0]?.cohort).toBe('pool');
  });

  it('sums exact fractional quantities', () => {
    const cpu: ClusterQueueLike = { metadata: { name: 'c' }, spec: { resourceGroups: [{ flavors: [{ name: 'cpu', resources: [{ name: 'cpu', nominalQuota: '1' }] }] }] } };
    const tenth = (name: string): WorkloadLike => ({
      metadata: { name, namespace: 'n' },
      spec: { podSets: [{ name: 'main', count: 1 }] },
      status: { conditions: [{ type: 'Admitted', status: 'True' }], admission: { clusterQueue: 'c', podSetAssignments: [{ name: 'main', flavors: { cpu: 'cpu' }, resourceUsage: { cpu: '100m' } }] } },
    });
    const rows = clusterQueueRows([cpu], Array.from({ length: 10 }, (_, index) => tenth(`w${index}`)));
    expect(rows[0]?.quotas[0]).toMatchObject({ used: '1', available: '0' });
  });

  it('names the field of an invalid quota', () => {
    expect(() => clusterQueueRows([queue('a', undefined, 'eight')], [])).toThrow(/nominalQuota/);
  });
});
