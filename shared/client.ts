/**
 * Builds the renderer's typed proxy of a contract over any ClientPort, so
 * both transports share one client and no channel string is typed twice.
 */
import { channelName, type Contract, type ContractClient, type StreamEvent } from './contract';
import type { AppError, Result } from './result';
import type { ClientPort, ServerMessage } from './wire';

type PendingCall = (result: Result<unknown>) => void;
type StreamListener = (event: StreamEvent<unknown>) => void;

export interface ClientConnection {
  client<C extends Contract>(contract: C): ContractClient<C>;
  /** Fails every pending call and closes every stream, for example when the socket closed. */
  failAll(error: AppError): void;
}

export function createClientConnection(port: ClientPort): ClientConnection {
  let nextId = 1;
  const calls = new Map<number, PendingCall>();
  const streams = new Map<number, StreamListener>();

  port.onMessage((message: ServerMessage) => {
    if (message.type === 'result') {
      const resolve = calls.get(message.id);
      calls.delete(message.id);
      resolve?.(message.result);
      return;
    }
    const listener = streams.get(message.id);
    if (message.event.type === 'error') {
      streams.delete(message.id);
    }
    listener?.(message.event);
  });

  const call = (channel: string, input: unknown): Promise<Result<unknown>> =>
    new Promise((resolve) => {
      const id = nextId++;
      calls.set(id, resolve);
      port.send({ type: 'call', id, channel, input });
    });

  const subscribe = (channel: string, input: unknown, listener: StreamListener): (() => void) => {
    const id = nextId++;
    streams.set(id, listener);
    port.send({ type: 'subscribe', id, channel, input });
    return () => {
      if (streams.delete(id)) {
        port.send({ type: 'unsubscribe', id });
      }
    };
  };

  return {
    client<C extends Contract>(contract: C): ContractClient<C> {
      const proxy: Record<string, unknown> = {};
      for (const [member, spec] of Object.entries(contract.specs)) {
        const channel = channelName(contract, member);
        proxy[member] =
          spec.kind === 'method'
            ? (input: unknown) => call(channel, input)
            : (input: unknown, listener: StreamListener) => subscribe(channel, input, listener);
      }
      return proxy as ContractClient<C>;
    },

    failAll(error: AppError): void {
      for (const resolve of calls.values()) {
        resolve({ ok: false, error });
      }
      calls.clear();
      for (const listener of streams.values()) {
        listener({ type: 'error', error });
      }
      streams.clear();
    },
  };
}
