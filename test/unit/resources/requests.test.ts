import { describe, expect, it } from 'vitest';
import {
  formatQuantity,
  podEffectiveRequests,
  podHoldsResources,
  podIsPendingDemand,
  sumHeldRequests,
  type PodLike,
  type ResourceAmounts,
} from '../../../shared/resources';
import { loadList, podNamed } from './fixtures';

function formatted(amounts: ResourceAmounts): Record<string, string> {
  return Object.fromEntries([...amounts].map(([name, quantity]) => [name, formatQuantity(quantity)]));
}

describe('podEffectiveRequests on BR-22', () => {
  const { pods } = loadList('BR-22-pod-effective-requests-sidecars.yaml');
  const cases: Array<[string, Record<string, string>]> = [
    ['with-sidecar', { cpu: '2100m', memory: '8320Mi', 'nvidia.com/gpu': '1' }],
    ['sidecar-then-init', { cpu: '300m' }],
    ['gpu-init-and-app', { cpu: '4', 'nvidia.com/gpu': '1' }],
  ];

  it.each(cases)('%s', (name, expected) => {
    expect(formatted(podEffectiveRequests(podNamed(pods, name)))).toEqual(expected);
  });

  it('sums the node total for the three pods', () => {
    const total = formatted(sumHeldRequests(pods));
    expect(total['cpu']).toBe('6400m');
    expect(total['nvidia.com/gpu']).toBe('2');
  });
});

describe('podEffectiveRequests rules', () => {
  const pod = (spec: NonNullable<PodLike['spec']>): PodLike => ({ spec });

  it('counts a GPU given only in limits', () => {
    const requests = podEffectiveRequests(pod({ containers: [{ resources: { limits: { 'nvidia.com/gpu': '2' } } }] }));
    expect(formatted(requests)).toEqual({ 'nvidia.com/gpu': '2' });
  });

  it('prefers explicit requests over limits', () => {
    const requests = podEffectiveRequests(pod({ containers: [{ resources: { requests: { cpu: '1' }, limits: { cpu: '4' } } }] }));
    expect(formatted(requests)).toEqual({ cpu: '1' });
  });

  it('takes a large init container over small app containers', () => {
    const requests = podEffectiveRequests(pod({
      initContainers: [{ resources: { requests: { cpu: '3' } } }],
      containers: [{ resources: { requests: { cpu: '1' } } }, { resources: { requests: { cpu: '1' } } }],
    }));
    expect(formatted(requests)).toEqual({ cpu: '3' });
  });

  it('takes the max per resource, not per container', () => {
    const requests = podEffectiveRequests(pod({
      initContainers: [{ resources: { requests: { cpu: '4', memory: '1Gi' } } }],
      containers: [{ resources: { requests: { cpu: '1', memory: '8Gi' } } }],
    }));
    expect(formatted(requests)).toEqual({ cpu: '4', memory: '8Gi' });
  });

  it('adds two sidecars to each other and to later init containers', () => {
    const requests = podEffectiveRequests(pod({
      initContainers: [
        { restartPolicy: 'Always', resources: { requests: { cpu: '100m' } } },
        { restartPolicy: 'Always', resources: { requests: { cpu: '200m' } } },
        { resources: { requests: { cpu: '1' } } },
      ],
      containers: [{ resources: { requests: { cpu: '500m' } } }],
    }));
    // Init step: 100m + 200m + 1 = 1300m; running: 500m + 300m = 800m.
    expect(formatted(requests)).toEqual({ cpu: '1300m' });
  });

  it('ignores sidecars declared after a plain init container for that step', () => {
    const requests = podEffectiveRequests(pod({
      initContainers: [
        { resources: { requests: { cpu: '1' } } },
        { restartPolicy: 'Always', resources: { requests: { cpu: '900m' } } },
      ],
      containers: [{ resources: { requests: { cpu: '50m' } } }],
    }));
    expect(formatted(requests)).toEqual({ cpu: '1' });
  });

  it('adds pod overhead', () => {
    const requests = podEffectiveRequests(pod({
      overhead: { cpu: '250m', memory: '120Mi' },
      containers: [{ resources: { requests: { cpu: '1', memory: '1Gi' } } }],
    }));
    expect(formatted(requests)).toEqual({ cpu: '1250m', memory: '1144Mi' });
  });

  it('lets pod-level cpu and memory replace the container sum but keeps GPUs', () => {
    const requests = podEffectiveRequests(pod({
      resources: { requests: { cpu: '2', memory: '4Gi' } },
      containers: [{ resources: { requests: { cpu: '500m', 'nvidia.com/gpu': '1' } } }],
    }));
    expect(formatted(requests)).toEqual({ cpu: '2', memory: '4Gi', 'nvidia.com/gpu': '1' });
  });

  it('names the field of an invalid quantity', () => {
    const broken = pod({ containers: [{ resources: { requests: { cpu: '1' } } }, { resources: { limits: { memory: '64mi' } } }] });
    expect(() => podEffectiveRequests(broken)).toThrow(/spec\.containers\[1\]\.resources\.limits\["memory"\].*"64mi"|"64mi".*spec\.containers\[1\]/);
  });

  it('gives nothing for an empty pod', () => {
    expect(podEffectiveRequests({}).size).toBe(0);
  });
});

describe('podHoldsResources on BR-18', () => {
  const { pods } = loadList('BR-18-gpu-allocation-pod-phases.yaml');
  const cases: Array<[string, boolean, boolean]> = [
    ['gpu-running-limits-only', true, false],
    ['gpu-scheduled-pulling', true, false],
    ['gpu-two-containers', true, false],
    ['gpu-succeeded', false, false],
    ['gpu-failed', false, false],
    ['gpu-unscheduled', false, true],
  ];

  it.each(cases)('%s holds=%s pending=%s', (name, holds, pending) => {
    const pod = podNamed(pods, name);
    expect(podHoldsResources(pod)).toBe(holds);
    expect(podIsPendingDemand(pod)).toBe(pending);
  });

  it('keeps a terminating bound pod as a holder', () => {
    const pod: PodLike = { metadata: { deletionTimestamp: '2025-01-01T00:00:00Z' }, spec: { nodeName: 'n1' }, status: { phase: 'Running' } };
    expect(podHoldsResources(pod)).toBe(true);
  });

  it('keeps a bound pod in phase Unknown as a holder', () => {
    expect(podHoldsResources({ spec: { nodeName: 'n1' }, status: { phase: 'Unknown' } })).toBe(true);
  });

  it('does not treat a finished unbound pod as pending demand', () => {
    expect(podIsPendingDemand({ status: { phase: 'Failed' } })).toBe(false);
  });
});
