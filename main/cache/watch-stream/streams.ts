/**
 * Watch streams for the reflectors. A worker thread reads and parses them
 * (worker.ts), so a busy main thread never stops the socket from being read.
 * A process where the worker cannot start gets client-node's Watch on main's
 * thread instead.
 */
import type { Worker } from 'node:worker_threads';
import { Watch, type KubeConfig } from '@kubernetes/client-node';
import type { Disposable } from '../../../shared/contract';
import type { KubeObject } from '../../../shared/k8s/object';
import type { Logger } from '../../log';
import { buildUrl, KubeRequestError } from '../../clusters/request';
import { stripEventObject } from '../strip';
import type { EventLoopUtilization } from 'node:perf_hooks';
import type { FromWorker, LoopDelay, StreamEnd, StreamEvent, StreamRoute, StreamTls, ToWorker } from './protocol';
import { startStreamWorker } from './worker-script';

/**
 * A stream with no bytes for this long is taken for a dead connection. The
 * API server sends a bookmark about once a minute to a watch that allows
 * them (bookmarkFrequency in k8s.io/apiserver's cacher), so a quiet healthy
 * stream stays under it. client-node's Watch, used on main's thread, ends
 * after 30 s instead, which restarts every quiet watch twice a minute.
 */
const INACTIVITY_MS = 90_000;

export interface WatchRequest {
  kubeConfig: KubeConfig;
  /** Collection path, for example /api/v1/pods. */
  path: string;
  query: Record<string, string | number | boolean | undefined>;
  /** Kind set on objects that arrive without one. */
  kind: string;
  /**
   * Each batch contains the events of one network read, their objects already
   * stripped. readAt is Date.now() when that read happened, which the
   * benchmark compares with when main received the batch.
   */
  onEvents: (events: StreamEvent[], readAt: number) => void;
  /** Called once: without an error when the server closed the stream or stop() was called. */
  onEnd: (error?: Error) => void;
}

export interface WatchStream {
  stop(): void;
}

/** Counts since the streams were created. */
export interface WatchStreamStats {
  /** Watch requests sent, by the worker or on main's thread. */
  requests: number;
  /** Of those, the ones read on main's thread because the worker did not start. */
  onMainThread: number;
  /** Response body bytes the worker read; streams on main's thread are not counted. */
  workerBytes: number;
  /**
   * Worker streams that the server ended without an error, without a stop()
   * call, and over a second before the timeoutSeconds of their request: the
   * API server closed them early, for example because the client fell behind.
   */
  serverCloses: number;
}

/** The worker's V8 heap in bytes, as v8.getHeapStatistics reads it inside the worker. */
export interface WorkerHeap {
  used: number;
  committed: number;
}

/** The worker's load since the previous reading. The first reading's delays are zero, as it starts the worker's delay monitor. */
export interface WorkerLoad {
  /** Share of wall time its event loop was busy, 0 to 1. */
  utilization: number;
  /** How late its loop ran a timer, so a socket with data waited about maxDelayMs at most before a read. */
  maxDelayMs: number;
  p99DelayMs: number;
}

export interface WatchStreams extends Disposable {
  open(request: WatchRequest): Promise<WatchStream>;
  stats(): WatchStreamStats;
  /** Undefined while no worker runs. The benchmark adds it to main's heap, as the worker's memory is part of main's RSS. */
  workerHeap(): Promise<WorkerHeap | undefined>;
  /** Undefined while no worker runs. The benchmark reads it at the start and end of each phase. */
  workerLoad(): Promise<WorkerLoad | undefined>;
}

/** Resolves credentials and TLS on main, where exec plugins and token files are handled, into plain data for the worker. */
async function resolveConnection(kubeConfig: KubeConfig): Promise<{ headers: Record<string, string>; route: StreamRoute }> {
  // applyToHTTPSOptions runs the user's authenticator (token, token file, exec plugin) and fills
  // the same TLS fields that client-node hands its own dispatcher.
  const options: { headers?: Record<string, string>; auth?: string; [field: string]: unknown } = {};
  await kubeConfig.applyToHTTPSOptions(options);
  const headers: Record<string, string> = { ...options.headers, accept: 'application/json' };
  if (options.auth) {
    headers['authorization'] = `Basic ${Buffer.from(options.auth).toString('base64')}`;
  }

  const tls: StreamTls = {};
  for (const field of ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'] as const) {
    if (options[field] !== undefined) {
      (tls as Record<string, unknown>)[field] = options[field];
    }
  }

  // createDispatcherOptions applies client-node's rules, such as refusing plain HTTP without insecure-skip-tls-verify.
  const dispatcher = kubeConfig.createDispatcherOptions(kubeConfig.getCurrentCluster(), tls as never);
  const route: StreamRoute = dispatcher.type === 'proxy' || dispatcher.type === 'socks' ? { type: dispatcher.type, proxyUrl: dispatcher.uri, tls } : { type: 'direct', tls };
  return { headers, route };
}

function endError(end: StreamEnd, path: string): Error | undefined {
  if (end.status !== undefined) {
    return new KubeRequestError(end.status, (end.body ?? '') as never, path);
  }
  if (end.error) {
    return Object.assign(new Error(end.error.message), { name: end.error.name, ...(end.error.code ? { code: end.error.code } : {}) });
  }
  return undefined;
}

/** client-node's Watch on main's thread, with the same stripping as the worker. */
async function openOnMainThread(request: WatchRequest): Promise<WatchStream> {
  const watch = new Watch(request.kubeConfig);
  const controller = await watch.watch(
    request.path,
    request.query,
    (type, object: KubeObject) => request.onEvents([{ type, object: stripEventObject(type, object, request.kind) }], Date.now()),
    (error: unknown) => request.onEnd(error ? (error as Error) : undefined),
  );
  return { stop: () => controller.abort() };
}

export function createWatchStreams(log: Logger): WatchStreams {
  const open = new Map<number, WatchRequest>();
  let nextId = 1;
  let worker: Promise<Worker | undefined> | undefined;
  let disposed = false;
  let thread: Worker | undefined;
  const stats: WatchStreamStats = { requests: 0, onMainThread: 0, workerBytes: 0, serverCloses: 0 };
  // Streams with a stop() call, so their end is not counted as the server's close.
  const stopping = new Set<number>();
  // When each stream's own timeoutSeconds runs out (less a second), to tell an early close from the timeout.
  const deadlines = new Map<number, number>();
  // Replies to loop-delay requests arrive in the order of the requests.
  const loopDelayReplies: Array<(reply: LoopDelay | undefined) => void> = [];
  let utilizationMark: EventLoopUtilization | undefined;

  // Like a socket on main's thread, an open stream keeps the process alive and an idle worker does not.
  const holdProcess = (): void => {
    if (open.size > 0) {
      thread?.ref();
    } else {
      thread?.unref();
    }
  };

  const receive = (message: FromWorker): void => {
    if (message.type === 'ready') {
      return;
    }
    if (message.type === 'loop-delay') {
      loopDelayReplies.shift()?.(message);
      return;
    }
    stats.workerBytes += message.bytes;
    const stream = open.get(message.id);
    if (!stream) {
      return;
    }
    if (message.type === 'events') {
      stream.onEvents(
        message.events.map((event) => ({ type: event.type, object: JSON.parse(event.json) as KubeObject })),
        message.readAt,
      );
      return;
    }
    open.delete(message.id);
    holdProcess();
    const error = endError(message, stream.path);
    const stopped = stopping.delete(message.id);
    const deadline = deadlines.get(message.id);
    deadlines.delete(message.id);
    if (!error && !stopped && deadline !== undefined && Date.now() < deadline) {
      stats.serverCloses += 1;
    }
    stream.onEnd(error);
  };

  // A crashed worker ends every stream with the error, so each reflector backs off and the next open starts a new worker.
  const failAll = (error: Error): void => {
    worker = undefined;
    thread = undefined;
    stopping.clear();
    deadlines.clear();
    utilizationMark = undefined;
    loopDelayReplies.splice(0).forEach((reply) => reply(undefined));
    const streams = [...open.values()];
    open.clear();
    streams.forEach((stream) => stream.onEnd(error));
  };

  const workerThread = (): Promise<Worker | undefined> => {
    worker ??= startStreamWorker().then(
      (started) => {
        started.on('message', receive);
        // A crash emits error and then exit. Each fails the streams once, and only while this worker is
        // the current one, so a late exit cannot end the streams of a worker started in between.
        started.on('error', (error) => {
          log.error('watch worker failed; its streams reconnect', { err: error.message });
          if (thread === started) {
            failAll(error);
          }
        });
        started.on('exit', (code) => {
          if (!disposed && thread === started) {
            failAll(new Error(`The watch worker exited with code ${code}.`));
          }
        });
        thread = started;
        holdProcess();
        return started;
      },
      (error: unknown) => {
        log.warn('watch worker did not start; watches run on the main thread', { err: error instanceof Error ? error.message : String(error) });
        return undefined;
      },
    );
    return worker;
  };

  return {
    async open(request) {
      const started = await workerThread();
      stats.requests += 1;
      if (!started || disposed) {
        stats.onMainThread += 1;
        return openOnMainThread(request);
      }

      const url = buildUrl(request.kubeConfig, request.path, { ...request.query, watch: true });
      const connection = await resolveConnection(request.kubeConfig);
      const id = nextId++;
      open.set(id, request);
      const timeoutSeconds = Number(request.query['timeoutSeconds']);
      deadlines.set(id, Number.isFinite(timeoutSeconds) && timeoutSeconds > 0 ? Date.now() + timeoutSeconds * 1000 - 1000 : Infinity);
      holdProcess();
      const start: ToWorker = { type: 'start', id, url: url.toString(), ...connection, kind: request.kind, inactivityMs: INACTIVITY_MS };
      started.postMessage(start);
      return {
        stop: () => {
          if (open.has(id)) {
            stopping.add(id);
          }
          started.postMessage({ type: 'stop', id } satisfies ToWorker);
        },
      };
    },

    stats: () => ({ ...stats }),

    async workerHeap() {
      if (!thread) {
        return undefined;
      }
      try {
        const heap = await thread.getHeapStatistics();
        return { used: heap.used_heap_size, committed: heap.total_heap_size };
      } catch (error) {
        // The worker stopped between the check and the reading.
        log.debug('watch worker heap not read', { err: error instanceof Error ? error.message : String(error) });
        return undefined;
      }
    },

    async workerLoad() {
      const current = thread;
      if (!current) {
        return undefined;
      }
      const delay = await new Promise<LoopDelay | undefined>((resolve) => {
        loopDelayReplies.push(resolve);
        current.postMessage({ type: 'loop-delay' } satisfies ToWorker);
      });
      if (!delay) {
        return undefined;
      }
      const utilization = current.performance.eventLoopUtilization(utilizationMark);
      utilizationMark = current.performance.eventLoopUtilization();
      return { utilization: utilization.utilization, maxDelayMs: delay.maxMs, p99DelayMs: delay.p99Ms };
    },

    dispose() {
      disposed = true;
      loopDelayReplies.splice(0).forEach((reply) => reply(undefined));
      const pending = worker;
      worker = undefined;
      thread = undefined;
      open.clear();
      void pending?.then((thread) => thread?.terminate());
    },
  };
}
