/**
 * Opens a Kubernetes remote-command WebSocket (exec, attach) with a context's
 * credentials. It does what client-node's WebSocketHandler.connect does (same
 * subprotocols, `applyToHTTPSOptions` for TLS, proxy and auth), but keeps the
 * socket in our hands: a refused upgrade's Status body becomes an AppError
 * that names the missing permission, and no stream ever touches process stdio.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { IncomingMessage } from 'node:http';
import WebSocket, { type ClientOptions } from 'ws';
import { appError, type AppErrorException } from '../../shared/result';

/** v5 adds the close-stream frame (255); older ones are kept for older API servers. */
const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'];

/** How long the upgrade may take before the open fails. */
const HANDSHAKE_TIMEOUT_MS = 30_000;

export interface ChannelTarget {
  namespace: string;
  pod: string;
  /** The pod subresource, which RBAC checks with verb create (and get). */
  subresource: 'exec' | 'attach';
  query: URLSearchParams;
}

/** Connects and resolves with the open socket; rejects with an AppErrorException. */
export async function openChannelSocket(kc: KubeConfig, target: ChannelTarget): Promise<WebSocket> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    throw appError('Kubeconfig', 'The context has no cluster entry; fix the context in the kubeconfig file.');
  }
  const base = cluster.server.replace(/\/+$/, '').replace(/^http/, 'ws');
  const path = `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}/${target.subresource}`;
  const url = `${base}${path}?${target.query.toString()}`;
  const options: ClientOptions = { handshakeTimeout: HANDSHAKE_TIMEOUT_MS };
  await kc.applyToHTTPSOptions(options);

  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, PROTOCOLS, options);
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (request, response) => {
      void readRefusal(response, target).then(reject, reject);
      request.destroy();
    });
    socket.once('error', (error) => reject(error));
  });
}

/** Reads the Status body of a refused upgrade and builds the error the user sees. */
async function readRefusal(response: IncomingMessage, target: ChannelTarget): Promise<AppErrorException> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) {
    chunks.push(chunk as Buffer);
    if (chunks.length > 64) break;
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const status = parseStatus(text);
  const code = response.statusCode ?? 0;
  const serverMessage = status?.message ?? (text.trim().slice(0, 300) || `HTTP ${code}`);
  const statusField = { code, ...(status?.reason ? { reason: status.reason } : {}), message: serverMessage };
  const where = `pod ${target.namespace}/${target.pod}`;

  if (code === 403) {
    return appError(
      'Forbidden',
      `You may not open a ${target.subresource} session in ${where}: your role needs create (and get) on pods/${target.subresource} in namespace ${target.namespace}. Ask a cluster administrator for it. Server: ${serverMessage}`,
      { status: statusField, namespace: target.namespace, denied: { verb: 'create', resource: 'pods', subresource: target.subresource, namespace: target.namespace } },
    );
  }
  if (code === 401) {
    return appError('Unauthorized', `The API server rejected the credentials of this context (${serverMessage}); log in again or fix the user entry.`, { status: statusField });
  }
  if (code === 404) {
    return appError('NotFound', `${where} was not found (${serverMessage}); it may have been deleted or replaced.`, { status: statusField, namespace: target.namespace });
  }
  if (code === 400) {
    return appError('InvalidInput', `The server refused the ${target.subresource} request for ${where}: ${serverMessage}`, { status: statusField, namespace: target.namespace });
  }
  return appError('Unavailable', `The ${target.subresource} request for ${where} failed with HTTP ${code}: ${serverMessage}`, { status: statusField });
}

function parseStatus(text: string): { message?: string; reason?: string } | undefined {
  try {
    const body = JSON.parse(text) as { kind?: string; message?: string; reason?: string };
    return body.kind === 'Status' ? body : undefined;
  } catch {
    // The body is plain text (a proxy's page); the caller uses it as the message.
    return undefined;
  }
}
