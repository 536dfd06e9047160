/**
 * Electron IPC: the real adapter (main/app/ipc.ts) and the real preload entry
 * (main/app/preload.ts), joined by fake ipcMain, ipcRenderer and webContents
 * that deliver asynchronously and copy every message as IPC does.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';
import type { IpcMainEvent } from 'electron';
import { attachIpcAdapter } from '../../../main/app/ipc';
import type { DrunBridge } from '../../../main/app/preload-api';
import type { ServiceHost } from '../../../main/transport/host';
import type { ClientMessage, ServerMessage } from '../../../shared/wire';
import { describeTransportContract, type TransportUnderTest } from './contract-suite';

const electron = vi.hoisted(() => ({
  ipcRenderer: undefined as unknown,
  exposed: new Map<string, unknown>(),
}));

vi.mock('electron', () => ({
  get ipcRenderer() {
    return electron.ipcRenderer;
  },
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api),
  },
}));

let nextContentsId = 1;

/** Loads the preload entry afresh over `ipcRenderer`, as each page load does, and returns its `window.drun`. */
async function loadPreload(ipcRenderer: EventEmitter, channels: string[]): Promise<DrunBridge> {
  electron.ipcRenderer = ipcRenderer;
  electron.exposed.clear();
  vi.stubGlobal('DRUN_CONTRACT_CHANNELS', channels);
  vi.resetModules();
  await import('../../../main/app/preload');
  return electron.exposed.get('drun') as DrunBridge;
}

const connectIpc = async (host: ServiceHost): Promise<TransportUnderTest> => {
  const ipcMain = new EventEmitter();
  const adapter = attachIpcAdapter(ipcMain as unknown as Parameters<typeof attachIpcAdapter>[0], host);

  return {
    open: async () => {
      const ipcRenderer = new EventEmitter();
      let destroyed = false;
      const contents = Object.assign(new EventEmitter(), {
        id: nextContentsId++,
        isDestroyed: () => destroyed,
        send: (channel: string, message: ServerMessage) => {
          setImmediate(() => ipcRenderer.emit(channel, { sender: 'the IpcRendererEvent' }, structuredClone(message)));
        },
      });
      const frame = { url: 'app://drun/index.html?locale=en', parent: null };
      Object.assign(ipcRenderer, {
        send: (channel: string, message: ClientMessage) => {
          const event = { sender: contents, senderFrame: frame } as unknown as IpcMainEvent;
          setImmediate(() => ipcMain.emit(channel, event, structuredClone(message)));
        },
      });

      const bridge = await loadPreload(ipcRenderer, host.channels());
      return {
        // contextBridge copies what crosses it; so does this port.
        port: {
          send: (message) => bridge.send(structuredClone(message)),
          onMessage: (receiver) => void bridge.onMessage(receiver),
        },
        close: async () => {
          if (!destroyed) {
            destroyed = true;
            contents.emit('destroyed');
          }
        },
      };
    },
    dispose: async () => {
      adapter.dispose();
      vi.unstubAllGlobals();
    },
  };
};

describeTransportContract('Electron IPC (adapter + preload)', connectIpc);
