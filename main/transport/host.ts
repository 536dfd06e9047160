/**
 * The service host: the one place where contracts meet their implementations.
 * Every transport hands it validated-shape client messages per connection; the
 * host checks the payload against the contract's schema, runs the method or
 * opens the stream, and owns each stream until it is unsubscribed or the
 * connection closes.
 */
import { channelName, type CallContext, type Contract, type ContractImpl, type Disposable } from '../../shared/contract';
import type { AppError } from '../../shared/result';
import { clientMessageSchema, type ClientMessage, type ServerMessage } from '../../shared/wire';
import { createLogger } from '../log';
import { toAppError } from './errors';

const log = createLogger('transport.host');

interface Handler {
  kind: 'method' | 'stream';
  parse(input: unknown): { success: true; data: unknown } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  run(input: unknown, emitOrContext: unknown, context?: CallContext): unknown;
}

/** One client of the host: a window's webContents or one WebSocket. */
export interface HostConnection {
  readonly transport: CallContext['transport'];
  send(message: ServerMessage): void;
}

interface ConnectionState {
  streams: Map<number, { dispose: Disposable | undefined; abort: AbortController; closed: boolean }>;
  calls: Set<AbortController>;
}

export interface ServiceHost {
  register<C extends Contract>(contract: C, impl: ContractImpl<C>): void;
  /** Every channel name registered, for the preload allow-list and tests. */
  channels(): string[];
  handle(connection: HostConnection, raw: unknown): void;
  /** Disposes the connection's streams and cancels its calls. */
  close(connection: HostConnection): void;
  /** Calls the listener with the number of open connections whenever it changes. */
  onConnectionCount(listener: (count: number) => void): Disposable;
}

function invalidInput(channel: string, issues: { path: PropertyKey[]; message: string }[]): AppError {
  const detail = issues.map((issue) => `${issue.path.map(String).join('.') || '(input)'}: ${issue.message}`).join('; ');
  return { kind: 'InvalidInput', message: `Invalid input for ${channel}: ${detail}` };
}

export function createServiceHost(): ServiceHost {
  const handlers = new Map<string, Handler>();
  const connections = new Map<HostConnection, ConnectionState>();
  const countListeners = new Set<(count: number) => void>();
  const publishCount = (): void => countListeners.forEach((listener) => listener(connections.size));

  const stateOf = (connection: HostConnection): ConnectionState => {
    let state = connections.get(connection);
    if (!state) {
      state = { streams: new Map(), calls: new Set() };
      connections.set(connection, state);
      publishCount();
    }
    return state;
  };

  const runCall = async (connection: HostConnection, id: number, channel: string, input: unknown): Promise<void> => {
    const handler = handlers.get(channel);
    if (!handler || handler.kind !== 'method') {
      connection.send({ type: 'result', id, result: { ok: false, error: { kind: 'NotFound', message: `Unknown method ${channel}` } } });
      return;
    }
    const parsed = handler.parse(input);
    if (!parsed.success) {
      connection.send({ type: 'result', id, result: { ok: false, error: invalidInput(channel, parsed.error.issues) } });
      return;
    }
    const abort = new AbortController();
    const state = stateOf(connection);
    state.calls.add(abort);
    try {
      const value = await handler.run(parsed.data, { transport: connection.transport, signal: abort.signal });
      connection.send({ type: 'result', id, result: { ok: true, value } });
    } catch (error) {
      const appError = toAppError(error);
      if (appError.kind === 'Internal') {
        log.error('method failed', { name: channel, err: error });
      }
      connection.send({ type: 'result', id, result: { ok: false, error: appError } });
    } finally {
      state.calls.delete(abort);
    }
  };

  const openStream = async (connection: HostConnection, id: number, channel: string, input: unknown): Promise<void> => {
    const handler = handlers.get(channel);
    const fail = (error: AppError): void => connection.send({ type: 'event', id, event: { type: 'error', error } });
    if (!handler || handler.kind !== 'stream') {
      fail({ kind: 'NotFound', message: `Unknown stream ${channel}` });
      return;
    }
    const parsed = handler.parse(input);
    if (!parsed.success) {
      fail(invalidInput(channel, parsed.error.issues));
      return;
    }
    const state = stateOf(connection);
    if (state.streams.has(id)) {
      fail({ kind: 'InvalidInput', message: `Stream id ${id} is already in use on this connection` });
      return;
    }
    const entry = { dispose: undefined as Disposable | undefined, abort: new AbortController(), closed: false };
    state.streams.set(id, entry);
    const emit = (value: unknown): void => {
      if (!entry.closed) {
        connection.send({ type: 'event', id, event: { type: 'value', value } });
      }
    };
    try {
      const disposable = (await handler.run(parsed.data, emit, { transport: connection.transport, signal: entry.abort.signal })) as Disposable;
      // The client may have unsubscribed while the stream was opening.
      if (entry.closed) {
        disposable.dispose();
        return;
      }
      entry.dispose = disposable;
    } catch (error) {
      state.streams.delete(id);
      entry.closed = true;
      fail(toAppError(error));
    }
  };

  const closeStream = (connection: HostConnection, id: number): void => {
    const state = connections.get(connection);
    const entry = state?.streams.get(id);
    if (!state || !entry) {
      return;
    }
    state.streams.delete(id);
    entry.closed = true;
    entry.abort.abort();
    entry.dispose?.dispose();
  };

  const closed = new WeakSet<HostConnection>();

  const dispatch = (connection: HostConnection, message: ClientMessage): void => {
    if (closed.has(connection)) {
      return;
    }
    if (message.type === 'call') {
      void runCall(connection, message.id, message.channel, message.input);
    } else if (message.type === 'subscribe') {
      void openStream(connection, message.id, message.channel, message.input);
    } else {
      closeStream(connection, message.id);
    }
  };

  return {
    register(contract, impl) {
      for (const [member, spec] of Object.entries(contract.specs)) {
        const run = (impl as Record<string, unknown>)[member];
        if (typeof run !== 'function') {
          throw new Error(`Contract ${contract.name} has no implementation of ${member}`);
        }
        handlers.set(channelName(contract, member), {
          kind: spec.kind,
          parse: (input) => spec.input.safeParse(input) as ReturnType<Handler['parse']>,
          run: run.bind(impl) as Handler['run'],
        });
      }
    },

    channels: () => [...handlers.keys()],

    handle(connection, raw) {
      const parsed = clientMessageSchema.safeParse(raw);
      if (!parsed.success) {
        log.warn('malformed client message dropped', { count: parsed.error.issues.length });
        return;
      }
      const message = parsed.data;
      // Real transports deliver replies on a later turn; an in-process connection must too,
      // so a listener never runs before subscribe() has returned its unsubscribe function.
      queueMicrotask(() => dispatch(connection, message));
    },

    close(connection) {
      closed.add(connection);
      const state = connections.get(connection);
      if (!state) {
        return;
      }
      for (const id of [...state.streams.keys()]) {
        closeStream(connection, id);
      }
      for (const abort of state.calls) {
        abort.abort();
      }
      connections.delete(connection);
      publishCount();
    },

    onConnectionCount(listener) {
      countListeners.add(listener);
      return { dispose: () => countListeners.delete(listener) };
    },
  };
}
