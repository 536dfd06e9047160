/**
 * Summarises a model server's /metrics page: vLLM's `vllm:` series (and
 * SGLang's `sglang:` ones, which follow the same names), or TGI's `tgi_`
 * series. vLLM renamed `gpu_cache_usage_perc` to `kv_cache_usage_perc`, so
 * both are read. Every series may carry a `model_name` label; values are
 * summed over models.
 */
import type { PodServingMetrics, ServingMetrics } from '../models/endpoints';
import { parsePrometheusText, type MetricSample } from '../resources/exposition';

type Summary = Omit<PodServingMetrics, 'pod' | 'error'>;

function sum(samples: readonly MetricSample[], name: string): number | undefined {
  const matching = samples.filter((sample) => sample.name === name && Number.isFinite(sample.value));
  return matching.length === 0 ? undefined : matching.reduce((total, sample) => total + sample.value, 0);
}

function mean(samples: readonly MetricSample[], name: string): number | undefined {
  const matching = samples.filter((sample) => sample.name === name && Number.isFinite(sample.value));
  return matching.length === 0 ? undefined : matching.reduce((total, sample) => total + sample.value, 0) / matching.length;
}

/**
 * Estimates a quantile from cumulative histogram buckets by linear
 * interpolation inside the bucket, as PromQL's histogram_quantile does.
 */
export function histogramQuantile(quantile: number, buckets: ReadonlyArray<{ le: number; count: number }>): number | undefined {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const total = sorted.at(-1)?.count ?? 0;
  if (total === 0) {
    return undefined;
  }
  const rank = quantile * total;
  let previous = { le: 0, count: 0 };
  for (const bucket of sorted) {
    if (bucket.count >= rank) {
      if (!Number.isFinite(bucket.le)) {
        // The rank falls in the +Inf bucket: the best estimate is the largest finite bound.
        return previous.le;
      }
      const inBucket = bucket.count - previous.count;
      return inBucket === 0 ? bucket.le : previous.le + ((bucket.le - previous.le) * (rank - previous.count)) / inBucket;
    }
    previous = bucket;
  }
  return previous.le;
}

function buckets(samples: readonly MetricSample[], name: string): Array<{ le: number; count: number }> {
  const byBound = new Map<number, number>();
  for (const sample of samples) {
    if (sample.name !== `${name}_bucket`) {
      continue;
    }
    const le = sample.labels['le'] === '+Inf' ? Infinity : Number(sample.labels['le']);
    if (!Number.isNaN(le)) {
      byBound.set(le, (byBound.get(le) ?? 0) + sample.value);
    }
  }
  return [...byBound].map(([le, count]) => ({ le, count }));
}

function timeToFirstToken(samples: readonly MetricSample[], prefix: string): Pick<Summary, 'timeToFirstTokenMeanMs' | 'timeToFirstTokenP95Ms'> {
  const name = `${prefix}time_to_first_token_seconds`;
  const total = sum(samples, `${name}_sum`);
  const count = sum(samples, `${name}_count`);
  const p95 = histogramQuantile(0.95, buckets(samples, name));
  return {
    ...(total !== undefined && count ? { timeToFirstTokenMeanMs: (total / count) * 1000 } : {}),
    ...(p95 !== undefined ? { timeToFirstTokenP95Ms: p95 * 1000 } : {}),
  };
}

function defined(values: Record<string, number | undefined>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, number] => entry[1] !== undefined));
}

function vllmLike(samples: readonly MetricSample[], family: 'vllm' | 'sglang'): Summary {
  const prefix = `${family}:`;
  return {
    family,
    ...defined({
      running: sum(samples, `${prefix}num_requests_running`),
      waiting: sum(samples, `${prefix}num_requests_waiting`),
      kvCacheUsage: mean(samples, `${prefix}kv_cache_usage_perc`) ?? mean(samples, `${prefix}gpu_cache_usage_perc`) ?? mean(samples, `${prefix}token_usage`),
      promptTokens: sum(samples, `${prefix}prompt_tokens_total`),
      generationTokens: sum(samples, `${prefix}generation_tokens_total`),
      requestsSucceeded: sum(samples, `${prefix}request_success_total`),
    }),
    ...timeToFirstToken(samples, prefix),
  };
}

function tgi(samples: readonly MetricSample[]): Summary {
  return {
    family: 'tgi',
    ...defined({
      running: sum(samples, 'tgi_batch_current_size'),
      waiting: sum(samples, 'tgi_queue_size'),
      requestsSucceeded: sum(samples, 'tgi_request_success'),
      generationTokens: sum(samples, 'tgi_request_generated_tokens_sum'),
    }),
  };
}

/** Summarises one /metrics page; a page with none of the known families gives an empty summary. */
export function summariseServingMetrics(text: string): Summary {
  const { samples } = parsePrometheusText(text);
  if (samples.some((sample) => sample.name.startsWith('vllm:'))) {
    return vllmLike(samples, 'vllm');
  }
  if (samples.some((sample) => sample.name.startsWith('sglang:'))) {
    return vllmLike(samples, 'sglang');
  }
  if (samples.some((sample) => sample.name.startsWith('tgi_'))) {
    return tgi(samples);
  }
  return {};
}

/** Totals over pods: counts and token totals add up, KV-cache use and time to first token average. */
export function totalServingMetrics(pods: readonly PodServingMetrics[], updatedAt: string): ServingMetrics {
  const answered = pods.filter((pod) => !pod.error);
  const add = (key: 'running' | 'waiting' | 'promptTokens' | 'generationTokens' | 'requestsSucceeded') => {
    const values = answered.map((pod) => pod[key]).filter((value) => value !== undefined);
    return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0);
  };
  const average = (key: 'kvCacheUsage' | 'timeToFirstTokenMeanMs' | 'timeToFirstTokenP95Ms') => {
    const values = answered.map((pod) => pod[key]).filter((value) => value !== undefined);
    return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length;
  };
  const family = answered.find((pod) => pod.family)?.family;
  const total: Summary = {
    ...(family ? { family } : {}),
    ...defined({
      running: add('running'),
      waiting: add('waiting'),
      kvCacheUsage: average('kvCacheUsage'),
      timeToFirstTokenMeanMs: average('timeToFirstTokenMeanMs'),
      timeToFirstTokenP95Ms: average('timeToFirstTokenP95Ms'),
      promptTokens: add('promptTokens'),
      generationTokens: add('generationTokens'),
      requestsSucceeded: add('requestsSucceeded'),
    }),
  };
  const unavailable = pods.length > 0 && answered.length === 0 ? pods[0]?.error : undefined;
  return { pods: [...pods], total, ...(unavailable ? { unavailable } : {}), updatedAt };
}
