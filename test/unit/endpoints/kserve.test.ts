import { describe, expect, it } from 'vitest';
import { deploymentMode, inferenceServiceHealth, inferenceServiceTraffic, inferenceServiceUrls, normaliseDeploymentMode, type InferenceServiceLike } from '../../../shared/endpoints/kserve';

describe('normaliseDeploymentMode', () => {
  it.each([
    ['Serverless', 'Knative'],
    ['Knative', 'Knative'],
    ['RawDeployment', 'Standard'],
    ['Standard', 'Standard'],
    ['LegacyRawDeployment', 'Standard'],
    ['ModelMesh', 'ModelMesh'],
    [undefined, undefined],
  ])('%s becomes %s', (mode, expected) => {
    expect(normaliseDeploymentMode(mode)).toBe(expected);
  });
});

const base: InferenceServiceLike = { metadata: { name: 'llama', namespace: 'team', annotations: { 'serving.kserve.io/deploymentMode': 'Serverless' } } };

describe('InferenceService readers', () => {
  it.each([
    { name: 'no status', isvc: base, health: 'unknown' },
    { name: 'ready', isvc: { ...base, status: { conditions: [{ type: 'Ready', status: 'True' }] } }, health: 'ready' },
    { name: 'failed load', isvc: { ...base, status: { conditions: [{ type: 'Ready', status: 'False' }], modelStatus: { transitionStatus: 'BlockedByFailedLoad' } } }, health: 'failed' },
    { name: 'still rolling', isvc: { ...base, status: { conditions: [{ type: 'Ready', status: 'False', reason: 'PredictorNotReady' }] } }, health: 'progressing' },
    { name: 'stopped', isvc: { ...base, status: { conditions: [{ type: 'Stopped', status: 'True' }] } }, health: 'scaledToZero' },
  ])('health when $name', ({ isvc, health }) => {
    expect(inferenceServiceHealth(isvc as InferenceServiceLike)).toBe(health);
  });

  it('reads the mode from the status before the annotation', () => {
    expect(deploymentMode(base)).toBe('Knative');
    expect(deploymentMode({ ...base, status: { deploymentMode: 'RawDeployment' } })).toBe('Standard');
  });

  it('splits traffic and marks internal URLs', () => {
    const isvc: InferenceServiceLike = {
      ...base,
      status: {
        url: 'http://llama.team.example.com',
        address: { url: 'http://llama-predictor.team.svc.cluster.local' },
        components: { predictor: { traffic: [{ revisionName: 'llama-predictor-00002', percent: 10, latestRevision: true, tag: 'latest' }, { revisionName: 'llama-predictor-00001', percent: 90 }] } },
      },
    };
    expect(inferenceServiceTraffic(isvc)).toEqual([
      { component: 'predictor', revision: 'llama-predictor-00002', tag: 'latest', percent: 10, latest: true },
      { component: 'predictor', revision: 'llama-predictor-00001', percent: 90, latest: false },
    ]);
    expect(inferenceServiceUrls(isvc).map((url) => url.external)).toEqual([true, false]);
  });
});
