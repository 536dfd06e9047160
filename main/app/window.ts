/**
 * The main window. Main treats its renderer as untrusted, so the renderer runs
 * sandboxed with context isolation and no Node. It reaches main only through
 * the preload's pipe, and navigation is limited to `app://drun/`.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { createLogger } from '../log';
import { appStartUrl } from './origin';

const log = createLogger('app.window');

/** Returns the renderer's settings. test/unit/app/window.test.ts asserts each one. */
export function mainWindowPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

export interface MainWindowOptions {
  preloadPath: string;
  /** UI language handed to the renderer, `en` or `zh-CN`. */
  locale: string;
  title: string;
}

/** The BrowserWindow constructor, injected so tests can capture the options. */
export type WindowFactory = (options: BrowserWindowConstructorOptions) => BrowserWindow;

export function mainWindowOptions(options: MainWindowOptions): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 560,
    title: options.title,
    show: false,
    webPreferences: mainWindowPreferences(options.preloadPath),
  };
}

/** Opens the main window on the app's start page; it shows itself once painted. */
export function createMainWindow(create: WindowFactory, options: MainWindowOptions): BrowserWindow {
  const window = create(mainWindowOptions(options));
  window.once('ready-to-show', () => window.show());

  window.loadURL(appStartUrl(options.locale)).catch((err: unknown) => {
    log.error('renderer failed to load', { err });
  });
  return window;
}
