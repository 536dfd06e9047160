/**
 * The Electron IPC adapter of the service host. It accepts messages only from
 * the main frame of a page on `app://drun`. Each page load of a webContents
 * gets its own HostConnection, which closes when the page navigates, crashes
 * or goes away, so that its streams never outlive it.
 */
import type { IpcMainEvent, WebContents, WebFrameMain } from 'electron';
import type { Disposable } from '../../shared/contract';
import type { ServerMessage } from '../../shared/wire';
import { createLogger } from '../log';
import type { HostConnection, ServiceHost } from '../transport/host';
import { IPC_TO_MAIN, IPC_TO_RENDERER } from './ipc-channels';
import { isAppUrl } from './origin';

const log = createLogger('app.ipc');

type SenderFrame = Pick<WebFrameMain, 'url' | 'parent'>;
type SenderContents = Pick<WebContents, 'id' | 'send' | 'isDestroyed' | 'on' | 'off'>;

/** The parts of an IpcMainEvent the adapter reads; fakes in tests provide the same. */
export interface IpcSenderEvent {
  sender: SenderContents;
  senderFrame: SenderFrame | null;
}

export interface IpcMainLike {
  on(channel: string, listener: (event: IpcMainEvent, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: IpcMainEvent, ...args: unknown[]) => void): unknown;
}

/** Returns why a sender is rejected, or undefined when it may talk to the host. */
export function rejectSender(event: IpcSenderEvent): string | undefined {
  const frame = event.senderFrame;
  if (!frame) {
    return 'the sending frame navigated away or was destroyed';
  }
  if (frame.parent !== null) {
    return 'the message came from a subframe';
  }
  if (!isAppUrl(frame.url)) {
    return 'the sending page is not on the app origin';
  }
  return undefined;
}

interface PageConnection extends HostConnection {
  open: boolean;
}

function pageConnection(contents: SenderContents): PageConnection {
  const connection: PageConnection = {
    transport: 'ipc',
    open: true,
    send(message: ServerMessage) {
      // Results of calls that finish after the page left must not reach the next page.
      if (connection.open && !contents.isDestroyed()) {
        contents.send(IPC_TO_RENDERER, message);
      }
    },
  };
  return connection;
}

/** Serves the host over ipcMain until disposed. */
export function attachIpcAdapter(ipcMain: IpcMainLike, host: ServiceHost): Disposable {
  const pages = new Map<number, PageConnection>();

  const closePage = (contents: SenderContents): void => {
    const connection = pages.get(contents.id);
    if (connection) {
      pages.delete(contents.id);
      connection.open = false;
      host.close(connection);
    }
  };

  const connectionOf = (contents: SenderContents): PageConnection => {
    const existing = pages.get(contents.id);
    if (existing) {
      return existing;
    }
    const connection = pageConnection(contents);
    pages.set(contents.id, connection);
    const onNavigate = (details: { isMainFrame: boolean; isSameDocument: boolean }): void => {
      if (details.isMainFrame && !details.isSameDocument) {
        cleanup();
      }
    };
    const cleanup = (): void => {
      contents.off('did-start-navigation', onNavigate);
      contents.off('render-process-gone', cleanup);
      contents.off('destroyed', cleanup);
      closePage(contents);
    };
    contents.on('did-start-navigation', onNavigate);
    contents.on('render-process-gone', cleanup);
    contents.on('destroyed', cleanup);
    return connection;
  };

  const onMessage = (event: IpcMainEvent, raw: unknown): void => {
    const reason = rejectSender(event);
    if (reason) {
      log.warn(`ipc message rejected: ${reason}`, { path: event.senderFrame?.url ?? '' });
      return;
    }
    host.handle(connectionOf(event.sender), raw);
  };
  ipcMain.on(IPC_TO_MAIN, onMessage);

  return {
    dispose() {
      ipcMain.removeListener(IPC_TO_MAIN, onMessage);
      for (const connection of pages.values()) {
        connection.open = false;
        host.close(connection);
      }
      pages.clear();
    },
  };
}
