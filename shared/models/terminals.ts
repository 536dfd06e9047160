/**
 * Terminal sessions as the renderer sees them: pod exec or attach, output as
 * text chunks with their byte counts (for flow control), and state changes.
 */

export type TerminalMode = 'exec' | 'attach';

/**
 * Shell choice for exec. `auto` starts /bin/sh and replaces it with bash when
 * the image has bash; the other presets run that shell directly, and `command`
 * runs the given argv.
 */
export type ShellChoice = 'auto' | 'bash' | 'sh' | 'ash' | 'zsh';

export interface TerminalTarget {
  contextId: string;
  namespace: string;
  pod: string;
  /** Container name; the pod's default container when absent. */
  container?: string;
}

export interface TerminalOpened {
  sessionId: string;
  /** The container the session runs in, after choosing the default. */
  container: string;
  /** The argv that exec started (empty for attach). */
  command: string[];
}

/** Why a session ended. */
export interface TerminalEnd {
  /** `exited`: the process ended; `closed`: the server closed the stream; `lost`: keep-alive or network failure; `user`: closed from the app. */
  cause: 'exited' | 'closed' | 'lost' | 'user';
  /** Exit code when the server reported one (0 for success). */
  exitCode?: number;
  /** The server's message or the WebSocket close reason, for people. */
  message?: string;
}

export type TerminalEvent =
  /** Bytes of the terminal's output decoded as UTF-8; `bytes` is what the renderer acknowledges once written. */
  | { type: 'output'; data: string; bytes: number }
  | { type: 'ended'; end: TerminalEnd };

/**
 * Flow-control window, in bytes of output. Main stops reading the upstream
 * when more than `high` bytes are unacknowledged and resumes below `low`.
 * The numbers follow xterm.js's flow-control guide (watermarks of a few
 * hundred kilobytes keep the renderer responsive while a flood streams).
 */
export const TERMINAL_FLOW = { high: 512 * 1024, low: 128 * 1024 } as const;

/** The renderer acknowledges written bytes in batches of this size, or sooner when its queue is drained. */
export const TERMINAL_ACK_BATCH = 32 * 1024;
