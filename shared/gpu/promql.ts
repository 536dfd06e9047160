/**
 * The PromQL the sampler sends, and a reader for range-query matrices that
 * keeps every point (parsePromQueryResult keeps only the newest).
 */
import { DEVICE_METRICS } from '../resources/metrics';
import type { MetricSample } from '../resources/exposition';

/**
 * One selector for every device metric we read, so a sample is one request
 * and every series keeps its `__name__` (a function or operator would drop it).
 */
export function deviceMetricsSelector(): string {
  const names = Object.keys(DEVICE_METRICS).sort().join('|');
  return `{__name__=~"${names}"}`;
}

export interface MatrixReadResult {
  /** Samples grouped by timestamp (ms), oldest first. */
  frames: { t: number; samples: MetricSample[] }[];
  errors: string[];
}

/** Reads a `matrix` query result into per-timestamp frames. Garbage never throws. */
export function readPromMatrix(body: unknown): MatrixReadResult {
  const root = body as { status?: unknown; error?: unknown; data?: { resultType?: unknown; result?: unknown } } | null;
  if (typeof root !== 'object' || root === null) return { frames: [], errors: ['The range query response is not a JSON object.'] };
  if (root.status !== 'success') {
    return { frames: [], errors: [`The range query failed: ${typeof root.error === 'string' ? root.error : `status ${String(root.status)}`}.`] };
  }
  if (root.data?.resultType !== 'matrix' || !Array.isArray(root.data.result)) {
    return { frames: [], errors: [`Expected a matrix result, got ${String(root.data?.resultType)}.`] };
  }

  const byTime = new Map<number, MetricSample[]>();
  const errors: string[] = [];
  root.data.result.forEach((series: unknown, index) => {
    const problem = readSeries(series, byTime);
    if (problem) errors.push(`Series ${index + 1}: ${problem}`);
  });
  const frames = [...byTime.entries()].sort(([a], [b]) => a - b).map(([t, samples]) => ({ t, samples }));
  return { frames, errors };
}

function readSeries(series: unknown, byTime: Map<number, MetricSample[]>): string | undefined {
  const record = series as { metric?: unknown; values?: unknown } | null;
  if (typeof record !== 'object' || record === null || typeof record.metric !== 'object' || record.metric === null) return 'missing "metric" labels';
  if (!Array.isArray(record.values)) return 'missing "values"';

  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(record.metric)) {
    if (typeof value === 'string') labels[key] = value;
  }
  const name = labels['__name__'];
  if (!name) return 'missing __name__';
  delete labels['__name__'];

  for (const point of record.values as unknown[]) {
    if (!Array.isArray(point) || typeof point[0] !== 'number' || typeof point[1] !== 'string') return 'expected [timestamp, "value"] pairs';
    const value = Number(point[1]);
    if (Number.isNaN(value) && point[1] !== 'NaN') return `invalid sample value "${point[1]}"`;
    const t = Math.round(point[0] * 1000);
    const frame = byTime.get(t) ?? [];
    frame.push({ name, labels, value, timestampMs: t });
    byTime.set(t, frame);
  }
  return undefined;
}
