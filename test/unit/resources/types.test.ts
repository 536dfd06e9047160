import type { V1Node, V1Pod, V1ResourceQuota } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { podEffectiveRequests, summarizeAccelerators, type NodeLike, type PodLike, type ResourceQuotaLike } from '../../../shared/resources';

describe('structural types', () => {
  it('accept client-node objects without conversion', () => {
    const pod: V1Pod = {
      metadata: { name: 'p', namespace: 'n', deletionTimestamp: new Date('2025-01-01T00:00:00Z') },
      spec: { nodeName: 'n1', containers: [{ name: 'c', resources: { limits: { 'nvidia.com/gpu': '1' } } }] },
      status: { phase: 'Running' },
    };
    const node: V1Node = {
      metadata: { name: 'n1' },
      spec: { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: new Date('2025-01-01T00:00:00Z') }] },
      status: { allocatable: { 'nvidia.com/gpu': '1' }, conditions: [{ type: 'Ready', status: 'True' }] },
    };
    const quota: V1ResourceQuota = { status: { hard: { pods: '1' } } };

    const podLike: PodLike = pod;
    const nodeLike: NodeLike = node;
    const quotaLike: ResourceQuotaLike = quota;
    expect(quotaLike.status?.hard?.['pods']).toBe('1');
    expect(podEffectiveRequests(podLike).size).toBe(1);

    const summary = summarizeAccelerators([nodeLike], [podLike]);
    expect(summary.holders[0]?.terminating).toBe(true);
    expect(summary.nodes[0]?.availability.reasons).toEqual([
      { kind: 'Tainted', key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', since: '2025-01-01T00:00:00.000Z' },
    ]);
  });
});
