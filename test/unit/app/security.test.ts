/** Navigation, new windows, <webview> and permissions: everything is denied unless it is the app itself. */
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { denyPermissions, guardWebContents } from '../../../main/app/security';

vi.mock('electron', () => {
  throw new Error('main/app/security.ts must take Electron objects as parameters, not import them');
});

function fakeContents() {
  const contents = Object.assign(new EventEmitter(), {
    openHandler: undefined as ((details: { url: string }) => { action: string }) | undefined,
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      contents.openHandler = handler;
    },
  });
  const openExternal = vi.fn(async (_url: string) => undefined);
  guardWebContents(contents as unknown as Parameters<typeof guardWebContents>[0], openExternal);
  return { contents, openExternal };
}

function navigate(contents: EventEmitter, eventName: string, url: string): boolean {
  const event = { url, isMainFrame: true, preventDefault: vi.fn() };
  contents.emit(eventName, event);
  return event.preventDefault.mock.calls.length === 0;
}

const navigations = [
  { name: 'a page of the app', url: 'app://drun/index.html#/overview', allowed: true },
  { name: 'an https site', url: 'https://example.com/', allowed: false },
  { name: 'a loopback http server', url: 'http://127.0.0.1:8888/', allowed: false },
  { name: 'another host on the app scheme', url: 'app://evil/index.html', allowed: false },
  { name: 'credentials before the app host', url: 'app://drun@evil/index.html', allowed: false },
  { name: 'a prefix of the app origin', url: 'app://drun.evil/', allowed: false },
  { name: 'a local file', url: 'file:///etc/passwd', allowed: false },
  { name: 'a javascript: URL', url: 'javascript:alert(1)', allowed: false },
  { name: 'not a URL', url: 'drun', allowed: false },
];

describe('guardWebContents', () => {
  for (const eventName of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
    it.each(navigations)(`${eventName}: $name → allowed $allowed`, ({ url, allowed }) => {
      const { contents } = fakeContents();
      expect(navigate(contents, eventName, url)).toBe(allowed);
    });
  }

  it('prevents every <webview> from attaching', () => {
    const { contents } = fakeContents();
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });

  it.each([
    { name: 'an https link', url: 'https://docs.example/gpu', external: true },
    { name: 'an http link', url: 'http://example.com/', external: true },
    { name: 'a link with credentials', url: 'https://user:secret@example.com/', external: false },
    { name: 'a local file', url: 'file:///etc/passwd', external: false },
    { name: 'a custom scheme', url: 'vscode://open', external: false },
    { name: 'the app itself', url: 'app://drun/index.html', external: false },
    { name: 'a javascript: URL', url: 'javascript:alert(1)', external: false },
  ])('denies a new window for $name and opens it externally: $external', ({ url, external }) => {
    const { contents, openExternal } = fakeContents();
    expect(contents.openHandler?.({ url })).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual(external ? [[url]] : []);
  });
});

type RequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
type CheckHandler = (...args: unknown[]) => boolean;

describe('denyPermissions', () => {
  const session: {
    request?: RequestHandler;
    check?: CheckHandler;
    device?: CheckHandler;
    setPermissionRequestHandler(handler: RequestHandler): void;
    setPermissionCheckHandler(handler: CheckHandler): void;
    setDevicePermissionHandler(handler: CheckHandler): void;
  } = {
    setPermissionRequestHandler(handler) {
      session.request = handler;
    },
    setPermissionCheckHandler(handler) {
      session.check = handler;
    },
    setDevicePermissionHandler(handler) {
      session.device = handler;
    },
  };
  denyPermissions(session as unknown as Parameters<typeof denyPermissions>[0]);

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown'])('denies a request for %s', (permission) => {
    const callback = vi.fn();
    session.request?.({}, permission, callback);
    expect(callback.mock.calls).toEqual([[false]]);
  });

  it.each(['media', 'clipboard-sanitized-write', 'hid', 'serial', 'usb'])('answers false to a check for %s', (permission) => {
    expect(session.check?.({}, permission, 'app://drun', {})).toBe(false);
  });

  it('denies every device', () => {
    expect(session.device?.({ deviceType: 'usb', origin: 'app://drun' })).toBe(false);
  });
});
