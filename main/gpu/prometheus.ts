/**
 * A small Prometheus HTTP API client over three ways in: a direct URL, the
 * API server's service proxy, or a port-forward to a Service (helper F's
 * manager, which follows the Service to a new pod when one is replaced).
 * Every response that is not Prometheus JSON becomes an AppError that says
 * what came back, so a wrong port or a login page is named, not parsed.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { fetch } from 'undici';
import type { MetricsSource } from '../../shared/models/gpu';
import { describeSource, trimBaseUrl } from '../../shared/gpu/source';
import type { ForwardState } from '../../shared/models/portforward';
import { appError, AppErrorException } from '../../shared/result';
import { kubeFetch } from '../clusters/request';

/** A query that takes longer than this marks the source slow; the allocation view never waits for it. */
export const QUERY_TIMEOUT_MS = 8_000;

type Params = Record<string, string>;

export interface PrometheusEndpoint {
  readonly description: string;
  /** GETs an API path (`/api/v1/query`) and returns the parsed JSON body. */
  get(path: string, params: Params, signal?: AbortSignal): Promise<unknown>;
  dispose(): Promise<void>;
}

/** What the client needs from the port-forward manager. */
export interface ForwardStarter {
  startForward(input: { contextId: string; target: { kind: 'service'; namespace: string; name: string; port: number | string }; localPort: number; keep: boolean }): Promise<ForwardState>;
  stopForward(id: string): Promise<void>;
}

export interface EndpointDeps {
  contextId: string;
  kubeConfig: KubeConfig;
  forwards?: ForwardStarter;
  timeoutMs?: number;
}

/** Opens an endpoint for a configured source; a port-forward is started here and stopped by dispose(). */
export async function openEndpoint(source: MetricsSource, deps: EndpointDeps): Promise<PrometheusEndpoint> {
  const timeoutMs = deps.timeoutMs ?? QUERY_TIMEOUT_MS;
  const description = describeSource(source) ?? '';
  switch (source.kind) {
    case 'none':
      throw appError('InvalidInput', 'No metrics source is configured; choose a Prometheus Service or URL in the GPU settings.');
    case 'url':
      return urlEndpoint(trimBaseUrl(source.url), description, timeoutMs);
    case 'service':
      if (source.via === 'service-proxy') return proxyEndpoint(deps.kubeConfig, source, description, timeoutMs);
      return forwardEndpoint(source, deps, description, timeoutMs);
  }
}

function urlEndpoint(base: string, description: string, timeoutMs: number, onDispose: () => Promise<void> = async () => {}): PrometheusEndpoint {
  return {
    description,
    async get(path, params, signal) {
      const url = `${base}${path}?${new URLSearchParams(params).toString()}`;
      const response = await send(description, timeoutMs, signal, (combined) => fetch(url, { headers: { accept: 'application/json' }, signal: combined }));
      return readBody(description, response.status, response.headers.get('content-type'), await response.text());
    },
    dispose: onDispose,
  };
}

/** The service proxy path: `/api/v1/namespaces/<ns>/services/<name>:<port>/proxy`. */
export function serviceProxyPath(source: { namespace: string; name: string; port: number | string }): string {
  return `/api/v1/namespaces/${encodeURIComponent(source.namespace)}/services/${encodeURIComponent(source.name)}:${encodeURIComponent(String(source.port))}/proxy`;
}

function proxyEndpoint(kubeConfig: KubeConfig, source: Extract<MetricsSource, { kind: 'service' }>, description: string, timeoutMs: number): PrometheusEndpoint {
  const prefix = serviceProxyPath(source);
  return {
    description,
    async get(path, params, signal) {
      const response = await send(description, timeoutMs, signal, (combined) => kubeFetch(kubeConfig, `${prefix}${path}`, { query: params, signal: combined }));
      if (response.status === 403) {
        throw appError('Forbidden', `You may not use the service proxy of ${source.namespace}/${source.name} (get services/proxy); choose the port-forward instead.`, {
          denied: { verb: 'get', resource: 'services', subresource: 'proxy', namespace: source.namespace },
        });
      }
      return readBody(description, response.status, response.headers.get('content-type'), await response.text());
    },
    dispose: async () => {},
  };
}

async function forwardEndpoint(source: Extract<MetricsSource, { kind: 'service' }>, deps: EndpointDeps, description: string, timeoutMs: number): Promise<PrometheusEndpoint> {
  const forwards = deps.forwards;
  if (!forwards) {
    throw appError('Unavailable', 'Port-forwards are not available in this app build; choose the service proxy or a direct URL.');
  }
  const state = await forwards.startForward({
    contextId: deps.contextId,
    target: { kind: 'service', namespace: source.namespace, name: source.name, port: source.port },
    localPort: 0,
    keep: false,
  });
  return urlEndpoint(`http://127.0.0.1:${state.localPort}`, description, timeoutMs, () => forwards.stopForward(state.id));
}

type Answer = { status: number; headers: { get(name: string): string | null }; text(): Promise<string> };

async function send<R extends Answer>(description: string, timeoutMs: number, signal: AbortSignal | undefined, request: (signal: AbortSignal) => Promise<R>): Promise<R> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    return await request(combined);
  } catch (error) {
    if (error instanceof AppErrorException) throw error;
    if (timeout.aborted) throw appError('Timeout', `Prometheus at ${description} timed out after ${timeoutMs / 1000} s; check that it runs and is not overloaded.`);
    if (signal?.aborted) throw appError('Cancelled', 'The metrics query was cancelled.');
    const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    throw appError('Unreachable', `Prometheus at ${description} is unreachable: ${cause}. Check the address, port and any tunnel.`);
  }
}

/** Reads Prometheus' JSON (also its error JSON on 400/422/503); anything else is named. */
export function readBody(description: string, status: number, contentType: string | null, text: string): unknown {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const kind = status === 404 ? 'NotFound' : 'Unavailable';
    const excerpt = text.replace(/\s+/g, ' ').slice(0, 120);
    throw appError(kind, `${description} returned HTTP ${status} with ${contentType ?? 'no content type'}, not Prometheus JSON ("${excerpt}"); check that it is the Prometheus API (port 9090 by default).`);
  }
  const error = (body as { status?: unknown; error?: unknown } | null)?.status === 'error' ? (body as { error?: unknown }).error : undefined;
  if (error !== undefined) throw appError('Unavailable', `Prometheus at ${description} rejected the query: ${String(error)}`);
  if (status < 200 || status >= 300) throw appError('Unavailable', `Prometheus at ${description} returned HTTP ${status}.`);
  return body;
}
