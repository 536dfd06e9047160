import { describe, expect, it } from 'vitest';
import { plottedLines, SINGLE_POINT_PAD_MS, timeDomain, toChartPoints, type ChartField, type ChartPoint } from '../../../renderer/src/screens/overview/gpu/chart-lines';

const T0 = Date.UTC(2026, 11, 4, 20, 0, 0);
const utilization = { key: 'utilizationPercent' as ChartField };
const memory = [{ key: 'memoryUsedGiB' as ChartField }, { key: 'memoryTotalGiB' as ChartField }];
const allocation = [{ key: 'allocated' as ChartField }, { key: 'allocatable' as ChartField }];

// The first samples of a fresh source: allocation is known at once, utilization
// only after Prometheus has scraped the exporter once.
const allocationOnly: ChartPoint[] = [{ t: T0, allocated: 1, allocatable: 20 }];
const firstScrape: ChartPoint[] = [...allocationOnly, { t: T0 + 2000, utilizationPercent: 3.5, memoryUsedGiB: 4, memoryTotalGiB: 1309, allocated: 1, allocatable: 20 }];
const steady: ChartPoint[] = [...firstScrape, { t: T0 + 4000, utilizationPercent: 3.5, memoryUsedGiB: 4, memoryTotalGiB: 1309, allocated: 1, allocatable: 20 }];

describe('plottedLines', () => {
  it.each([
    { name: 'no points draw no line', data: [], lines: [utilization], expected: [] },
    { name: 'utilization before the first scrape is left out', data: allocationOnly, lines: [utilization], expected: [] },
    { name: 'allocation with one point is a dot', data: allocationOnly, lines: allocation, expected: [{ key: 'allocated', count: 1, dots: true }, { key: 'allocatable', count: 1, dots: true }] },
    { name: 'utilization with one point is a dot', data: firstScrape, lines: [utilization], expected: [{ key: 'utilizationPercent', count: 1, dots: true }] },
    { name: 'two points are a line without dots', data: firstScrape, lines: allocation, expected: [{ key: 'allocated', count: 2, dots: false }, { key: 'allocatable', count: 2, dots: false }] },
    { name: 'a steady series is still a line', data: steady, lines: [utilization], expected: [{ key: 'utilizationPercent', count: 2, dots: false }] },
    { name: 'a line without values is left out, the other kept', data: [{ t: T0, memoryUsedGiB: 4 }, { t: T0 + 2000, memoryUsedGiB: 5 }], lines: memory, expected: [{ key: 'memoryUsedGiB', count: 2, dots: false }] },
  ])('$name', ({ data, lines, expected }) => {
    expect(plottedLines(data, lines).map(({ line, count, dots }) => ({ key: line.key, count, dots }))).toEqual(expected);
  });
});

describe('timeDomain', () => {
  it.each([
    { name: 'no points have no axis', data: [], expected: undefined },
    { name: 'one time is padded on both sides', data: allocationOnly, expected: [T0 - SINGLE_POINT_PAD_MS, T0 + SINGLE_POINT_PAD_MS] },
    { name: 'several times span oldest to newest', data: steady, expected: [T0, T0 + 4000] },
  ])('$name', ({ data, expected }) => {
    expect(timeDomain(data)).toEqual(expected);
  });
});

describe('toChartPoints', () => {
  it('converts memory to GiB and keeps missing fields missing', () => {
    expect(toChartPoints([{ t: T0, memoryUsedMiB: 4096, memoryTotalMiB: 40960 }, { t: T0 + 2000, allocated: 2 }])).toEqual([
      { t: T0, memoryUsedMiB: 4096, memoryTotalMiB: 40960, memoryUsedGiB: 4, memoryTotalGiB: 40 },
      { t: T0 + 2000, allocated: 2 },
    ]);
  });
});
