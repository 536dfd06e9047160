/**
 * Opens the renderer's connection to main: the preload's IPC pipe inside
 * Electron, or the loopback WebSocket of browser mode. Both carry the same
 * messages, so everything above this file is transport-neutral.
 */
import { createClientConnection, type ClientConnection } from '../../../shared/client';
import type { ClientMessage, ClientPort, ServerMessage } from '../../../shared/wire';
import './preload-api';

const WIRE_PROTOCOL = 'drun.v1';
const TOKEN_PROTOCOL_PREFIX = 'drun.token.';
const TOKEN_KEY = 'drun.token';

export type TransportState = 'connecting' | 'open' | 'closed';

export interface Transport {
  connection: ClientConnection;
  kind: 'ipc' | 'websocket';
  /** Calls the listener on every state change; streams must be reopened after 'open' follows 'closed'. */
  onStateChange(listener: (state: TransportState) => void): () => void;
  state(): TransportState;
}

/** Takes the token from `#token=` once, keeps it for this tab and removes it from the address bar. */
function readToken(): string | undefined {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

function ipcTransport(api: NonNullable<Window['drun']>): Transport {
  const port: ClientPort = {
    send: (message) => api.send(message),
    onMessage: (receiver) => void api.onMessage(receiver),
  };
  return { connection: createClientConnection(port), kind: 'ipc', onStateChange: () => () => undefined, state: () => 'open' };
}

function websocketTransport(token: string): Transport {
  const listeners = new Set<(state: TransportState) => void>();
  let receiver: ((message: ServerMessage) => void) | undefined;
  let socket: WebSocket | undefined;
  let state: TransportState = 'connecting';
  let queue: ClientMessage[] = [];
  let retryMs = 500;

  const setState = (next: TransportState): void => {
    state = next;
    listeners.forEach((listener) => listener(next));
  };

  const open = (): void => {
    const url = `ws://${window.location.host}/ws`;
    const ws = new WebSocket(url, [WIRE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + token]);
    socket = ws;
    ws.onopen = () => {
      retryMs = 500;
      const pending = queue;
      queue = [];
      pending.forEach((message) => ws.send(JSON.stringify(message)));
      setState('open');
    };
    ws.onmessage = (event) => receiver?.(JSON.parse(String(event.data)) as ServerMessage);
    ws.onclose = () => {
      connection.failAll({ kind: 'Unavailable', message: 'The connection to the app was lost; reconnecting.' });
      setState('closed');
      setTimeout(open, retryMs);
      retryMs = Math.min(retryMs * 2, 10_000);
    };
  };

  const port: ClientPort = {
    send: (message) => {
      if (socket?.readyState === WebSocket.OPEN) {
        socket.send(JSON.stringify(message));
      } else if (message.type !== 'unsubscribe') {
        queue.push(message);
      }
    },
    onMessage: (next) => {
      receiver = next;
    },
  };
  const connection = createClientConnection(port);
  open();
  return {
    connection,
    kind: 'websocket',
    onStateChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    state: () => state,
  };
}

/** Returns undefined in browser mode without a token: the page was opened without the URL that `npm start` printed. */
export function connectTransport(): Transport | undefined {
  if (window.drun) {
    return ipcTransport(window.drun);
  }
  const token = readToken();
  return token ? websocketTransport(token) : undefined;
}
