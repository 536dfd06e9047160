/**
 * The preload's pipe, kept apart from the entry so tests can build one over a
 * fake ipcRenderer. It is generic: it forwards wire messages whose channel is
 * in the allow-list and hands the page payloads, never the IPC event. It has
 * no run-time imports, so the sandboxed preload stays a few kilobytes.
 */
import type { ClientMessage, ServerMessage } from '../../shared/wire';
import { IPC_TO_MAIN, IPC_TO_RENDERER } from './ipc-channels';

/** Same bound as shared/wire.ts; main validates again with the schema there. */
const MAX_CHANNEL = 128;

/** The part of Electron's ipcRenderer the pipe uses. */
export interface IpcRendererLike {
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** The page's `window.drun`. It matches PreloadApi in renderer/src/transport/preload-api.ts. */
export interface DrunBridge {
  send(message: unknown): void;
  onMessage(receiver: (message: ServerMessage) => void): () => void;
}

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/**
 * Returns a copy of `value` with only the fields of a ClientMessage, or
 * undefined when it is not one. It mirrors clientMessageSchema in shared/wire.ts.
 */
export function toClientMessage(value: unknown): ClientMessage | undefined {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const { type, id, channel, input } = value as Record<string, unknown>;
  if (!isId(id)) {
    return undefined;
  }
  if (type === 'unsubscribe') {
    return { type, id };
  }
  if ((type === 'call' || type === 'subscribe') && typeof channel === 'string' && channel.length <= MAX_CHANNEL) {
    return { type, id, channel, input };
  }
  return undefined;
}

/** Builds the pipe; throws to the page on a malformed message or a channel outside `allowed`. */
export function createDrunBridge(ipc: IpcRendererLike, allowed: ReadonlySet<string>): DrunBridge {
  return {
    send(message) {
      const checked = toClientMessage(message);
      if (!checked) {
        throw new TypeError('drun.send: the message is not a call, subscribe or unsubscribe message');
      }
      if (checked.type !== 'unsubscribe' && !allowed.has(checked.channel)) {
        throw new TypeError(`drun.send: channel "${checked.channel}" is not in the allow-list`);
      }
      ipc.send(IPC_TO_MAIN, checked);
    },

    onMessage(receiver) {
      if (typeof receiver !== 'function') {
        throw new TypeError('drun.onMessage: the receiver must be a function');
      }
      const listener = (_event: unknown, message: unknown): void => receiver(message as ServerMessage);
      ipc.on(IPC_TO_RENDERER, listener);
      return () => {
        ipc.removeListener(IPC_TO_RENDERER, listener);
      };
    },
  };
}
