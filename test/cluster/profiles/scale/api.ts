import { Agent, request, type RequestOptions } from 'node:https';

import { KubeConfig } from '@kubernetes/client-node';

/**
 * A minimal API client for bulk writes: plain HTTPS with keep-alive
 * connections and the kubeconfig's client certificate. Creating tens of
 * thousands of objects this way is much faster than a kubectl process per
 * chunk, and the caller bounds the concurrency.
 */
export interface BulkClient {
  /** Sends one request; resolves with the status and body, whatever the status. */
  send(method: string, path: string, body?: unknown, contentType?: string): Promise<{ status: number; body: string }>;
  close(): void;
}

export async function createBulkClient(kubeconfigPath: string, maxSockets: number): Promise<BulkClient> {
  const config = new KubeConfig();
  config.loadFromFile(kubeconfigPath);
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new Error(`kubeconfig ${kubeconfigPath} has no current cluster`);
  const server = new URL(cluster.server);
  if (server.hostname !== '127.0.0.1' && server.hostname !== 'localhost') {
    throw new Error(`kubeconfig ${kubeconfigPath} points at ${server.host}; the scale tools only talk to a local cluster on 127.0.0.1`);
  }

  const tls: RequestOptions = {};
  await config.applyToHTTPSOptions(tls);
  const agent = new Agent({ keepAlive: true, maxSockets, ...(tls.ca ? { ca: tls.ca } : {}), ...(tls.cert ? { cert: tls.cert } : {}), ...(tls.key ? { key: tls.key } : {}) });

  const send: BulkClient['send'] = (method, path, body, contentType = 'application/json') =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const outgoing = request(
        {
          agent,
          method,
          hostname: server.hostname,
          port: server.port || 443,
          path,
          headers: {
            accept: 'application/json',
            ...(payload === undefined ? {} : { 'content-type': contentType, 'content-length': Buffer.byteLength(payload) }),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(payload);
    });

  return { send, close: () => agent.destroy() };
}

/**
 * Runs `task` for every item with at most `concurrency` at a time; rejects
 * with the first error after the running tasks settle.
 */
export async function forEachBounded<T>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next;
      next += 1;
      try {
        await task(items[index] as T, index);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failure !== undefined) throw failure;
}

/** POSTs each object to its collection, accepting 409 (already exists) so that a seed can be rerun. */
export async function createAll(client: BulkClient, objects: readonly ScaleObject[], concurrency: number): Promise<void> {
  await forEachBounded(objects, concurrency, async (object) => {
    const { status, body } = await client.send('POST', collectionPath(object), object);
    if (status !== 201 && status !== 409) {
      throw new Error(`creating ${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name} failed with HTTP ${status}: ${body.slice(0, 300)}`);
    }
  });
}

export interface ScaleObject {
  apiVersion: string;
  kind: 'Node' | 'Pod' | 'Namespace';
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: unknown;
  status?: unknown;
}

function collectionPath(object: ScaleObject): string {
  switch (object.kind) {
    case 'Node':
      return '/api/v1/nodes';
    case 'Namespace':
      return '/api/v1/namespaces';
    case 'Pod':
      return `/api/v1/namespaces/${encodeURIComponent(object.metadata.namespace ?? 'default')}/pods`;
  }
}
