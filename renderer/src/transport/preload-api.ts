/** The generic pipe that the Electron preload exposes as `window.drun`; absent in browser mode. */
import type { ClientMessage, ServerMessage } from '../../../shared/wire';

export interface PreloadApi {
  send(message: ClientMessage): void;
  /** Registers the receiver of server messages; returns its removal. */
  onMessage(receiver: (message: ServerMessage) => void): () => void;
}

declare global {
  interface Window {
    drun?: PreloadApi;
  }
}
