/**
 * The end of a remote command, read from the Status object the server sends on
 * channel 3 and the WebSocket close code, turned into what the user sees.
 */
import type { TerminalEnd } from '../../shared/models/terminals';

/** The subset of a metav1.Status that the remote-command protocol sends. */
export interface RemoteStatus {
  status?: string;
  reason?: string;
  message?: string;
  details?: { causes?: { reason?: string; message?: string }[] };
}

/**
 * Maps a channel-3 Status to the end of a session. `Success` is exit code 0;
 * `NonZeroExitCode` carries the code in a cause with reason `ExitCode`
 * (k8s.io/apimachinery remotecommand constants); any other Failure means the
 * command could not run, and its message gives the reason.
 */
export function endFromStatus(status: RemoteStatus): TerminalEnd {
  if (status.status === 'Success') {
    return { cause: 'exited', exitCode: 0 };
  }
  const code = status.details?.causes?.find((cause) => cause.reason === 'ExitCode')?.message;
  const exitCode = code !== undefined ? Number.parseInt(code, 10) : Number.NaN;
  if (status.reason === 'NonZeroExitCode' && Number.isFinite(exitCode)) {
    return { cause: 'exited', exitCode };
  }
  const message = status.message ?? status.reason ?? 'the command failed without a message';
  // Runtimes that wrap the process error (kwok with a TTY, some CRI shims) send a plain
  // Failure whose message ends in Go's exec.ExitError text, "exit status N".
  const wrapped = /exit status (\d+)\s*$/.exec(message)?.[1];
  return wrapped !== undefined ? { cause: 'exited', exitCode: Number(wrapped), message } : { cause: 'exited', message };
}

/** Whether an end means the command never started (missing binary), so the next shell of a fallback list may be tried. */
export function isStartFailure(end: TerminalEnd): boolean {
  if (end.exitCode === 126 || end.exitCode === 127) {
    return true;
  }
  return end.exitCode === undefined && /no such file|not found|executable file/i.test(end.message ?? '');
}

/** Describes a WebSocket close without a Status: 1000/1005 are normal, the rest name the code. */
export function endFromClose(code: number, reason: string): TerminalEnd {
  const normal = code === 1000 || code === 1005;
  const message = reason !== '' ? reason : normal ? 'the server closed the session' : `the connection closed with WebSocket code ${code}`;
  return { cause: normal ? 'closed' : 'lost', message };
}
