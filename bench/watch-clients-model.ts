/** The clients of bench/watch-clients.ts, what each phase records of them, and their closes in the API server's log. */
import { readFile } from 'node:fs/promises';

export const CLIENT_NAMES = ['app', 'http2-default', 'http2-go-windows', 'kubectl'] as const;
export type ClientName = (typeof CLIENT_NAMES)[number];

/** Returns a field selector that matches every pod and names the client in the API server's log. */
export function clientSelector(name: ClientName): string {
  return `metadata.name!=drun-bench-client-${name}`;
}

/** Counts a resuming watch keeps over one phase. */
export interface WatchCounts {
  /** Streams started, the first included. */
  starts: number;
  /** Streams that ended over a second before the timeoutSeconds they requested. */
  earlyEnds: number;
  /** ERROR events: the resourceVersion had expired, so the client skipped to the current one. */
  expired: number;
  events: number;
  /** From a stream's end to the next stream's first event, for each resume that got one. */
  resumeMs: number[];
}

export interface ClientPhase extends WatchCounts {
  client: ClientName;
  /** The phase's number within the whole run, from 0. */
  run: number;
  rate: number;
  achievedRate: number;
  /** Watches of this client that the API server closed as unresponsive, from its log. */
  forcedCloses: number;
  /** When it closed each, in milliseconds since midnight of the log's clock. */
  forcedCloseTimes: number[];
  /** From the API server's response to each probe's create to this client reading its first event, or null when it never did. */
  probeDelaysMs: (number | null)[];
}

/** A klog line starts with its level, date and time: I1205 12:44:28.478914. */
const CLOSE_LINE = /^\w\d{4} (\d\d):(\d\d):(\d\d\.\d+) .*Forcing pods watcher close due to unresponsiveness: key: "[^"]*", labels: "[^"]*", fields: "([^"]*)"/;

/** Finds the pod watches that the API server closed as unresponsive after `offset` bytes of its log, with the time of each close, per client. */
export async function closesByClient(path: string, offset: number): Promise<Record<ClientName, number[]>> {
  const text = (await readFile(path)).subarray(offset).toString('utf8');
  const closes = Object.fromEntries(CLIENT_NAMES.map((name) => [name, [] as number[]])) as Record<ClientName, number[]>;
  const bySelector = new Map(CLIENT_NAMES.map((name) => [clientSelector(name), name]));
  for (const line of text.split('\n')) {
    const match = CLOSE_LINE.exec(line);
    const client = bySelector.get(match?.[4] ?? '');
    if (match && client) {
      const [hours, minutes, seconds] = [Number(match[1]), Number(match[2]), Number(match[3])];
      closes[client].push(Math.round(((hours * 60 + minutes) * 60 + seconds) * 1000));
    }
  }
  return closes;
}
