/**
 * The watch readers that bench/watch-clients.ts compares. Each watches every
 * pod from a resourceVersion and starts again from its last one whenever the
 * API server ends the stream, as client-go's reflector does, and records
 * when it first read each probe pod.
 */
import { spawn } from 'node:child_process';
import http2 from 'node:http2';
import https from 'node:https';
import { createInterface } from 'node:readline';
import type { KubeConfig } from '@kubernetes/client-node';
import type { WatchStreams } from '../main/cache/watch-stream/streams';
import { createLineDecoder } from '../main/cache/watch-stream/lines';
import { clientSelector, type ClientName, type WatchCounts } from './watch-clients-model';

export interface ResumingWatch {
  /** Resolves once the first stream has been requested. */
  started: Promise<void>;
  /** Date.now() when this client first read each probe pod, by name. */
  probesSeen: Map<string, number>;
  counts(): WatchCounts;
  stop(): void;
}

/** Watch timeout, longer than any phase, so a stream that ends within a phase was ended by the server. */
const TIMEOUT_SECONDS = 900;
/** Delay before a new stream after one that carried no event, so a client that fails at once does not spin. */
const EMPTY_RESTART_MS = 1_000;
const PROBE_PREFIX = 'bench-probe-';

interface EventMeta {
  type: string;
  name?: string;
  resourceVersion?: string;
}

interface StreamHandlers {
  onEvent(event: EventMeta, readAt: number): void;
  onEnd(): void;
}

/** Opens one watch stream for `query` and resolves with its stop function. */
type OpenStream = (query: string, handlers: StreamHandlers) => Promise<() => void>;

interface Connection {
  ca?: https.RequestOptions['ca'];
  cert?: https.RequestOptions['cert'];
  key?: https.RequestOptions['key'];
  headers: Record<string, string>;
}

/** Reads the TLS settings and headers that client-node applies to node:https. */
async function connection(kubeConfig: KubeConfig): Promise<Connection> {
  const options: { ca?: Connection['ca']; cert?: Connection['cert']; key?: Connection['key']; headers?: Record<string, string> } = {};
  await kubeConfig.applyToHTTPSOptions(options as never);
  const { ca, cert, key } = options;
  return { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}), headers: { ...options.headers, accept: 'application/json' } };
}

/** Reads the API server's current resourceVersion from a list of one pod. */
export async function currentResourceVersion(kubeConfig: KubeConfig): Promise<string> {
  const server = new URL(kubeConfig.getCurrentCluster()!.server);
  const options = await connection(kubeConfig);
  return new Promise((resolve, reject) => {
    https
      .get(new URL('/api/v1/pods?limit=1', server), { ...options, agent: false }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          const version = (JSON.parse(body) as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion;
          if (version) resolve(version);
          else reject(new Error(`listing one pod returned HTTP ${response.statusCode} and no resourceVersion`));
        });
      })
      .on('error', reject);
  });
}

function watchQuery(name: ClientName, resourceVersion: string): string {
  return new URLSearchParams({
    watch: 'true',
    allowWatchBookmarks: 'true',
    resourceVersion,
    timeoutSeconds: String(TIMEOUT_SECONDS),
    fieldSelector: clientSelector(name),
  }).toString();
}

function parseLine(line: string): EventMeta | undefined {
  try {
    const event = JSON.parse(line) as { type?: string; object?: { metadata?: { name?: string; resourceVersion?: string } } };
    const metadata = event.object?.metadata;
    return { type: event.type ?? '', ...(metadata?.name ? { name: metadata.name } : {}), ...(metadata?.resourceVersion ? { resourceVersion: metadata.resourceVersion } : {}) };
  } catch {
    return undefined;
  }
}

/** Runs one client: opens a stream, and after each end opens the next from the last resourceVersion. */
function resuming(name: ClientName, kubeConfig: KubeConfig, firstVersion: string, open: OpenStream): ResumingWatch {
  const probesSeen = new Map<string, number>();
  const counts: WatchCounts = { starts: 0, earlyEnds: 0, expired: 0, events: 0, resumeMs: [] };
  let resourceVersion = firstVersion;
  let stopped = false;
  let stopStream: (() => void) | undefined;

  /** `previousEnd` is when the stream before this one ended, so its first event closes the resume's time. */
  const start = async (previousEnd?: number): Promise<void> => {
    if (stopped) return;
    counts.starts += 1;
    const openedAt = Date.now();
    let endedAt: number | undefined;
    let eventsThisStream = 0;
    let expired = false;
    stopStream = await open(watchQuery(name, resourceVersion), {
      onEvent(event, readAt) {
        counts.events += 1;
        eventsThisStream += 1;
        if (eventsThisStream === 1 && previousEnd !== undefined) counts.resumeMs.push(readAt - previousEnd);
        if (event.type === 'ERROR') {
          // 410 Gone: the resourceVersion left the API server's window, so the next stream starts from the current one.
          expired = true;
          return;
        }
        if (event.resourceVersion) resourceVersion = event.resourceVersion;
        if (event.name?.startsWith(PROBE_PREFIX) && !probesSeen.has(event.name)) probesSeen.set(event.name, readAt);
      },
      onEnd() {
        if (stopped || endedAt !== undefined) return;
        const ended = Date.now();
        endedAt = ended;
        if (ended < openedAt + TIMEOUT_SECONDS * 1000 - 1000) counts.earlyEnds += 1;
        if (expired) counts.expired += 1;
        const next = async (): Promise<void> => {
          if (expired) resourceVersion = await currentResourceVersion(kubeConfig);
          if (eventsThisStream === 0) await new Promise((resolve) => setTimeout(resolve, EMPTY_RESTART_MS));
          await start(ended);
        };
        void next();
      },
    });
  };

  return {
    started: start(),
    probesSeen,
    counts: () => ({ ...counts, resumeMs: [...counts.resumeMs] }),
    stop() {
      stopped = true;
      stopStream?.();
    },
  };
}

/** Starts the app's own reader: the watch worker that the reflectors use, HTTP/1.1 through node:https. */
export function startWorkerReader(kubeConfig: KubeConfig, streams: WatchStreams, firstVersion: string): ResumingWatch {
  return resuming('app', kubeConfig, firstVersion, async (query, handlers) => {
    const params = Object.fromEntries(new URLSearchParams(query));
    const stream = await streams.open({
      kubeConfig,
      path: '/api/v1/pods',
      query: params,
      kind: 'Pod',
      onEvents: (events, readAt) => {
        for (const event of events) {
          const metadata = event.object.metadata;
          handlers.onEvent({ type: event.type, ...(metadata?.name ? { name: metadata.name } : {}), ...(metadata?.resourceVersion ? { resourceVersion: metadata.resourceVersion } : {}) }, readAt);
        }
      },
      onEnd: () => handlers.onEnd(),
    });
    return () => stream.stop();
  });
}

/**
 * Starts an HTTP/2 reader through node:http2, with one session for all of its streams.
 * Node keeps HTTP/2's initial window of 65,535 bytes a stream (RFC 7540, 6.9.2) unless configured otherwise.
 * Go's HTTP/2 client, which kubectl uses, grants 4 MiB per stream and 1 GiB
 * per connection (transportDefaultStreamFlow and transportDefaultConnFlow in
 * golang.org/x/net/http2).
 */
export function startNodeHttp2Reader(kubeConfig: KubeConfig, name: 'http2-default' | 'http2-go-windows', firstVersion: string): ResumingWatch {
  const goWindows = name === 'http2-go-windows';
  let session: Promise<{ session: http2.ClientHttp2Session; headers: Record<string, string> }> | undefined;
  const connect = (): NonNullable<typeof session> =>
    (session ??= connection(kubeConfig).then(({ headers, ca, cert, key }) => {
      const server = new URL(kubeConfig.getCurrentCluster()!.server);
      const opened = http2.connect(server.origin, { ca, cert, key, ...(goWindows ? { settings: { initialWindowSize: 4 << 20 } } : {}) } as http2.SecureClientSessionOptions);
      if (goWindows) opened.on('connect', () => opened.setLocalWindowSize(1 << 30));
      opened.on('error', () => (session = undefined));
      opened.on('close', () => (session = undefined));
      return { session: opened, headers };
    }));

  const watch = resuming(name, kubeConfig, firstVersion, async (query, handlers) => {
    const { session: opened, headers } = await connect();
    const stream = opened.request({ ...headers, ':path': `/api/v1/pods?${query}` });
    const lines = createLineDecoder();
    const read = (text: string[]): void => {
      const readAt = Date.now();
      for (const line of text) {
        const event = parseLine(line);
        if (event) handlers.onEvent(event, readAt);
      }
    };
    stream.on('data', (chunk: Buffer) => read(lines.push(chunk)));
    stream.on('end', () => read(lines.end()));
    stream.on('close', () => handlers.onEnd());
    stream.on('error', () => undefined);
    return () => stream.close();
  });
  return {
    ...watch,
    stop() {
      watch.stop();
      void session?.then(({ session: opened }) => opened.close());
    },
  };
}

/** Starts kubectl's watch, `kubectl get --raw`, with a new process (and HTTP/2 connection) for each stream. */
export function startKubectlReader(kubectl: string, kubeconfigPath: string, kubeConfig: KubeConfig, firstVersion: string): ResumingWatch {
  return resuming('kubectl', kubeConfig, firstVersion, async (query, handlers) => {
    const child = spawn(kubectl, ['--kubeconfig', kubeconfigPath, 'get', '--raw', `/api/v1/pods?${query}`], { stdio: ['ignore', 'pipe', 'ignore'] });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const event = parseLine(line);
      if (event) handlers.onEvent(event, Date.now());
    });
    child.on('exit', () => handlers.onEnd());
    return () => child.kill();
  });
}
