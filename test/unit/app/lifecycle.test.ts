/** The shell's life, driven through fake Electron objects: start, security wiring, window, quit. */
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { startShell, type ShellElectron } from '../../../main/app/lifecycle';
import { mainWindowPreferences } from '../../../main/app/window';
import { createServiceHost } from '../../../main/transport/host';

vi.mock('electron', () => {
  throw new Error('main/app/lifecycle.ts must take Electron as a parameter, not import it');
});

function fakeElectron(options: { locked?: boolean; languages?: string[] } = {}) {
  const app = Object.assign(new EventEmitter(), {
    requestSingleInstanceLock: vi.fn(() => options.locked ?? true),
    quit: vi.fn(),
    whenReady: vi.fn(() => Promise.resolve()),
    getPath: vi.fn((name: string) => `/home/u/.config/${name}`),
    getPreferredSystemLanguages: vi.fn(() => options.languages ?? ['zh-CN', 'en-US']),
    getAppPath: vi.fn(() => '/opt/drun/app'),
    isPackaged: false,
  });
  const windows: { options: BrowserWindowConstructorOptions; loadURL: ReturnType<typeof vi.fn> }[] = [];
  const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), setDevicePermissionHandler: vi.fn() };
  const electron = {
    app,
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    session: { defaultSession: session },
    ipcMain: Object.assign(new EventEmitter(), {}),
    shell: { openExternal: vi.fn(async () => undefined) },
    Menu: { buildFromTemplate: vi.fn((template: unknown) => ({ template })), setApplicationMenu: vi.fn() },
    createWindow: (windowOptions: BrowserWindowConstructorOptions) => {
      const window = Object.assign(new EventEmitter(), { options: windowOptions, loadURL: vi.fn(async () => undefined), show: vi.fn() });
      windows.push(window);
      return window;
    },
  };
  const dispose = vi.fn(async () => undefined);
  const createApp = vi.fn(async () => ({ host: createServiceHost(), dispose }));
  const start = () =>
    startShell(electron as unknown as ShellElectron, { createApp, preloadPath: '/o/preload.cjs', rendererDir: '/o/renderer', platform: 'linux' });
  return { app, electron, session, windows, createApp, dispose, start };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('startShell', () => {
  it('quits at once when another instance holds the lock', () => {
    const shell = fakeElectron({ locked: false });
    expect(shell.start()).toBe(false);
    expect(shell.app.quit).toHaveBeenCalledOnce();
    expect(shell.app.whenReady).not.toHaveBeenCalled();
  });

  it('registers the app scheme and the per-webContents guard before ready', () => {
    const shell = fakeElectron();
    shell.app.whenReady.mockReturnValue(new Promise(() => undefined));
    shell.start();
    expect(shell.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledOnce();
    expect(shell.app.listenerCount('web-contents-created')).toBe(1);
    expect(shell.app.listenerCount('session-created')).toBe(1);
    expect(shell.electron.protocol.handle).not.toHaveBeenCalled();
  });

  it('starts the app when ready', async () => {
    const shell = fakeElectron({ languages: ['zh-Hans-CN'] });
    shell.start();
    await settle();

    expect(shell.session.setPermissionRequestHandler).toHaveBeenCalledOnce();
    expect(shell.session.setPermissionCheckHandler).toHaveBeenCalledOnce();
    expect(shell.electron.protocol.handle.mock.calls[0]?.[0]).toBe('app');
    expect(shell.createApp).toHaveBeenCalledWith({ userDataDir: '/home/u/.config/userData', resourcesDir: '/opt/drun/app/resources' });
    expect(shell.electron.ipcMain.listenerCount('drun:message')).toBe(1);
    expect(shell.windows).toHaveLength(1);
    expect(shell.windows[0]?.options.webPreferences).toEqual(mainWindowPreferences('/o/preload.cjs'));
    expect(shell.windows[0]?.loadURL).toHaveBeenCalledWith('app://drun/index.html?locale=zh-CN');
    expect(JSON.stringify(shell.electron.Menu.buildFromTemplate.mock.calls[0]?.[0])).toContain('编辑');
  });

  it('guards every webContents and session that Electron creates', async () => {
    const shell = fakeElectron();
    shell.start();
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    shell.app.emit('web-contents-created', {}, contents);
    expect(contents.listenerCount('will-navigate')).toBe(1);
    expect(contents.setWindowOpenHandler).toHaveBeenCalledOnce();

    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), setDevicePermissionHandler: vi.fn() };
    shell.app.emit('session-created', session);
    expect(session.setPermissionRequestHandler).toHaveBeenCalledOnce();
    expect(session.setPermissionCheckHandler).toHaveBeenCalledOnce();
  });

  it('holds the quit until the app is disposed, then quits', async () => {
    const shell = fakeElectron();
    shell.start();
    await settle();

    const first = { preventDefault: vi.fn() };
    shell.app.emit('will-quit', first);
    expect(first.preventDefault).toHaveBeenCalledOnce();
    await settle();
    expect(shell.dispose).toHaveBeenCalledOnce();
    expect(shell.electron.ipcMain.listenerCount('drun:message')).toBe(0);
    expect(shell.app.quit).toHaveBeenCalledOnce();

    const second = { preventDefault: vi.fn() };
    shell.app.emit('will-quit', second);
    expect(second.preventDefault).not.toHaveBeenCalled();
  });
});
