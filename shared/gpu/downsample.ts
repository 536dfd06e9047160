/**
 * Downsampling for charts: points are grouped into equal time buckets and
 * each field is averaged over the points that have it, so a missing value
 * stays missing instead of pulling the mean towards zero.
 */

export interface TimedPoint {
  /** Milliseconds since the epoch. */
  t: number;
}

export interface Downsampled<P> {
  points: P[];
  /** Width of one bucket in milliseconds (the input spacing when nothing was merged). */
  bucketMs: number;
}

/**
 * Reduces points (oldest first) to at most `maxPoints` buckets over [from, to].
 * Each output point sits at the middle of its bucket; empty buckets are left out.
 * Numeric fields are averaged; non-numeric fields are not carried.
 */
export function downsample<P extends TimedPoint>(points: readonly P[], maxPoints: number, from: number, to: number): Downsampled<P> {
  const inRange = points.filter((point) => point.t >= from && point.t <= to);
  if (inRange.length <= maxPoints || maxPoints < 1) {
    return { points: inRange.slice(), bucketMs: spacing(inRange) };
  }

  const bucketMs = Math.max(1, Math.ceil((to - from + 1) / maxPoints));
  const buckets = new Map<number, P[]>();
  for (const point of inRange) {
    const index = Math.min(maxPoints - 1, Math.floor((point.t - from) / bucketMs));
    const bucket = buckets.get(index) ?? [];
    bucket.push(point);
    buckets.set(index, bucket);
  }

  const merged = [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, bucket]) => mergeBucket(bucket, from + index * bucketMs + bucketMs / 2));
  return { points: merged, bucketMs };
}

function mergeBucket<P extends TimedPoint>(bucket: readonly P[], t: number): P {
  const sums = new Map<string, { total: number; count: number }>();
  for (const point of bucket) {
    for (const [field, value] of Object.entries(point)) {
      if (field === 't' || typeof value !== 'number' || !Number.isFinite(value)) continue;
      const sum = sums.get(field) ?? { total: 0, count: 0 };
      sum.total += value;
      sum.count += 1;
      sums.set(field, sum);
    }
  }
  const merged: Record<string, number> = { t: Math.round(t) };
  for (const [field, { total, count }] of sums) merged[field] = total / count;
  return merged as unknown as P;
}

/** Median gap between neighbours, 0 for fewer than two points. */
function spacing(points: readonly TimedPoint[]): number {
  if (points.length < 2) return 0;
  const gaps = points.slice(1).map((point, index) => point.t - points[index]!.t).sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] ?? 0;
}
