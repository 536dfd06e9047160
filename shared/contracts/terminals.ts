import { z } from 'zod';
import { defineContract, method, stream } from '../contract';
import type { TerminalEvent, TerminalOpened } from '../models/terminals';

const sessionId = z.string().uuid();
const name = z.string().min(1).max(253);
const size = { cols: z.number().int().min(1).max(1000), rows: z.number().int().min(1).max(1000) };

const openInput = z.object({
  contextId: z.string().min(1).max(4096),
  namespace: name,
  pod: name,
  container: name.optional(),
  mode: z.enum(['exec', 'attach']).default('exec'),
  shell: z.enum(['auto', 'bash', 'sh', 'ash', 'zsh']).default('auto'),
  /** A command to run instead of a shell, as argv. */
  command: z.array(z.string().max(4096)).min(1).max(64).optional(),
  ...size,
});

/**
 * Pod terminals. `open` connects and returns a session id; the session then
 * lives as long as the `events` subscription of the connection that opened
 * it (a session nobody subscribes to within 30 s is closed).
 */
export const terminalsContract = defineContract('terminals', {
  /** Starts exec or attach; rejects with Forbidden naming `create pods/exec` (or `pods/attach`) when RBAC denies it. */
  open: method<TerminalOpened>()(openInput),
  /** Output chunks and the end of the session; unsubscribing closes the session. */
  events: stream<TerminalEvent>()(z.object({ sessionId })),
  /** Sends keystrokes: `data` as UTF-8 text, or base64 when `encoding` is `base64` (xterm's binary input). */
  input: method<null>()(z.object({ sessionId, data: z.string().max(1024 * 1024), encoding: z.enum(['utf8', 'base64']).default('utf8') })),
  /** Sets the terminal size in character cells; sent to the server on the resize channel. */
  resize: method<null>()(z.object({ sessionId, ...size })),
  /** Acknowledges output bytes that the terminal has written, which lets main read more. */
  ack: method<null>()(z.object({ sessionId, bytes: z.number().int().min(0).max(1 << 30) })),
  /** Ends the session; closing an ended or unknown session is not an error. */
  close: method<null>()(z.object({ sessionId })),
});

export type TerminalOpenInput = z.input<typeof openInput>;
