/**
 * One TCP connection carried over one port-forward WebSocket. client-node's
 * PortForward leaves the local socket open when the WebSocket closes, drops
 * the error channel's text and rejects inside the server callback; this
 * module owns both ends instead: either side closing destroys the other, the
 * error channel ends only this connection with its text, and flow control
 * works in both directions.
 *
 * Wire format (channel.k8s.io v4/v5 as served by the kubelet): every binary
 * message starts with a channel byte, 0 = data and 1 = error for the one
 * port; the first message on each channel from the server starts with the
 * port number in two bytes, which is stripped here.
 */
import type { Socket } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { KubeConfig } from '@kubernetes/client-node';
import WebSocket from 'ws';
import type { AppError } from '../../shared/result';
import { toAppError } from '../transport/errors';
import { forbiddenPortForward } from './errors';

const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'];
const DATA_CHANNEL = 0;
const ERROR_CHANNEL = 1;
/** v5 control frame: [255, channel] closes the sender's side of one channel. */
const CLOSE_STREAM = 255;

/** Pause reading the local socket while this many bytes wait to go out on the WebSocket. */
const HIGH_WATER_BYTES = 1024 * 1024;
/** Idle proxies and load balancers drop quiet WebSockets after a few minutes; a ping keeps them open. */
const DEFAULT_PING_INTERVAL_MS = 30_000;

export interface UpstreamTarget {
  kubeConfig: KubeConfig;
  namespace: string;
  pod: string;
  port: number;
}

export interface ConnectionEnd {
  /** Set when the cluster ended the connection with an error: refused, reset, Forbidden, unreachable. */
  error?: AppError;
}

export interface StreamHooks {
  onSent(bytes: number): void;
  onReceived(bytes: number): void;
  pingIntervalMs?: number;
}

export interface ForwardedConnection {
  readonly done: Promise<ConnectionEnd>;
  /** Closes both ends now, for example when the pod behind it was replaced. */
  close(): void;
}

/** Builds the WebSocket URL of a pod's portforward subresource. */
export function portForwardUrl(server: string, namespace: string, pod: string, port: number): string {
  const base = server.replace(/^http/, 'ws').replace(/\/+$/, '');
  return `${base}/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/portforward?ports=${port}`;
}

/** Reads the API server's response to a rejected upgrade and maps it to an AppError. */
async function rejectedUpgrade(response: IncomingMessage, target: UpstreamTarget): Promise<AppError> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) {
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const code = response.statusCode ?? 0;
  if (code === 403) {
    return forbiddenPortForward(target.namespace, text);
  }
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Proxies answer in plain text; the status code still classifies it.
  }
  return toAppError({ code, body, message: `The API server rejected the port-forward to ${target.namespace}/${target.pod} with HTTP ${code}.` });
}

/** Strips the channel byte and, on a channel's first message, the two-byte port number. */
function createFrameReader(onData: (data: Buffer) => void, onError: (text: string) => void): (frame: Buffer) => void {
  const seenPort = [false, false];
  return (frame) => {
    const channel = frame[0];
    if (channel !== DATA_CHANNEL && channel !== ERROR_CHANNEL) {
      return;
    }
    let payload = frame.subarray(1);
    if (!seenPort[channel]) {
      seenPort[channel] = true;
      payload = payload.subarray(2);
    }
    if (payload.length === 0) {
      return;
    }
    if (channel === DATA_CHANNEL) {
      onData(payload);
    } else {
      onError(payload.toString('utf8'));
    }
  };
}

/** Carries one accepted local socket to the pod over a new WebSocket; resolves `done` when both ends are closed. */
export function forwardConnection(socket: Socket, target: UpstreamTarget, hooks: StreamHooks): ForwardedConnection {
  let settle: (end: ConnectionEnd) => void = () => undefined;
  const done = new Promise<ConnectionEnd>((resolve) => (settle = resolve));
  let ended = false;
  let ws: WebSocket | undefined;
  let ping: NodeJS.Timeout | undefined;

  const finish = (error?: AppError): void => {
    if (ended) {
      return;
    }
    ended = true;
    clearInterval(ping);
    socket.destroy();
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      ws.terminate();
    }
    settle(error ? { error } : {});
  };

  // Nothing is read from the client until the pod's end is open, so no byte is lost or buffered without bound.
  socket.pause();
  socket.on('error', () => finish());
  socket.on('close', () => finish());

  void open(target, socket, hooks, {
    attach: (created) => (ws = created),
    started: (timer) => (ping = timer),
    finish,
    isEnded: () => ended,
  });
  return { done, close: () => finish() };
}

interface Lifecycle {
  attach(ws: WebSocket): void;
  started(ping: NodeJS.Timeout): void;
  finish(error?: AppError): void;
  isEnded(): boolean;
}

async function open(target: UpstreamTarget, socket: Socket, hooks: StreamHooks, life: Lifecycle): Promise<void> {
  const cluster = target.kubeConfig.getCurrentCluster();
  if (!cluster) {
    life.finish({ kind: 'Kubeconfig', message: 'The context has no cluster entry; fix the context in the kubeconfig file.' });
    return;
  }
  const options: WebSocket.ClientOptions = {};
  try {
    await target.kubeConfig.applyToHTTPSOptions(options);
  } catch (error) {
    life.finish(toAppError(error));
    return;
  }
  if (life.isEnded()) {
    return;
  }

  const ws = new WebSocket(portForwardUrl(cluster.server, target.namespace, target.pod, target.port), PROTOCOLS, options);
  life.attach(ws);
  ws.on('unexpected-response', (_request, response) => {
    void rejectedUpgrade(response, target).then((error) => life.finish(error), (error: unknown) => life.finish(toAppError(error)));
  });
  ws.on('error', (error) => life.finish(toAppError(error)));
  ws.on('close', () => life.finish());
  ws.on('open', () => pipe(ws, socket, hooks, life));
}

function pipe(ws: WebSocket, socket: Socket, hooks: StreamHooks, life: Lifecycle): void {
  const read = createFrameReader(
    (data) => {
      hooks.onReceived(data.length);
      if (!socket.write(data)) {
        ws.pause();
      }
    },
    (text) => life.finish({ kind: 'Unavailable', message: `The pod refused the connection: ${text.trim()}` }),
  );
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) {
      read(data);
    }
  });
  socket.on('drain', () => ws.resume());

  socket.on('data', (chunk: Buffer) => {
    hooks.onSent(chunk.length);
    ws.send(Buffer.concat([Buffer.of(DATA_CHANNEL), chunk]), () => {
      if (ws.bufferedAmount < HIGH_WATER_BYTES && socket.isPaused()) {
        socket.resume();
      }
    });
    if (ws.bufferedAmount >= HIGH_WATER_BYTES) {
      socket.pause();
    }
  });
  // The listener allows half-open sockets: a client that ends its side still reads the reply.
  // v5 can say so to the pod with a close-stream frame; older protocols cannot, so the
  // connection ends there.
  socket.on('end', () => {
    if (ws.protocol === 'v5.channel.k8s.io') {
      ws.send(Buffer.of(CLOSE_STREAM, DATA_CHANNEL));
    } else {
      ws.close();
    }
  });

  const timer = setInterval(() => ws.ping(), hooks.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS);
  timer.unref();
  life.started(timer);
  socket.resume();
}
