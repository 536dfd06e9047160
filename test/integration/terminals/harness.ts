import type { StreamEvent } from '../../../shared/contract';
import type { TerminalEnd, TerminalEvent } from '../../../shared/models/terminals';
import type { TerminalService } from '../../../main/terminals/service';
import { kubeConfigFor, waitFor, type ClusterUser } from '../cluster/support';

/** The cluster service's one method that terminals and logs use, backed by a test user's kubeconfig. */
export function clustersAs(user: ClusterUser) {
  const kubeConfig = kubeConfigFor(user);
  return { connection: (contextId: string) => ({ contextId, kubeConfig }) };
}

export const callContext = { transport: 'direct' as const, signal: new AbortController().signal };

/** A subscribed terminal: its output so far, its end, and whether it acknowledges output. */
export interface TerminalProbe {
  sessionId: string;
  output(): string;
  bytes(): number;
  end(): TerminalEnd | undefined;
  send(text: string): Promise<void>;
  /** Waits until the output contains `text`, and returns the output. */
  waitForOutput(text: string | RegExp, timeoutMs?: number): Promise<string>;
  waitForEnd(timeoutMs?: number): Promise<TerminalEnd>;
  unsubscribe(): void;
}

/** Subscribes to a session's events; acknowledges every chunk unless `autoAck` is false. */
export async function subscribe(service: TerminalService, sessionId: string, autoAck = true): Promise<TerminalProbe> {
  let text = '';
  let bytes = 0;
  let ended: TerminalEnd | undefined;
  const emit = (event: TerminalEvent): void => {
    if (event.type === 'output') {
      text += event.data;
      bytes += event.bytes;
      if (autoAck) void service.ack({ sessionId, bytes: event.bytes }, callContext);
    } else {
      ended = event.end;
    }
  };
  const disposable = await service.events({ sessionId }, emit, callContext);
  const matches = (pattern: string | RegExp) => (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text));

  return {
    sessionId,
    output: () => text,
    bytes: () => bytes,
    end: () => ended,
    send: async (input) => void (await service.input({ sessionId, data: input, encoding: 'utf8' }, callContext)),
    waitForOutput: (pattern, timeoutMs = 30_000) =>
      waitFor(`terminal output to contain ${String(pattern)} (output so far: ${JSON.stringify(text.slice(-400))})`, async () => (matches(pattern) ? text : undefined), timeoutMs),
    waitForEnd: (timeoutMs = 30_000) => waitFor('the terminal session to end', async () => ended, timeoutMs),
    unsubscribe: () => disposable.dispose(),
  };
}

export type { StreamEvent };
