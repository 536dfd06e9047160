/**
 * A small writer for the Prometheus text exposition format (version 0.0.4),
 * enough for the simulated exporters: gauges, counters and histograms with
 * labels. Series of one metric family must be added together, because the
 * format allows one HELP/TYPE block per family.
 */

export type Labels = Record<string, string>;

export type MetricType = 'gauge' | 'counter' | 'histogram';

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export class Exposition {
  private readonly lines: string[] = [];
  private readonly families = new Set<string>();

  /** Starts a metric family; every family name may start only once. */
  family(name: string, type: MetricType, help: string): this {
    if (this.families.has(name)) {
      throw new Error(`metric family ${name} was already written; add all its series at once`);
    }
    this.families.add(name);
    this.lines.push(`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`);
    return this;
  }

  sample(name: string, labels: Labels, value: number): this {
    this.lines.push(`${name}${formatLabels(labels)} ${formatValue(value)}`);
    return this;
  }

  /**
   * Writes the `_bucket`, `_sum` and `_count` series of one histogram.
   * `bucketCounts[i]` counts observations <= `bounds[i]` (cumulative, as Prometheus expects).
   */
  histogram(name: string, labels: Labels, bounds: readonly number[], bucketCounts: readonly number[], sum: number, count: number): this {
    bounds.forEach((bound, index) => {
      this.sample(`${name}_bucket`, { ...labels, le: formatValue(bound) }, bucketCounts[index] ?? 0);
    });
    this.sample(`${name}_bucket`, { ...labels, le: '+Inf' }, count);
    this.sample(`${name}_sum`, labels, sum);
    this.sample(`${name}_count`, labels, count);
    return this;
  }

  toString(): string {
    return this.lines.join('\n') + '\n';
  }
}

/** Cumulative histogram state that `Exposition.histogram` can write. */
export class Histogram {
  readonly bucketCounts: number[];
  sum = 0;
  count = 0;

  constructor(readonly bounds: readonly number[]) {
    this.bucketCounts = bounds.map(() => 0);
  }

  observe(value: number): void {
    this.sum += value;
    this.count += 1;
    this.bounds.forEach((bound, index) => {
      if (value <= bound) this.bucketCounts[index] = (this.bucketCounts[index] ?? 0) + 1;
    });
  }
}

function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return '{' + entries.map(([key, value]) => `${key}="${escapeLabelValue(value)}"`).join(',') + '}';
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
