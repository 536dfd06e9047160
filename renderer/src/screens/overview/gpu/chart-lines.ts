/**
 * The drawable parts of one usage chart: the lines with at least one value,
 * whether a line needs dots, and the time axis. Charts start with few points
 * (a fresh source has one sample, or none). A line through a single point has
 * no length, so it would draw nothing.
 */
import type { SeriesPoint } from '../../../../../shared/models/gpu';

/** A series point with memory in GiB, as the charts plot it. */
export type ChartPoint = SeriesPoint & { memoryUsedGiB?: number; memoryTotalGiB?: number };

export type ChartField = Exclude<keyof ChartPoint, 't'>;

export interface PlottedLine<L extends { key: ChartField }> {
  line: L;
  /** Points that carry a value for this line. */
  count: number;
  /** True when the line is too short to be seen without dots. */
  dots: boolean;
}

/** A single point is padded by this much on each side, so it sits in the middle of a readable axis. */
export const SINGLE_POINT_PAD_MS = 60_000;

/** Converts series points to chart points (memory in GiB). */
export function toChartPoints(points: readonly SeriesPoint[]): ChartPoint[] {
  return points.map((point) => ({
    ...point,
    ...(point.memoryUsedMiB !== undefined ? { memoryUsedGiB: point.memoryUsedMiB / 1024 } : {}),
    ...(point.memoryTotalMiB !== undefined ? { memoryTotalGiB: point.memoryTotalMiB / 1024 } : {}),
  }));
}

/**
 * Picks the lines that have values in `data`, in the order given. A line
 * without values is left out, because its legend entry would claim a series
 * that is not there. A line with one value is drawn as a dot.
 */
export function plottedLines<L extends { key: ChartField }>(data: readonly ChartPoint[], lines: readonly L[]): PlottedLine<L>[] {
  return lines
    .map((line) => {
      const count = data.filter((point) => Number.isFinite(point[line.key])).length;
      return { line, count, dots: count === 1 };
    })
    .filter((plotted) => plotted.count > 0);
}

/**
 * Returns the time axis: from the oldest to the newest point, or a window
 * around the one time that every point shares, since an axis of zero width
 * has no ticks.
 */
export function timeDomain(data: readonly ChartPoint[]): [number, number] | undefined {
  if (data.length === 0) return undefined;
  const times = data.map((point) => point.t);
  const from = Math.min(...times);
  const to = Math.max(...times);
  return from === to ? [from - SINGLE_POINT_PAD_MS, to + SINGLE_POINT_PAD_MS] : [from, to];
}
