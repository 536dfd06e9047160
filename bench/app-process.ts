/**
 * The app's main process as the benchmark runs it: the real services from
 * createApp behind the browser-mode WebSocket server, in a child Node process
 * of its own (started with --expose-gc), so its memory is the app's alone.
 * It runs from a bundle made like the Electron main bundle (app-bundle.ts).
 *
 * Probes added here, none of them in the app's code:
 * - bytes sent on every WebSocket (wrapping ws's send) and the times of the
 *   Overview summary frames with their pod total;
 * - body bytes of the API server's list responses, from undici's
 *   diagnostics channel, and of its watch responses, from the watch
 *   streams' own count (the worker's requests do not pass that channel);
 * - memory after a full GC, event-loop utilisation and CPU time, on request.
 *
 * With --all-pods-table the Overview's pod table subscribes to all pods, not
 * only GPU pods, so the renderer scrolls a table of every pod (50,000 rows).
 *
 * The parent talks to it over the fork IPC channel: see app-protocol.ts.
 */
import { subscribe } from 'node:diagnostics_channel';
import { appendFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';
import { WebSocket } from 'ws';
import { createWatchStreams, type WatchRequest, type WatchStreams } from '../main/cache/watch-stream/streams';
import { createApp } from '../main/composition';
import { createLogger } from '../main/log';
import { preferSmallHeap } from '../main/heap';
import { startBrowserServer } from '../main/transport/websocket-server';
import { PROBE_NAME_PREFIX, type AppRequest, type AppResponse, type ChildReady, type Counters, type MemorySample, type PodStreamRecord, type ProbeArrival, type SummaryFrame, type WorkerLoadSample } from './app-protocol';

const counters: Counters = { wsBytes: 0, wsFrames: 0, watchBytes: 0, listBytes: 0, watchRequests: 0, listRequests: 0 };
const watchStreams = createWatchStreams(createLogger('bench.streams'));

/** Probe pods' arrivals by name, oldest first, bounded so that churn cannot make the map grow. */
const probeArrivals = new Map<string, ProbeArrival>();
const MAX_PROBE_ARRIVALS = 2000;
/** Pod watch streams, oldest first, bounded like the arrivals. */
const podStreams: PodStreamRecord[] = [];
const MAX_POD_STREAMS = 500;

/**
 * Wraps the streams so that every pod watch records when a probe pod's ADDED
 * event was read by the worker and received by main. Together with kubectl's
 * anchor, this splits a probe's delay into the API server's delivery, the
 * hop from the worker to main, and main's work up to the WebSocket frame.
 * Each pod watch's start, first event and end are recorded too, to time the
 * resumes after the API server closes a stream.
 */
function recordingProbeArrivals(streams: WatchStreams): WatchStreams {
  const open: WatchStreams['open'] = (request) => {
    if (!request.path.endsWith('/pods')) {
      return streams.open(request);
    }
    const record: PodStreamRecord = { path: request.path, openedAt: Date.now(), events: 0, eventsInFirstSecond: 0 };
    podStreams.push(record);
    if (podStreams.length > MAX_POD_STREAMS) podStreams.shift();
    const onEnd: WatchRequest['onEnd'] = (error) => {
      record.endedAt = Date.now();
      if (error) record.failed = true;
      request.onEnd(error);
    };
    const onEvents: WatchRequest['onEvents'] = (events, readAt) => {
      record.firstEventAt ??= readAt;
      record.events += events.length;
      if (readAt - record.firstEventAt <= 1000) record.eventsInFirstSecond += events.length;
      const receivedAt = Date.now();
      for (const event of events) {
        const name = event.object.metadata?.name;
        if (event.type === 'ADDED' && name?.startsWith(PROBE_NAME_PREFIX)) {
          probeArrivals.set(name, { readAt, receivedAt });
          if (probeArrivals.size > MAX_PROBE_ARRIVALS) probeArrivals.delete(probeArrivals.keys().next().value!);
        }
      }
      request.onEvents(events, readAt);
    };
    return streams.open({ ...request, onEvents, onEnd });
  };
  return { ...streams, open };
}

/** Adds the worker's watch requests and bytes, which undici's channel does not see. */
function allCounters(): Counters {
  const streams = watchStreams.stats();
  return { ...counters, watchRequests: streams.requests, watchServerCloses: streams.serverCloses, watchBytes: counters.watchBytes + streams.workerBytes };
}
/** Summary frames with their pod total, newest last; bounded so churn never makes it grow. */
const summaryFrames: SummaryFrame[] = [];
const MAX_SUMMARY_FRAMES = 2000;
const POD_TOTAL = /"pods":\{"total":(\d+)/;
/** For looking into large frames: DRUN_BENCH_FRAME_LOG names a file that gets the size and start of each. */
const frameLog = process.env['DRUN_BENCH_FRAME_LOG'];

function countWebSocketSends(): void {
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function patchedSend(this: WebSocket, data: unknown, ...rest: unknown[]) {
    const text = typeof data === 'string' ? data : undefined;
    if (frameLog && text && text.length > 50_000) appendFileSync(frameLog, `${text.length} ${text.slice(0, 400)}\n`);
    counters.wsFrames += 1;
    counters.wsBytes += text !== undefined ? Buffer.byteLength(text) : (data as Buffer).byteLength;
    const total = text?.includes('"contextId"') ? POD_TOTAL.exec(text)?.[1] : undefined;
    if (total !== undefined) {
      summaryFrames.push({ podsTotal: Number(total), at: Date.now() });
      if (summaryFrames.length > MAX_SUMMARY_FRAMES) summaryFrames.splice(0, summaryFrames.length - MAX_SUMMARY_FRAMES);
    }
    return (send as (...args: unknown[]) => void).call(this, data, ...rest);
  } as typeof WebSocket.prototype.send;
}

interface UndiciRequest {
  path: string;
  method: string;
}

function countApiResponses(): void {
  const watching = new WeakSet<object>();
  subscribe('undici:request:create', (message) => {
    const { request } = message as { request: UndiciRequest };
    if (request.path.includes('watch=true')) {
      watching.add(request);
      counters.watchRequests += 1;
    } else if (request.method === 'GET') {
      counters.listRequests += 1;
    }
  });
  subscribe('undici:request:bodyChunkReceived', (message) => {
    const { request, chunk } = message as { request: UndiciRequest; chunk: Buffer };
    if (watching.has(request)) counters.watchBytes += chunk.byteLength;
    else counters.listBytes += chunk.byteLength;
  });
}

function gcNow(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('app-process needs --expose-gc to measure memory after GC');
  // Twice: the first pass can leave objects that only die once finalizers have run.
  gc();
  gc();
}

async function memorySample(): Promise<MemorySample> {
  // Read first, so main's GC below runs right before main's own figures.
  const workerHeap = await watchStreams.workerHeap();
  gcNow();
  const usage = process.memoryUsage();
  const spaces = Object.fromEntries(getHeapSpaceStatistics().map((space) => [space.space_name, { committed: space.space_size, used: space.space_used_size }]));
  return {
    spaces,
    ...(workerHeap ? { workerHeap } : {}),
    rss: usage.rss,
    heapUsed: usage.heapUsed,
    heapTotal: usage.heapTotal,
    external: usage.external,
    arrayBuffers: usage.arrayBuffers,
    at: Date.now(),
    listRequests: counters.listRequests,
  };
}

let loopMark = performance.eventLoopUtilization();
let cpuMark = process.cpuUsage();
let cpuMarkAt = performance.now();

async function load(): Promise<{ eventLoopUtilization: number; cpuShare: number; worker?: WorkerLoadSample }> {
  const worker = await watchStreams.workerLoad();
  const loop = performance.eventLoopUtilization(loopMark);
  const cpu = process.cpuUsage(cpuMark);
  const elapsedMs = performance.now() - cpuMarkAt;
  loopMark = performance.eventLoopUtilization();
  cpuMark = process.cpuUsage();
  cpuMarkAt = performance.now();
  return { eventLoopUtilization: loop.utilization, cpuShare: (cpu.user + cpu.system) / 1000 / elapsedMs, ...(worker ? { worker } : {}) };
}

async function answer(request: AppRequest): Promise<AppResponse> {
  switch (request.type) {
    case 'memory':
      return { id: request.id, type: 'memory', memory: await memorySample() };
    case 'counters':
      return { id: request.id, type: 'counters', counters: allCounters() };
    case 'summary-frames':
      return { id: request.id, type: 'summary-frames', frames: summaryFrames.filter((frame) => frame.at >= request.since) };
    case 'pod-streams':
      return { id: request.id, type: 'pod-streams', streams: podStreams.filter((stream) => (stream.endedAt ?? Infinity) >= request.since) };
    case 'probe-arrivals':
      return { id: request.id, type: 'probe-arrivals', arrivals: Object.fromEntries(probeArrivals) };
    case 'load':
      return { id: request.id, type: 'load', ...(await load()) };
    case 'heap-snapshot':
      gcNow();
      return { id: request.id, type: 'heap-snapshot', path: writeHeapSnapshot(request.path) };
  }
}

async function main(): Promise<void> {
  const [kubeconfig, staticDir, resourcesDir, allPodsFlag] = process.argv.slice(2);
  if (!kubeconfig || !staticDir || !resourcesDir || !process.send) {
    throw new Error('usage: fork app-process.cjs <kubeconfig> <renderer dir> <resources dir> [--all-pods-table] with an IPC channel (app-bundle.ts builds it)');
  }
  preferSmallHeap();
  countWebSocketSends();
  countApiResponses();

  const userDataDir = await mkdtemp(join(tmpdir(), 'drun-bench-app-'));
  const app = await createApp({ userDataDir, resourcesDir, env: { ...process.env, KUBECONFIG: kubeconfig }, watchFiles: false, watchStreams: recordingProbeArrivals(watchStreams) });
  if (allPodsFlag === '--all-pods-table') {
    const handle = app.host.handle.bind(app.host);
    app.host.handle = (connection, raw) => {
      const message = raw as { type?: string; channel?: string; input?: Record<string, unknown> };
      if (message.type === 'subscribe' && message.channel === 'overview.pods' && message.input) message.input['allPods'] = true;
      handle(connection, raw);
    };
  }
  const server = await startBrowserServer({ host: app.host, staticDir, port: 0 });

  process.on('message', (request: AppRequest) => void answer(request).then((response) => process.send?.(response)));
  process.on('disconnect', () => {
    void server.close().then(() => app.dispose()).then(() => watchStreams.dispose()).then(() => rm(userDataDir, { recursive: true, force: true })).finally(() => process.exit(0));
  });
  const ready: ChildReady = { type: 'ready', url: server.url, origin: server.origin, memory: await memorySample() };
  process.send(ready);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench app process failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
