/**
 * Readers for Prometheus samples: the text exposition format (an exporter's
 * /metrics page) and the JSON of an instant or range query (/api/v1/query).
 * Garbage input never throws; each unreadable line or series becomes one
 * entry in `errors`, so a broken source leaves the rest readable.
 */

export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** Milliseconds since the epoch, when the source gave one. */
  timestampMs?: number;
}

export interface SampleReadResult {
  samples: MetricSample[];
  errors: string[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

/** Parses Prometheus text exposition format 0.0.4. Comments and blank lines are skipped. */
export function parsePrometheusText(text: string): SampleReadResult {
  const samples: MetricSample[] = [];
  const errors: string[] = [];

  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) return;
    const parsed = parseSampleLine(line);
    if (typeof parsed === 'string') errors.push(`Line ${index + 1}: ${parsed}: ${abbreviate(line)}`);
    else samples.push(parsed);
  });

  return { samples, errors };
}

function parseSampleLine(line: string): MetricSample | string {
  const name = METRIC_NAME.exec(line)?.[0];
  if (!name) return 'invalid metric name';

  let rest = line.slice(name.length);
  let labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    const parsed = parseLabels(rest);
    if (typeof parsed === 'string') return parsed;
    labels = parsed.labels;
    rest = rest.slice(parsed.length);
  }

  const fields = rest.trim().split(/\s+/);
  if (fields.length < 1 || fields.length > 2 || fields[0] === '') return 'expected a value and an optional timestamp';
  const value = parseSampleValue(fields[0] ?? '');
  if (value === undefined) return `invalid sample value "${fields[0] ?? ''}"`;

  const timestamp = fields[1];
  if (timestamp === undefined) return { name, labels, value };
  if (!/^-?[0-9]+$/.test(timestamp)) return `invalid timestamp "${timestamp}"`;
  return { name, labels, value, timestampMs: Number(timestamp) };
}

/** Parses `{a="x",b="y"}` at the start of `text`; returns the labels and the length consumed. */
function parseLabels(text: string): { labels: Record<string, string>; length: number } | string {
  const labels: Record<string, string> = {};
  let position = 1;

  for (;;) {
    position = skipSpaces(text, position);
    if (text[position] === '}') return { labels, length: position + 1 };

    const labelName = LABEL_NAME.exec(text.slice(position))?.[0];
    if (!labelName) return 'invalid label name';
    position = skipSpaces(text, position + labelName.length);
    if (text[position] !== '=') return `expected "=" after label ${labelName}`;
    position = skipSpaces(text, position + 1);
    if (text[position] !== '"') return `expected a quoted value for label ${labelName}`;

    const value = readQuotedValue(text, position + 1);
    if (!value) return `unterminated value for label ${labelName}`;
    labels[labelName] = value.text;
    position = skipSpaces(text, value.end);
    if (text[position] === ',') position += 1;
    else if (text[position] !== '}') return 'expected "," or "}" between labels';
  }
}

function readQuotedValue(text: string, start: number): { text: string; end: number } | undefined {
  let value = '';
  for (let position = start; position < text.length; position += 1) {
    const char = text[position];
    if (char === '"') return { text: value, end: position + 1 };
    if (char !== '\\') {
      value += char;
      continue;
    }
    const next = text[position + 1];
    value += next === 'n' ? '\n' : (next ?? '');
    position += 1;
  }
  return undefined;
}

function skipSpaces(text: string, position: number): number {
  let index = position;
  while (text[index] === ' ' || text[index] === '\t') index += 1;
  return index;
}

function parseSampleValue(text: string): number | undefined {
  if (text === 'NaN') return Number.NaN;
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (!/^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(text)) return undefined;
  return Number(text);
}

function abbreviate(line: string): string {
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

/**
 * Reads the JSON of a Prometheus query: a `vector` gives one sample per
 * series, a `matrix` the latest sample of each series. The metric name comes
 * from the `__name__` label, or `fallbackName` when the query dropped it
 * (any query with a function or operator does).
 */
export function parsePromQueryResult(body: unknown, fallbackName = ''): SampleReadResult {
  const errors: string[] = [];
  const root = body as { status?: unknown; error?: unknown; data?: { resultType?: unknown; result?: unknown } } | null;
  if (typeof root !== 'object' || root === null) return { samples: [], errors: ['The query response is not a JSON object.'] };
  if (root.status !== 'success') {
    return { samples: [], errors: [`The query failed: ${typeof root.error === 'string' ? root.error : `status ${String(root.status)}`}.`] };
  }

  const resultType = root.data?.resultType;
  const result = root.data?.result;
  if ((resultType !== 'vector' && resultType !== 'matrix') || !Array.isArray(result)) {
    return { samples: [], errors: [`Expected a vector or matrix result, got ${String(resultType)}.`] };
  }

  const samples: MetricSample[] = [];
  result.forEach((series: unknown, index) => {
    const sample = readSeries(series, resultType, fallbackName);
    if (typeof sample === 'string') errors.push(`Series ${index + 1}: ${sample}`);
    else samples.push(sample);
  });
  return { samples, errors };
}

function readSeries(series: unknown, resultType: 'vector' | 'matrix', fallbackName: string): MetricSample | string {
  const record = series as { metric?: unknown; value?: unknown; values?: unknown } | null;
  if (typeof record !== 'object' || record === null || typeof record.metric !== 'object' || record.metric === null) {
    return 'missing "metric" labels';
  }

  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(record.metric)) {
    if (typeof value === 'string') labels[key] = value;
  }
  const name = labels['__name__'] ?? fallbackName;
  delete labels['__name__'];

  const point = resultType === 'vector' ? record.value : Array.isArray(record.values) ? record.values.at(-1) : undefined;
  if (!Array.isArray(point) || point.length !== 2 || typeof point[0] !== 'number' || typeof point[1] !== 'string') {
    return 'expected a [timestamp, "value"] pair';
  }
  const value = parseSampleValue(point[1]);
  if (value === undefined) return `invalid sample value "${point[1]}"`;
  return { name, labels, value, timestampMs: Math.round(point[0] * 1000) };
}
