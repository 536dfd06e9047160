/**
 * Links a hosted xterm.js terminal to a main-process session: output with
 * write-callback acknowledgements, keystrokes, binary input and resizes.
 * No protocol lives here; main owns the exec socket.
 */
import type { ContractClient } from '../../../../../shared/contract';
import type { terminalsContract } from '../../../../../shared/contracts/terminals';
import { TERMINAL_ACK_BATCH, type TerminalEnd } from '../../../../../shared/models/terminals';
import type { AppError } from '../../../../../shared/result';
import { AckBatcher } from './ack-batcher';

export type TerminalsClient = ContractClient<typeof terminalsContract>;

/** The parts of xterm's Terminal the link uses. */
export interface HostedTerminal {
  write(data: string, callback?: () => void): void;
  onData(listener: (data: string) => void): { dispose(): void };
  onBinary(listener: (data: string) => void): { dispose(): void };
  onResize(listener: (size: { cols: number; rows: number }) => void): { dispose(): void };
}

export interface LinkCallbacks {
  onEnd(end: TerminalEnd): void;
  onError(error: AppError): void;
}

/** Links `terminal` to `sessionId`; the returned function unlinks and, by unsubscribing, closes the session. */
export function linkTerminal(client: TerminalsClient, sessionId: string, terminal: HostedTerminal, callbacks: LinkCallbacks): () => void {
  const report = (result: Promise<{ ok: boolean; error?: AppError }>): void =>
    void result.then((outcome) => {
      if (!outcome.ok && outcome.error && outcome.error.kind !== 'NotFound') callbacks.onError(outcome.error);
    });
  const acks = new AckBatcher((bytes) => report(client.ack({ sessionId, bytes })), TERMINAL_ACK_BATCH);

  const unsubscribe = client.events({ sessionId }, (event) => {
    if (event.type === 'error') {
      callbacks.onError(event.error);
      return;
    }
    const value = event.value;
    if (value.type === 'output') {
      acks.queue();
      terminal.write(value.data, () => acks.markWritten(value.bytes));
    } else {
      callbacks.onEnd(value.end);
    }
  });

  const listeners = [
    terminal.onData((data) => report(client.input({ sessionId, data }))),
    // xterm gives binary input (some mouse reports) as a string of byte values 0-255.
    terminal.onBinary((data) => report(client.input({ sessionId, data: btoa(data), encoding: 'base64' }))),
    terminal.onResize(({ cols, rows }) => report(client.resize({ sessionId, cols, rows }))),
  ];

  return () => {
    listeners.forEach((listener) => listener.dispose());
    unsubscribe();
  };
}
