import { describe, expect, it } from 'vitest';
import { histogramQuantile, summariseServingMetrics, totalServingMetrics } from '../../../shared/endpoints/serving-metrics';

const VLLM_PAGE = `# HELP vllm:num_requests_running Number of requests in model execution batches.
# TYPE vllm:num_requests_running gauge
vllm:num_requests_running{model_name="a"} 2
vllm:num_requests_running{model_name="b"} 1
vllm:num_requests_waiting{model_name="a"} 4
vllm:gpu_cache_usage_perc{model_name="a"} 0.5
vllm:generation_tokens_total{model_name="a"} 1200
vllm:time_to_first_token_seconds_bucket{model_name="a",le="0.1"} 5
vllm:time_to_first_token_seconds_bucket{model_name="a",le="0.5"} 10
vllm:time_to_first_token_seconds_bucket{model_name="a",le="+Inf"} 10
vllm:time_to_first_token_seconds_sum{model_name="a"} 2
vllm:time_to_first_token_seconds_count{model_name="a"} 10
`;

describe('summariseServingMetrics', () => {
  it('reads vLLM gauges, the old KV-cache name and TTFT', () => {
    const summary = summariseServingMetrics(VLLM_PAGE);
    expect(summary).toMatchObject({ family: 'vllm', running: 3, waiting: 4, kvCacheUsage: 0.5, generationTokens: 1200, timeToFirstTokenMeanMs: 200 });
    // The 9.5th of 10 observations lies 90% of the way through the 0.1–0.5 s bucket.
    expect(summary.timeToFirstTokenP95Ms).toBeCloseTo(460, 6);
  });

  it('reads TGI', () => {
    expect(summariseServingMetrics('tgi_queue_size 3\ntgi_batch_current_size 8\n')).toEqual({ family: 'tgi', running: 8, waiting: 3 });
  });

  it('gives nothing for an unrelated page', () => {
    expect(summariseServingMetrics('process_cpu_seconds_total 1\n')).toEqual({});
  });
});

describe('histogramQuantile', () => {
  it.each([
    { name: 'middle of a bucket', quantile: 0.5, buckets: [{ le: 1, count: 0 }, { le: 2, count: 10 }, { le: Infinity, count: 10 }], value: 1.5 },
    { name: 'rank in +Inf bucket', quantile: 0.99, buckets: [{ le: 1, count: 5 }, { le: Infinity, count: 10 }], value: 1 },
    { name: 'empty histogram', quantile: 0.5, buckets: [{ le: 1, count: 0 }], value: undefined },
  ])('$name', ({ quantile, buckets, value }) => {
    expect(histogramQuantile(quantile, buckets)).toBe(value);
  });
});

describe('totalServingMetrics', () => {
  it('adds counts, averages KV-cache use and reports when no pod answered', () => {
    const total = totalServingMetrics([{ pod: 'a', family: 'vllm', running: 1, kvCacheUsage: 0.2 }, { pod: 'b', family: 'vllm', running: 2, kvCacheUsage: 0.4 }], 'now');
    expect(total.total).toMatchObject({ running: 3, kvCacheUsage: expect.closeTo(0.3, 5) });
    expect(totalServingMetrics([{ pod: 'a', error: 'refused' }], 'now').unavailable).toBe('refused');
  });
});
