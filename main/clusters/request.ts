/**
 * Raw requests to the API server with a context's credentials. client-node's
 * typed APIs cover built-in kinds; the cache and discovery need paths built
 * from any GVR, so they use this helper on the same undici dispatcher and
 * authentication (exec plugins, client certificates, proxy-url, SNI).
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { RequestContext, HttpMethod } from '@kubernetes/client-node';
import { fetch, type Response } from 'undici';
import { appError } from '../../shared/result';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
}

/** Status body of a failed request, as the API server sends it. */
export interface StatusBody {
  kind?: string;
  code?: number;
  reason?: string;
  message?: string;
  details?: { group?: string; kind?: string; name?: string };
}

/** Builds the URL of `path` on the context's cluster, with the query parameters that are set. */
export function buildUrl(kc: KubeConfig, path: string, query: RequestOptions['query']): URL {
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    throw appError('Kubeconfig', 'The context has no cluster entry; fix the context in the kubeconfig file.');
  }
  const url = new URL(cluster.server.replace(/\/+$/, '') + path);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) {
      url.searchParams.set(key, String(value));
    }
  }
  return url;
}

/** Sends one request and returns the undici Response; the caller reads or streams the body. */
export async function kubeFetch(kc: KubeConfig, path: string, options: RequestOptions = {}): Promise<Response> {
  const url = buildUrl(kc, path, options.query);
  const method = options.method ?? 'GET';
  const context = new RequestContext(url.toString(), HttpMethod[method]);
  await kc.applySecurityAuthentication(context);
  const headers: Record<string, string> = { ...context.getHeaders(), accept: 'application/json' };
  if (options.body !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/json';
  }
  return fetch(url, {
    method,
    headers,
    dispatcher: context.getDispatcher() as never,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

/** An HTTP failure carrying the API server's Status, mapped to AppError kinds by the transport. */
export class KubeRequestError extends Error {
  readonly code: number;
  readonly body: StatusBody | string;

  constructor(code: number, body: StatusBody | string, path: string) {
    const detail = typeof body === 'string' ? body.slice(0, 300) : (body.message ?? body.reason ?? '');
    super(`${code} from ${path}: ${detail}`.trim());
    this.name = 'KubeRequestError';
    this.code = code;
    this.body = body;
  }
}

/** Sends a request and parses the JSON body, throwing KubeRequestError on a non-2xx status. */
export async function kubeJson<T>(kc: KubeConfig, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await kubeFetch(kc, path, options);
  const text = await response.text();
  if (!response.ok) {
    let body: StatusBody | string = text;
    try {
      body = JSON.parse(text) as StatusBody;
    } catch {
      // A proxy or load balancer may answer with plain text; keep it as the message.
    }
    throw new KubeRequestError(response.status, body, path);
  }
  return JSON.parse(text) as T;
}
