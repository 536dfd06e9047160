/**
 * Messages between the watch streams on main's thread and the worker thread
 * that reads them. Everything here survives structured cloning: Buffers
 * arrive as Uint8Arrays and class instances as plain objects.
 */
import type { KubeObject } from '../../../shared/k8s/object';

/** TLS settings of one connection, as client-node's createDispatcherOptions returns them. */
export interface StreamTls {
  ca?: string | Uint8Array | Array<string | Uint8Array>;
  cert?: string | Uint8Array | Array<string | Uint8Array>;
  key?: string | Uint8Array | Array<string | Uint8Array>;
  pfx?: string | Uint8Array | Array<string | Uint8Array>;
  passphrase?: string;
  rejectUnauthorized?: boolean;
  servername?: string;
}

/** Route from the worker to the API server: direct, or through the kubeconfig's proxy-url (HTTP(S) or SOCKS). */
export type StreamRoute = { type: 'direct'; tls: StreamTls } | { type: 'proxy' | 'socks'; proxyUrl: string; tls: StreamTls };

export interface StartStream {
  type: 'start';
  id: number;
  url: string;
  /** Request headers with the credentials main resolved (bearer token, exec plugin output, basic auth). */
  headers: Record<string, string>;
  route: StreamRoute;
  /** Kind set on objects that arrive without one, before they are stripped. */
  kind: string;
  /** A stream with no bytes for this long ends with a TimeoutError. */
  inactivityMs: number;
}

export interface StopStream {
  type: 'stop';
  id: number;
}

/** Request for the worker's event-loop delay since the previous request. The worker replies with a LoopDelay. */
export interface ReadLoopDelay {
  type: 'loop-delay';
}

export type ToWorker = StartStream | StopStream | ReadLoopDelay;

/** One watch event as the API server sent it, the object already stripped. */
export interface StreamEvent {
  type: string;
  object: KubeObject;
}

/**
 * One watch event on its way to main: the stripped object as JSON text,
 * which main parses. V8 lays out objects from JSON.parse more compactly than
 * the structured clone that postMessage makes of an object. In a test
 * script a listed scale pod took 3,658 bytes against 4,915, and the cache
 * keeps every pod it receives.
 */
export interface WireEvent {
  type: string;
  json: string;
}

export interface StreamEvents {
  type: 'events';
  id: number;
  /** Every complete line of one network read, in order. */
  events: WireEvent[];
  /** Body bytes read since the previous message of this stream. */
  bytes: number;
  /** Date.now() in the worker when it read the network chunk that completed these events. */
  readAt: number;
}

/** End of a stream; with no status and no error, the server closed a healthy stream or stop() ended it. */
export interface StreamEnd {
  type: 'end';
  id: number;
  /** The HTTP status when the API server refused the watch. */
  status?: number;
  /** The refusal's body, parsed when it is JSON. */
  body?: unknown;
  /** A network or TLS failure, or a TimeoutError after inactivityMs without bytes. */
  error?: { name: string; message: string; code?: string };
  /** Body bytes read since the previous message of this stream. */
  bytes: number;
}

/** Sent once the worker's module has loaded and it listens for start messages. */
export interface WorkerReady {
  type: 'ready';
}

/**
 * How late the worker's event loop ran a 10 ms timer since the previous
 * request, from perf_hooks' monitorEventLoopDelay less the timer's period.
 * A socket with data waits about as long as the loop's longest delay before
 * the worker reads it, so a small maximum shows that the worker kept every
 * stream drained.
 */
export interface LoopDelay {
  type: 'loop-delay';
  maxMs: number;
  p99Ms: number;
}

export type FromWorker = StreamEvents | StreamEnd | WorkerReady | LoopDelay;
