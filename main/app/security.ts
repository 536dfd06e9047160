/**
 * The security settings every webContents and session gets, whatever created
 * it: navigation only within the app's origin, no new windows, no <webview>,
 * and every permission denied unless a later feature allows one by name.
 */
import type { Session, WebContents } from 'electron';
import { createLogger } from '../log';
import { isAppUrl, isExternalUrl } from './origin';

const log = createLogger('app.security');

/** The one way out to the user's browser; `shell.openExternal` in the app. */
export type OpenExternal = (url: string) => Promise<void>;

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;
type GuardedSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>;

/**
 * Keeps a webContents on the app's origin. Links that would open a window go
 * to the user's browser when they are http(s), and are dropped otherwise.
 */
export function guardWebContents(contents: GuardedContents, openExternal: OpenExternal): void {
  const blockForeign = (event: { preventDefault(): void }, url: string): void => {
    if (!isAppUrl(url)) {
      event.preventDefault();
      log.warn('navigation blocked', { path: url });
    }
  };
  contents.on('will-navigate', (event) => blockForeign(event, event.url));
  contents.on('will-frame-navigate', (event) => blockForeign(event, event.url));
  contents.on('will-redirect', (event) => blockForeign(event, event.url));

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('webview blocked');
  });

  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalUrl(url)) {
      openExternal(url).catch((err: unknown) => log.warn('opening a link in the browser failed', { path: url, err }));
    } else {
      log.warn('window blocked', { path: url });
    }
    return { action: 'deny' };
  });
}

/**
 * Denies every permission request and check on a session. Electron grants
 * all of them by default; the request and check handlers are both needed.
 */
export function denyPermissions(session: GuardedSession): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log.info('permission denied', { name: permission });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
