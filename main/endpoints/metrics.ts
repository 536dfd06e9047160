/** Reads serving metrics from each Ready pod's metrics port through an on-demand forward. */
import type { DiscoveredEndpoint } from '../../shared/endpoints/discover';
import { summariseServingMetrics, totalServingMetrics } from '../../shared/endpoints/serving-metrics';
import type { PodServingMetrics, ServingMetrics } from '../../shared/models/endpoints';
import { toAppError } from '../transport/errors';
import type { ForwardPool } from './forwards';
import { QUICK_LIMITS, sendHttp, type HttpLimits } from './http-client';
import { metricsTargets } from './targets';

/** A metrics page larger than this is cut; vLLM's page is a few hundred kilobytes at most. */
const MAX_METRICS_BYTES = 4 * 1024 * 1024;

async function readPod(contextId: string, target: ReturnType<typeof metricsTargets>[number], path: string, pool: ForwardPool, limits: HttpLimits): Promise<PodServingMetrics> {
  const pod = target.name;
  let url: string;
  try {
    url = `${(await pool.acquire(contextId, target)).url}${path}`;
  } catch (error) {
    return { pod, error: `The port-forward to ${pod}:${target.port} could not start: ${toAppError(error).message}` };
  }
  let body = '';
  const outcome = await sendHttp({
    method: 'GET',
    url,
    headers: { accept: 'text/plain' },
    limits,
    signal: new AbortController().signal,
    onChunk: (text) => {
      if (body.length < MAX_METRICS_BYTES) {
        body += text;
      }
    },
  });
  if (!outcome.ok) {
    return { pod, error: outcome.problem.message };
  }
  if (outcome.status >= 400) {
    return { pod, error: `GET ${path} on port ${target.port} answered HTTP ${outcome.status}; the server may need metrics turned on.` };
  }
  const summary = summariseServingMetrics(body);
  return summary.family ? { pod, ...summary } : { pod, error: `GET ${path} on port ${target.port} has no vLLM, SGLang or TGI metrics.` };
}

export async function readServingMetrics(contextId: string, endpoint: DiscoveredEndpoint, pool: ForwardPool, limits: HttpLimits = QUICK_LIMITS): Promise<ServingMetrics> {
  const targets = metricsTargets(endpoint);
  const path = endpoint.serverInfo.metricsPath ?? '/metrics';
  const updatedAt = new Date().toISOString();
  if (targets.length === 0) {
    const why = endpoint.serverInfo.metricsPort === undefined ? `${endpoint.serverInfo.server} publishes no known metrics page.` : 'No pod is Ready.';
    return { pods: [], total: {}, unavailable: why, updatedAt };
  }
  const pods = await Promise.all(targets.map((target) => readPod(contextId, target, path, pool, limits)));
  return totalServingMetrics(pods, updatedAt);
}
