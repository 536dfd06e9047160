import { describe, expect, it } from 'vitest';
import type { NodeDeviceMap } from '../../../shared/models/gpu';
import { matchingMaps } from '../../../renderer/src/screens/overview/gpu/device-map-filter';

function map(node: string, extra: Partial<NodeDeviceMap> = {}): NodeDeviceMap {
  return { node, allocatable: 8, requested: 0, pods: [], devices: [], ...extra };
}

const maps: NodeDeviceMap[] = [
  map('a100-1', { vendor: 'NVIDIA', model: 'NVIDIA-A100-SXM4-80GB', pods: [{ namespace: 'team-a', name: 'train-0', gpus: 8 }] }),
  map('h100-1', { vendor: 'NVIDIA', model: 'NVIDIA-H100-80GB-HBM3' }),
  map('npu-1', {
    vendor: 'Huawei Ascend',
    model: 'Ascend910',
    devices: [{ key: 'npu-1/0', exporter: 'ascend', index: '0', holders: [{ namespace: 'team-b', pod: 'infer-7', known: true }], idleNow: false }],
  }),
];

describe('matchingMaps', () => {
  it.each([
    ['node name', 'h100-1', ['h100-1']],
    ['model', 'a100-sxm4', ['a100-1']],
    ['vendor', 'huawei', ['npu-1']],
    ['pod from the API server', 'team-a/train', ['a100-1']],
    ['pod from device metrics', 'infer-7', ['npu-1']],
    ['no match', 'gb200', []],
  ])('matches by %s', (_name, needle, expected) => {
    expect(matchingMaps(maps, undefined, needle).map((entry) => entry.node)).toEqual(expected);
  });

  it('returns every map without a filter', () => {
    expect(matchingMaps(maps, undefined, '')).toBe(maps);
  });

  it('shows only the focused node, whatever the filter', () => {
    expect(matchingMaps(maps, 'npu-1', 'a100').map((entry) => entry.node)).toEqual(['npu-1']);
  });
});
