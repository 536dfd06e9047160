import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { decideJobState, decideWorkloadState, type ConditionLike } from '../../../shared/queues/conditions';
import { jobRow, type JobLike } from '../../../shared/queues/jobs';

const T0 = '2025-01-01T06:46:55Z';
const T1 = '2025-01-01T06:53:06Z';
const T2 = '2025-01-01T07:00:00Z';

const c = (type: string, status: string, at: string): ConditionLike => ({ type, status, lastTransitionTime: at });

describe('decideJobState', () => {
  const cases: Array<{ name: string; conditions: ConditionLike[]; expected: string | undefined }> = [
    { name: 'no conditions', conditions: [], expected: undefined },
    { name: 'created only', conditions: [c('Created', 'True', T0)], expected: 'Created' },
    { name: 'running after created', conditions: [c('Created', 'True', T0), c('Running', 'True', T1)], expected: 'Running' },
    { name: 'succeeded listed before running, same time', conditions: [c('Created', 'True', T0), c('Succeeded', 'True', T1), c('Running', 'True', T1)], expected: 'Succeeded' },
    { name: 'succeeded older than a true running', conditions: [c('Succeeded', 'True', T0), c('Running', 'True', T2)], expected: 'Succeeded' },
    { name: 'failed wins over running', conditions: [c('Running', 'True', T2), c('Failed', 'True', T1)], expected: 'Failed' },
    { name: 'later of succeeded and failed', conditions: [c('Failed', 'True', T0), c('Succeeded', 'True', T1)], expected: 'Succeeded' },
    { name: 'failed wins a tie with succeeded', conditions: [c('Succeeded', 'True', T1), c('Failed', 'True', T1)], expected: 'Failed' },
    { name: 'false succeeded is ignored', conditions: [c('Succeeded', 'False', T2), c('Running', 'True', T1)], expected: 'Running' },
    { name: 'suspended beats running', conditions: [c('Running', 'True', T2), c('Suspended', 'True', T1)], expected: 'Suspended' },
    { name: 'restarting newer than running', conditions: [c('Running', 'True', T1), c('Restarting', 'True', T2)], expected: 'Restarting' },
    { name: 'restarting wins a tie with running', conditions: [c('Running', 'True', T1), c('Restarting', 'True', T1)], expected: 'Restarting' },
    { name: 'batch Job complete', conditions: [c('SuccessCriteriaMet', 'True', T1), c('Complete', 'True', T1)], expected: 'Succeeded' },
    { name: 'unknown types only', conditions: [c('PodsReady', 'True', T1)], expected: undefined },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => {
      expect(decideJobState(testCase.conditions)?.state).toBe(testCase.expected);
    });
  }
});

describe('BR-27 fixture', () => {
  const list = parse(readFileSync(join(import.meta.dirname, 'fixtures/BR-27-training-job-conditions-order.yaml'), 'utf8')) as { items: JobLike[] };

  it('reads the MXJob as succeeded', () => {
    const mxjob = list.items[0]!;
    expect(decideJobState(mxjob.status?.conditions)?.state).toBe('Succeeded');
    expect(decideJobState(mxjob.status?.conditions)?.condition?.lastTransitionTime).toBe(T1);
  });

  it('shows the PyTorchJob as succeeded with its replica', () => {
    const row = jobRow('PyTorchJob', list.items[1]!, { queuedByKueue: false, pods: [] });
    expect(row.state).toBe('Succeeded');
    expect(row.completionTime).toBe(T1);
    expect(row.replicas).toEqual([{ type: 'Master', desired: 1, active: 0, succeeded: 1, failed: 0 }]);
    expect(row.accelerators).toEqual([{ resource: 'nvidia.com/gpu', amount: '8' }]);
  });

  it('keeps the decision when the list is reversed', () => {
    const reversed = [...(list.items[1]!.status?.conditions ?? [])].reverse();
    expect(decideJobState(reversed)?.state).toBe('Succeeded');
  });
});

describe('decideWorkloadState', () => {
  const cases: Array<{ name: string; conditions: ConditionLike[]; active?: boolean; expected: string }> = [
    { name: 'new workload', conditions: [], expected: 'pending' },
    { name: 'waiting for quota', conditions: [{ ...c('QuotaReserved', 'False', T0), reason: 'Pending' }], expected: 'pending' },
    { name: 'inadmissible', conditions: [{ ...c('QuotaReserved', 'False', T0), reason: 'Inadmissible' }], expected: 'inadmissible' },
    { name: 'quota reserved', conditions: [c('QuotaReserved', 'True', T0), c('Admitted', 'False', T0)], expected: 'quotaReserved' },
    { name: 'admitted', conditions: [c('QuotaReserved', 'True', T0), c('Admitted', 'True', T0)], expected: 'admitted' },
    { name: 'finished wins', conditions: [c('Admitted', 'True', T0), c('Finished', 'True', T1), c('Evicted', 'True', T2)], expected: 'finished' },
    { name: 'preempted after admission', conditions: [c('Admitted', 'True', T0), c('Evicted', 'True', T1), c('Preempted', 'True', T1)], expected: 'preempted' },
    { name: 'evicted after admission', conditions: [c('Admitted', 'True', T0), c('Evicted', 'True', T1)], expected: 'evicted' },
    { name: 'admitted again after eviction', conditions: [c('Evicted', 'True', T0), c('Admitted', 'True', T1)], expected: 'admitted' },
    { name: 'deactivated', conditions: [c('QuotaReserved', 'False', T0)], active: false, expected: 'deactivated' },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => {
      expect(decideWorkloadState(testCase.conditions, testCase.active ?? true).state).toBe(testCase.expected);
    });
  }
});
