/**
 * The Electron shell's life: one instance, security settings on every
 * webContents and session before anything loads, the services of
 * main/composition behind the IPC adapter, and a quit that disposes them.
 * Electron arrives as a parameter so that tests can drive it with fakes.
 */
import { join } from 'node:path';
import type * as Electron from 'electron';
import type { App as DrunApp, AppOptions } from '../composition';
import { createLogger } from '../log';
import { attachIpcAdapter } from './ipc';
import { pickLocale } from './locale';
import { applicationMenu } from './menu';
import { APP_SCHEME } from './origin';
import { APP_SCHEME_PRIVILEGES, createRendererHandler } from './protocol';
import { denyPermissions, guardWebContents } from './security';
import { createMainWindow } from './window';

const log = createLogger('app.shell');

/** The Electron modules the shell uses. */
export interface ShellElectron {
  app: Pick<Electron.App, 'requestSingleInstanceLock' | 'quit' | 'on' | 'whenReady' | 'getPath' | 'getPreferredSystemLanguages' | 'getAppPath' | 'isPackaged'>;
  protocol: Pick<Electron.Protocol, 'registerSchemesAsPrivileged' | 'handle'>;
  session: { defaultSession: Electron.Session };
  ipcMain: Electron.IpcMain;
  shell: Pick<Electron.Shell, 'openExternal'>;
  Menu: Pick<typeof Electron.Menu, 'buildFromTemplate' | 'setApplicationMenu'>;
  createWindow: (options: Electron.BrowserWindowConstructorOptions) => Electron.BrowserWindow;
}

export interface ShellOptions {
  createApp: (options: AppOptions) => Promise<DrunApp>;
  preloadPath: string;
  rendererDir: string;
  platform: string;
}

/** Starts the shell; returns false when another instance already runs (this one then quits). */
export function startShell(electron: ShellElectron, options: ShellOptions): boolean {
  const { app } = electron;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }

  electron.protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  const openExternal = (url: string): Promise<void> => electron.shell.openExternal(url);
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, openExternal));
  app.on('session-created', (session) => denyPermissions(session));

  let window: Electron.BrowserWindow | undefined;
  const started = app.whenReady().then(() => onReady(electron, options, (next) => (window = next)));
  started.catch((err: unknown) => {
    log.error('the app failed to start', { err });
    app.quit();
  });

  app.on('second-instance', () => {
    if (window && !window.isDestroyed()) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('window-all-closed', () => {
    if (options.platform !== 'darwin') app.quit();
  });
  quitAfterDispose(app, started);
  return true;
}

interface Running {
  drunApp: DrunApp;
  ipc: { dispose(): void };
  openWindow(): Electron.BrowserWindow;
}

async function onReady(electron: ShellElectron, options: ShellOptions, setWindow: (window: Electron.BrowserWindow) => void): Promise<Running> {
  const { app } = electron;
  denyPermissions(electron.session.defaultSession);
  electron.protocol.handle(APP_SCHEME, createRendererHandler(options.rendererDir));

  const locale = pickLocale(app.getPreferredSystemLanguages());
  electron.Menu.setApplicationMenu(electron.Menu.buildFromTemplate(applicationMenu(locale, options.platform)));

  // electron-builder packs resources/ next to app.asar (extraResources); unpacked, it sits beside package.json.
  const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : join(app.getAppPath(), 'resources');
  const drunApp = await options.createApp({ userDataDir: app.getPath('userData'), resourcesDir });
  const ipc = attachIpcAdapter(electron.ipcMain, drunApp.host);
  const openWindow = (): Electron.BrowserWindow => {
    const window = createMainWindow(electron.createWindow, { preloadPath: options.preloadPath, locale, title: 'd.run Desktop' });
    setWindow(window);
    return window;
  };
  openWindow();
  // macOS keeps the app alive without windows; the dock icon opens a new one.
  app.on('activate', (_event, hasVisibleWindows) => {
    if (!hasVisibleWindows) openWindow();
  });
  return { drunApp, ipc, openWindow };
}

/** Holds the first quit until the services are disposed, then quits for real. */
function quitAfterDispose(app: ShellElectron['app'], started: Promise<Running>): void {
  let state: 'running' | 'disposing' | 'disposed' = 'running';
  app.on('will-quit', (event) => {
    if (state === 'disposed') {
      return;
    }
    event.preventDefault();
    if (state === 'disposing') {
      return;
    }
    state = 'disposing';
    started
      .then(async (running) => {
        running.ipc.dispose();
        await running.drunApp.dispose();
      })
      .catch((err: unknown) => log.error('disposing the app failed', { err }))
      .finally(() => {
        state = 'disposed';
        app.quit();
      });
  });
}
