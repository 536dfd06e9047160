/** The main window's settings and start page. */
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { createMainWindow, mainWindowPreferences } from '../../../main/app/window';

vi.mock('electron', () => {
  throw new Error('main/app/window.ts must take BrowserWindow as a parameter, not import it');
});

describe('mainWindowPreferences', () => {
  const preferences = mainWindowPreferences('/app/out/main/preload.cjs');

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['webviewTag', false],
    ['navigateOnDragDrop', false],
  ] as const)('sets %s to %s', (key, value) => {
    expect(preferences[key]).toBe(value);
  });

  it('loads the preload and enables no Blink features', () => {
    expect(preferences.preload).toBe('/app/out/main/preload.cjs');
    expect(preferences.enableBlinkFeatures).toBeUndefined();
    expect(preferences.additionalArguments).toBeUndefined();
  });
});

describe('createMainWindow', () => {
  function openWindow(locale: string) {
    let options: BrowserWindowConstructorOptions | undefined;
    const window = Object.assign(new EventEmitter(), {
      loadURL: vi.fn(async (_url: string) => undefined),
      show: vi.fn(),
    });
    createMainWindow(
      (given) => {
        options = given;
        return window as unknown as BrowserWindow;
      },
      { preloadPath: '/p/preload.cjs', locale, title: 'd.run Desktop' },
    );
    return { window, options };
  }

  it.each(['en', 'zh-CN'])('loads the app origin with locale %s', (locale) => {
    const { window } = openWindow(locale);
    expect(window.loadURL.mock.calls).toEqual([[`app://drun/index.html?locale=${locale}`]]);
  });

  it('uses the hardened preferences and shows the window once painted', () => {
    const { window, options } = openWindow('en');
    expect(options?.webPreferences).toEqual(mainWindowPreferences('/p/preload.cjs'));
    expect(options?.show).toBe(false);
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalledOnce();
  });
});
