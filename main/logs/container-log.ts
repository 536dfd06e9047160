/**
 * Reads one container's log over HTTP (`GET pods/{name}/log`), following it
 * when asked, and hands out lines as they arrive. A refused request becomes
 * an AppError that names the pods/log permission or the server's reason.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { LogLine } from '../../shared/models/logs';
import { appError, type AppErrorException } from '../../shared/result';
import { kubeFetch } from '../clusters/request';
import { LineSplitter } from './line-splitter';

export interface ContainerLogOptions {
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
}

export interface ContainerLogTarget {
  namespace: string;
  pod: string;
  container: string;
}

/** RFC 3339 time that the kubelet puts before each line when timestamps are requested. */
const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) /;

/**
 * Streams the log until it ends or `signal` aborts; resolves when the server
 * closes the stream. `onLines` gets every batch of lines one read produced.
 */
export async function readContainerLog(
  kc: KubeConfig,
  target: ContainerLogTarget,
  options: ContainerLogOptions,
  maxLineChars: number,
  onLines: (lines: Omit<LogLine, 'source'>[]) => void,
  signal: AbortSignal,
): Promise<void> {
  const path = `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}/log`;
  const response = await kubeFetch(kc, path, { query: logQuery(target.container, options), signal });
  if (!response.ok || !response.body) {
    throw refusal(response.status, await response.text(), target);
  }

  const decoder = new TextDecoder('utf-8');
  const splitter = new LineSplitter(maxLineChars);
  let inTimestampedLine = false;
  const convert = (pieces: ReturnType<LineSplitter['push']>): Omit<LogLine, 'source'>[] =>
    pieces.map((piece) => {
      // Only the first piece of a line carries the kubelet's timestamp.
      const starts = !inTimestampedLine;
      inTimestampedLine = piece.part === 'first' || piece.part === 'middle';
      const match = options.timestamps && starts ? TIMESTAMP.exec(piece.text) : null;
      return match?.[1] ? { ...piece, text: piece.text.slice(match[0].length), time: match[1] } : piece;
    });

  for await (const chunk of response.body) {
    const lines = convert(splitter.push(decoder.decode(chunk as Uint8Array, { stream: true })));
    if (lines.length > 0) onLines(lines);
  }
  const rest = convert(splitter.push(decoder.decode()).concat(splitter.flush()));
  if (rest.length > 0) onLines(rest);
}

function logQuery(container: string, options: ContainerLogOptions): Record<string, string | number | boolean | undefined> {
  return {
    container,
    follow: options.follow,
    previous: options.previous,
    timestamps: options.timestamps,
    tailLines: options.tailLines,
    sinceSeconds: options.sinceSeconds,
    sinceTime: options.sinceTime,
  };
}

function refusal(code: number, text: string, target: ContainerLogTarget): AppErrorException {
  let status: { message?: string; reason?: string } | undefined;
  try {
    status = JSON.parse(text) as { message?: string; reason?: string };
  } catch {
    // Plain-text body; it becomes the message below.
  }
  const serverMessage = status?.message ?? (text.trim().slice(0, 300) || `HTTP ${code}`);
  const where = `container ${target.container} of pod ${target.namespace}/${target.pod}`;
  const statusField = { code, ...(status?.reason ? { reason: status.reason } : {}), message: serverMessage };
  if (code === 403) {
    return appError('Forbidden', `You may not read the logs of ${where}: your role needs get on pods/log in namespace ${target.namespace}. Server: ${serverMessage}`, {
      status: statusField,
      namespace: target.namespace,
      denied: { verb: 'get', resource: 'pods', subresource: 'log', namespace: target.namespace },
    });
  }
  if (code === 404) {
    return appError('NotFound', `No log for ${where}: ${serverMessage}`, { status: statusField, namespace: target.namespace });
  }
  if (code === 400) {
    // The server answers 400 for a container that has not started or has no previous instance.
    return appError('InvalidInput', `The log of ${where} is not available: ${serverMessage}`, { status: statusField, namespace: target.namespace });
  }
  return appError('Unavailable', `Reading the log of ${where} failed with HTTP ${code}: ${serverMessage}`, { status: statusField });
}
