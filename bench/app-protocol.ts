/** Messages between the runner and the app's main process (app-process.ts) over the fork IPC channel. */

export interface MemorySample {
  /** Bytes, read right after two full GCs. */
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** Date.now() of the sample. */
  at: number;
  /** List requests main had sent to the API server by then: a relist shows as a jump. */
  listRequests?: number;
  /** Main's V8 heap by space (v8.getHeapSpaceStatistics), in bytes: committed and used. Absent in older results. */
  spaces?: Record<string, { committed: number; used: number }>;
  /** The watch worker's V8 heap in bytes, read without a GC of its own (so used includes garbage). Absent in older results. */
  workerHeap?: { used: number; committed: number };
}

/** Running totals since the app process started. */
export interface Counters {
  /** Bytes and messages sent to the renderer over WebSockets. */
  wsBytes: number;
  wsFrames: number;
  /** Response body bytes of the API server's watch streams, as received. */
  watchBytes: number;
  /** Response body bytes of every other GET (lists, discovery, health). */
  listBytes: number;
  watchRequests: number;
  /** Worker watch streams that the API server ended early, before their timeoutSeconds (absent in older results). */
  watchServerCloses?: number;
  listRequests: number;
}

/** Start of every probe pod's name, which the app process watches for. */
export const PROBE_NAME_PREFIX = 'bench-probe-';

/** When a probe pod's ADDED event reached the app: the worker's network read, and main's receipt after parsing. */
export interface ProbeArrival {
  readAt: number;
  receivedAt: number;
}

/**
 * One pod watch stream of the app. A stream that starts after another of the
 * same path ended is a resume. How soon its first event came, and how many
 * events came in its first second, tell a slow start from a backlog.
 */
export interface PodStreamRecord {
  path: string;
  openedAt: number;
  /** The worker's read time of the first batch, bookmarks included. */
  firstEventAt?: number;
  endedAt?: number;
  /** True when the stream ended with an error or a refusal. */
  failed?: boolean;
  events: number;
  eventsInFirstSecond: number;
}

/** The watch worker's load over a phase (WorkerLoad in main/cache/watch-stream/streams.ts). */
export interface WorkerLoadSample {
  utilization: number;
  maxDelayMs: number;
  p99DelayMs: number;
}

/** One Overview summary frame that left main, with the pod total it carried. */
export interface SummaryFrame {
  podsTotal: number;
  /** Date.now() when the frame was handed to the socket. */
  at: number;
}

export type AppRequest =
  | { id: number; type: 'memory' }
  | { id: number; type: 'counters' }
  | { id: number; type: 'summary-frames'; since: number }
  | { id: number; type: 'probe-arrivals' }
  | { id: number; type: 'pod-streams'; since: number }
  | { id: number; type: 'load' }
  | { id: number; type: 'heap-snapshot'; path: string };

export type AppResponse =
  | { id: number; type: 'memory'; memory: MemorySample }
  | { id: number; type: 'counters'; counters: Counters }
  | { id: number; type: 'summary-frames'; frames: SummaryFrame[] }
  | { id: number; type: 'probe-arrivals'; arrivals: Record<string, ProbeArrival> }
  | { id: number; type: 'pod-streams'; streams: PodStreamRecord[] }
  /** Since the previous 'load' request: event-loop utilisation (0..1) and CPU time per wall time (1 = one core). */
  | { id: number; type: 'load'; eventLoopUtilization: number; cpuShare: number; worker?: WorkerLoadSample }
  | { id: number; type: 'heap-snapshot'; path: string };

export interface ChildReady {
  type: 'ready';
  url: string;
  origin: string;
  memory: MemorySample;
}
