/**
 * The worker thread that reads watch streams for main. At a high event rate
 * the API server closes a watch whose client falls behind, because its
 * buffer per watcher has room for about 170 events (k8s.io/apiserver 0.37,
 * cacher). Reading, parsing and stripping here keeps the socket drained
 * while main's event loop computes views or collects garbage. Main receives
 * the events whenever it is free.
 *
 * Credentials arrive resolved from main with each start message. This
 * thread runs no exec plugin and reads no kubeconfig file.
 */
import type { Agent, IncomingMessage, RequestOptions } from 'node:http';
import http from 'node:http';
import https from 'node:https';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent';
import { SocksProxyAgent } from 'socks-proxy-agent';
import type { KubeObject } from '../../../shared/k8s/object';
import { stripEventObject } from '../strip';
import { createLineDecoder } from './lines';
import type { FromWorker, StartStream, StreamEnd, StreamRoute, StreamTls, ToWorker, WireEvent } from './protocol';

/** Maximum bytes of a refusal's body kept for the error message; the API server's Status is far shorter. */
const MAX_REFUSAL_BYTES = 64 * 1024;

const streams = new Map<number, { abort(): void }>();

/** Timer period of the delay monitor, in milliseconds. */
const LOOP_DELAY_RESOLUTION_MS = 10;
/** Started by the first request, so an unmeasured worker wakes no timer 100 times a second. */
let loopDelay: ReturnType<typeof monitorEventLoopDelay> | undefined;

function post(message: FromWorker): void {
  parentPort?.postMessage(message);
}

/** Structured cloning turned main's Buffers into Uint8Arrays; TLS wants Buffers or strings. */
function toBuffer(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(toBuffer);
  }
  if (value instanceof Uint8Array) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  return value;
}

function tlsOptions(tls: StreamTls): Record<string, unknown> {
  return Object.fromEntries(Object.entries(tls).map(([field, value]) => [field, toBuffer(value)]));
}

/** Returns the agent for a proxy-url, chosen as client-node's createAgent chooses it, or undefined to connect directly. */
function proxyAgent(route: StreamRoute, secure: boolean, tls: Record<string, unknown>): Agent | undefined {
  if (route.type === 'socks') {
    return new SocksProxyAgent(route.proxyUrl, tls);
  }
  if (route.type === 'proxy') {
    const options = { ...tls, proxy: route.proxyUrl, keepAlive: false };
    return secure ? new HttpsProxyAgent(options) : new HttpProxyAgent(options);
  }
  return undefined;
}

function parseEvents(lines: string[], kind: string): WireEvent[] {
  const events: WireEvent[] = [];
  for (const line of lines) {
    let event: { type?: unknown; object?: KubeObject };
    try {
      event = JSON.parse(line) as typeof event;
    } catch {
      // The API server writes whole JSON lines; a line that does not parse is a proxy's noise, skipped like client-node does.
      continue;
    }
    if (typeof event.type !== 'string' || !event.object || typeof event.object !== 'object') {
      continue;
    }
    events.push({ type: event.type, json: JSON.stringify(stripEventObject(event.type, event.object, kind)) });
  }
  return events;
}

function errorOf(error: Error): NonNullable<StreamEnd['error']> {
  const code = (error as { code?: unknown }).code;
  return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
}

/** Parses a refused watch's body: the API server's Status as JSON, or a proxy's text. */
function refusal(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.slice(0, 2_000);
  }
}

/**
 * Reads one watch with node:http(s). undici, which client-node's Watch and
 * fetch use, fell behind at the API server's ceiling. In a test script on the
 * 2-core bench machine at about 320 pod updates/s, the API server closed an
 * undici watch 8 times in 30 s. In the same 30 s it closed a node:https
 * reader and kubectl's watch not once. The worker keeps HTTP/1.1, because
 * bench/watch-clients.md found node:http2 no sooner with the flow-control
 * windows of Go's client, and far behind with Node's default 64 KiB window.
 */
function start(message: StartStream): void {
  const url = new URL(message.url);
  const secure = url.protocol === 'https:';
  const tls = tlsOptions(message.route.tls);
  const agent = proxyAgent(message.route, secure, tls);
  const options: RequestOptions = { ...tls, headers: message.headers, ...(agent ? { agent } : { agent: false }) };
  let bytes = 0;
  let aborted = false;
  let ended = false;

  const end = (result: Omit<StreamEnd, 'type' | 'id' | 'bytes'>): void => {
    if (ended) {
      return;
    }
    ended = true;
    streams.delete(message.id);
    post({ type: 'end', id: message.id, ...(aborted ? {} : result), bytes });
    agent?.destroy();
  };

  const readEvents = (response: IncomingMessage): void => {
    const lines = createLineDecoder();
    response.on('data', (chunk: Buffer) => {
      bytes += chunk.byteLength;
      const events = parseEvents(lines.push(chunk), message.kind);
      if (events.length > 0) {
        post({ type: 'events', id: message.id, events, bytes, readAt: Date.now() });
        bytes = 0;
      }
    });
    response.on('end', () => {
      const rest = parseEvents(lines.end(), message.kind);
      if (rest.length > 0) {
        post({ type: 'events', id: message.id, events: rest, bytes, readAt: Date.now() });
        bytes = 0;
      }
      end({});
    });
  };

  const readRefusal = (response: IncomingMessage): void => {
    const chunks: Buffer[] = [];
    let length = 0;
    response.on('data', (chunk: Buffer) => {
      if (length < MAX_REFUSAL_BYTES) {
        chunks.push(chunk);
        length += chunk.byteLength;
      }
    });
    response.on('end', () => end({ status: response.statusCode ?? 0, body: refusal(Buffer.concat(chunks).toString('utf8')) }));
  };

  const request = (secure ? https : http).get(url, options, (response) => {
    response.on('error', (error) => end({ error: errorOf(error) }));
    if (response.statusCode === 200) {
      readEvents(response);
    } else {
      readRefusal(response);
    }
  });
  request.on('socket', (socket) => {
    // Keep-alive probes at 30 s, as client-go and client-node use, so an idle load balancer does not drop the stream.
    socket.setKeepAlive(true, 30_000);
  });
  // The socket's idle timer: no bytes for inactivityMs means a dead connection.
  request.setTimeout(message.inactivityMs, () => {
    request.destroy(Object.assign(new Error(`No bytes for ${message.inactivityMs / 1000} s on the watch of ${url.pathname}.`), { name: 'TimeoutError' }));
  });
  request.on('error', (error) => end({ error: errorOf(error) }));
  request.on('close', () => end({ error: { name: 'Error', message: `The watch of ${url.pathname} closed before its response ended.` } }));

  streams.set(message.id, {
    abort: () => {
      aborted = true;
      request.destroy();
    },
  });
}

function stop(id: number): void {
  streams.get(id)?.abort();
}

const NS_PER_MS = 1e6;

/**
 * Converts one histogram value to how late the timer ran, in milliseconds.
 * The histogram records the whole time between two runs of its timer, so an
 * idle loop reads about the timer's period, which is subtracted here.
 */
function lateness(nanoseconds: number): number {
  return Math.max(0, nanoseconds / NS_PER_MS - LOOP_DELAY_RESOLUTION_MS);
}

/** Reports the loop's delays since the previous report (none before the first) and starts a new count. */
function reportLoopDelay(): void {
  if (!loopDelay) {
    loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
    loopDelay.enable();
  }
  // The first request starts the monitor, so it has no sample yet: report zeros, not an empty histogram's values.
  const sampled = loopDelay.count > 0;
  post({
    type: 'loop-delay',
    maxMs: sampled ? lateness(loopDelay.max) : 0,
    p99Ms: sampled ? lateness(loopDelay.percentile(99)) : 0,
  });
  loopDelay.reset();
}

parentPort?.on('message', (message: ToWorker) => {
  if (message.type === 'start') {
    start(message);
  } else if (message.type === 'stop') {
    stop(message.id);
  } else {
    reportLoopDelay();
  }
});
post({ type: 'ready' });
