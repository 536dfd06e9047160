import { describe, expect, it } from 'vitest';
import { listScope, planSources } from '../../../main/queues/sources';
import type { ClusterCapabilities } from '../../../shared/models/cluster';

const base: ClusterCapabilities = { hami: false, metrics: false };

describe('planSources', () => {
  it('prefers Kueue v1beta2', () => {
    const plan = planSources({ ...base, kueue: { group: 'kueue.x-k8s.io', versions: ['v1beta2', 'v1beta1'] } }, undefined);
    expect(plan.kueueVersion).toBe('v1beta2');
    expect(plan.sources.find((source) => source.role === 'workloads')?.gvr.version).toBe('v1beta2');
  });

  it('falls back to Kueue v1beta1', () => {
    const plan = planSources({ ...base, kueue: { group: 'kueue.x-k8s.io', versions: ['v1beta1'] } }, undefined);
    expect(plan.kueueVersion).toBe('v1beta1');
    expect(plan.sources.filter((source) => source.gvr.group === 'kueue.x-k8s.io').map((source) => source.gvr.version)).toEqual(['v1beta1', 'v1beta1', 'v1beta1']);
  });

  it('names what a plain cluster lacks and still lists batch Jobs and pods', () => {
    const plan = planSources(base, undefined);
    expect(plan.missing).toEqual(['kueue.x-k8s.io', 'kubeflow.org', 'trainer.kubeflow.org']);
    expect(plan.sources.map((source) => `${source.role}:${source.gvr.resource}`)).toEqual(['jobs:jobs', 'pods:pods']);
  });

  it('limits namespaced lists to the tenant namespace', () => {
    const plan = planSources({ ...base, kubeflowTraining: { group: 'kubeflow.org', versions: ['v1'] } }, 'team-a');
    expect(plan.sources.every((source) => source.namespace === 'team-a')).toBe(true);
  });
});

describe('listScope', () => {
  it('keeps all namespaces when pods may be listed', () => {
    expect(listScope([{ verb: 'list', group: '', resource: 'pods', allowed: true }], 'team-a')).toBeUndefined();
  });

  it('uses the context namespace otherwise', () => {
    expect(listScope([{ verb: 'list', group: '', resource: 'pods', allowed: false }], 'team-a')).toBe('team-a');
  });
});
