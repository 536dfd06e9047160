/** Log streams as the renderer sees them: sources (pod + container) and batches of lines. */
import type { AppError } from '../result';

/** One container log being read: a pod and container, with where its stream stands. */
export interface LogSource {
  /** Index that lines carry instead of repeating names. */
  id: number;
  pod: string;
  container: string;
  state: 'starting' | 'streaming' | 'ended' | 'failed';
  error?: AppError;
}

export interface LogLine {
  source: number;
  /** The line as the container wrote it, without the newline; may hold ANSI escape sequences. */
  text: string;
  /** RFC 3339 time the runtime recorded, when timestamps were requested. */
  time?: string;
  /**
   * Set on the pieces of a line longer than LOG_MAX_LINE_CHARS: `first` and
   * `middle` pieces continue on the next line of the same source.
   */
  part?: 'first' | 'middle' | 'last';
}

export type LogEvent =
  | { type: 'sources'; sources: LogSource[] }
  | { type: 'lines'; lines: LogLine[] };

export interface ContainerSummary {
  name: string;
  kind: 'init' | 'regular' | 'ephemeral';
  restartCount: number;
  /** Whether the container was started with a TTY and stdin, which attach needs. */
  tty: boolean;
  stdin: boolean;
}

export interface PodSummary {
  name: string;
  phase: string;
  containers: ContainerSummary[];
  /** The Job that owns the pod (label `batch.kubernetes.io/job-name` or `job-name`). */
  jobName?: string;
  /** The container `kubectl.kubernetes.io/default-container` names, or the first one. */
  defaultContainer?: string;
}

/** Lines longer than this many UTF-16 units are split into marked pieces. */
export const LOG_MAX_LINE_CHARS = 16 * 1024;

/** The log view keeps at most this many lines and drops the oldest. */
export const LOG_VIEW_MAX_LINES = 50_000;
