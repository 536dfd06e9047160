import { describe, expect, it } from 'vitest';
import { downsample } from '../../../shared/gpu/downsample';
import { RingBuffer } from '../../../shared/gpu/ring-buffer';
import { deviceMetricsSelector, readPromMatrix } from '../../../shared/gpu/promql';
import { SeriesStore, HISTORY_MS } from '../../../main/gpu/series-store';
import type { DeviceTelemetry } from '../../../shared/resources/metrics';

describe('RingBuffer', () => {
  it.each([
    { name: 'under capacity keeps all, oldest first', capacity: 3, pushes: [1, 2], expected: [1, 2] },
    { name: 'at capacity keeps all', capacity: 3, pushes: [1, 2, 3], expected: [1, 2, 3] },
    { name: 'over capacity drops the oldest', capacity: 3, pushes: [1, 2, 3, 4, 5], expected: [3, 4, 5] },
    { name: 'capacity one keeps the newest', capacity: 1, pushes: [7, 8, 9], expected: [9] },
  ])('$name', ({ capacity, pushes, expected }) => {
    const ring = new RingBuffer<number>(capacity);
    pushes.forEach((value) => ring.push(value));
    expect(ring.toArray()).toEqual(expected);
    expect(ring.last()).toBe(expected.at(-1));
    expect(ring.size).toBe(expected.length);
  });

  it('resizing keeps the newest entries', () => {
    const ring = new RingBuffer<number>(5);
    [1, 2, 3, 4, 5, 6].forEach((value) => ring.push(value));
    ring.resize(2);
    expect(ring.toArray()).toEqual([5, 6]);
    ring.push(7);
    expect(ring.toArray()).toEqual([6, 7]);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new RingBuffer(0)).toThrow(/positive integer/);
  });
});

describe('downsample', () => {
  const points = Array.from({ length: 10 }, (_, index) => ({ t: index * 1000, value: index }));

  it('returns the points unchanged when they fit', () => {
    expect(downsample(points, 20, 0, 9000).points).toEqual(points);
  });

  it('averages each bucket and places it at the bucket middle', () => {
    const { points: merged, bucketMs } = downsample(points, 5, 0, 9999);
    expect(bucketMs).toBe(2000);
    expect(merged).toEqual([
      { t: 1000, value: 0.5 },
      { t: 3000, value: 2.5 },
      { t: 5000, value: 4.5 },
      { t: 7000, value: 6.5 },
      { t: 9000, value: 8.5 },
    ]);
  });

  it('averages a field only over the points that have it', () => {
    const sparse = [{ t: 0, a: 10 }, { t: 1, a: 20, b: 4 }, { t: 2, b: 6 }, { t: 3 }];
    const { points: merged } = downsample(sparse as { t: number; a?: number; b?: number }[], 1, 0, 3);
    expect(merged).toEqual([{ t: 2, a: 15, b: 5 }]);
  });

  it('drops points outside the window and leaves empty buckets out', () => {
    const gappy = [{ t: -5, v: 1 }, { t: 0, v: 2 }, { t: 1, v: 4 }, { t: 90, v: 8 }];
    expect(downsample(gappy, 2, 0, 99).points).toEqual([{ t: 25, v: 3 }, { t: 75, v: 8 }]);
  });
});

describe('readPromMatrix', () => {
  it('groups every point of every series by timestamp', () => {
    const body = {
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          { metric: { __name__: 'DCGM_FI_DEV_GPU_UTIL', gpu: '0' }, values: [[100, '10'], [110, '20']] },
          { metric: { __name__: 'DCGM_FI_DEV_FB_USED', gpu: '0' }, values: [[110, '512']] },
        ],
      },
    };
    const { frames, errors } = readPromMatrix(body);
    expect(errors).toEqual([]);
    expect(frames.map((frame) => [frame.t, frame.samples.map((sample) => `${sample.name}=${sample.value}`)])).toEqual([
      [100_000, ['DCGM_FI_DEV_GPU_UTIL=10']],
      [110_000, ['DCGM_FI_DEV_GPU_UTIL=20', 'DCGM_FI_DEV_FB_USED=512']],
    ]);
  });

  it.each([
    { name: 'not JSON object', body: 'oops', error: /not a JSON object/ },
    { name: 'Prometheus error', body: { status: 'error', error: 'bad query' }, error: /bad query/ },
    { name: 'vector instead of matrix', body: { status: 'success', data: { resultType: 'vector', result: [] } }, error: /Expected a matrix/ },
  ])('reports $name without throwing', ({ body, error }) => {
    const result = readPromMatrix(body);
    expect(result.frames).toEqual([]);
    expect(result.errors.join(' ')).toMatch(error);
  });

  it('keeps readable series when one is garbage', () => {
    const body = { status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[1, '1']] }, { metric: { __name__: 'x' }, values: [[1, '2']] }] } };
    const result = readPromMatrix(body);
    expect(result.errors).toEqual(['Series 1: missing __name__']);
    expect(result.frames[0]?.samples).toHaveLength(1);
  });

  it('selects every mapped device metric in one selector', () => {
    expect(deviceMetricsSelector()).toMatch(/^\{__name__=~".*DCGM_FI_DEV_GPU_UTIL.*npu_chip_info_utilization.*"\}$/);
  });
});

describe('SeriesStore', () => {
  const device = (key: string, node: string, utilizationPercent: number, memoryUsedMiB: number): DeviceTelemetry => ({
    key, exporter: 'dcgm', node, utilizationPercent, memoryUsedMiB, memoryTotalMiB: 1000, holders: [],
  });

  it('keeps one hour at the sample interval and aggregates per time', () => {
    const store = new SeriesStore(10_000);
    const start = 1_000_000_000;
    for (let index = 0; index < 400; index += 1) {
      const t = start + index * 10_000;
      store.recordTelemetry(t, [device('n1/a', 'n1', 20, 100), device('n2/b', 'n2', 60, 300)], []);
      store.recordAllocation(t, { allocated: 2, allocatable: 8 }, new Map([['n1', { allocated: 1, allocatable: 4 }]]));
    }
    const now = start + 399 * 10_000;
    const cluster = store.series('ctx', { kind: 'cluster' }, 1000, now);
    // 3600 s at 10 s is 361 points, and only points inside the last hour are charted.
    expect(cluster.points.length).toBeLessThanOrEqual(361);
    expect(cluster.points.at(-1)).toEqual({ t: now, utilizationPercent: 40, memoryUsedMiB: 400, memoryTotalMiB: 2000, allocated: 2, allocatable: 8 });
    const node = store.series('ctx', { kind: 'node', name: 'n1' }, 1000, now);
    expect(node.points.at(-1)).toEqual({ t: now, utilizationPercent: 20, memoryUsedMiB: 100, memoryTotalMiB: 1000, allocated: 1, allocatable: 4 });
    expect(store.series('ctx', { kind: 'cluster' }, 60, now).points.length).toBeLessThanOrEqual(60);
  });

  it('charts node allocation at every sample', () => {
    const store = new SeriesStore(10_000);
    const allocations = [1, 1, 1, 3, 3, undefined, undefined, 2];
    allocations.forEach((allocated, index) => {
      const nodes = new Map(allocated === undefined ? [] : [['n1', { allocated, allocatable: 4 }]]);
      store.recordAllocation(index * 10_000, { allocated: allocated ?? 0, allocatable: 8 }, nodes);
    });

    const points = store.series('ctx', { kind: 'node', name: 'n1' }, 1000, 70_000).points;

    // The node was missing from the sixth and seventh samples: no points there, rather than its last value.
    expect(points.map((point) => [point.t, point.allocated])).toEqual([[0, 1], [10_000, 1], [20_000, 1], [30_000, 3], [40_000, 3], [70_000, 2]]);
    expect(points.every((point) => point.allocatable === 4)).toBe(true);
  });

  it('starts a node series at its first sample', () => {
    const store = new SeriesStore(10_000);
    store.recordAllocation(0, { allocated: 0, allocatable: 8 }, new Map());
    store.recordAllocation(10_000, { allocated: 1, allocatable: 8 }, new Map([['n2', { allocated: 1, allocatable: 8 }]]));

    const points = store.series('ctx', { kind: 'node', name: 'n2' }, 1000, 10_000).points;

    expect(points.map((point) => point.t)).toEqual([10_000]);
  });

  it('drops devices not seen for an hour', () => {
    const store = new SeriesStore(10_000);
    store.recordTelemetry(0, [device('n1/a', 'n1', 20, 100)], []);
    store.prune(HISTORY_MS + 1);
    expect(store.series('ctx', { kind: 'cluster' }, 100, HISTORY_MS + 1).points).toEqual([]);
  });
});
