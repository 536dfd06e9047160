/**
 * What the Electron shell needs to show a notebook safely, as plain data and
 * a predicate, so main/app applies it without knowing about notebooks:
 * its own non-persistent partition per origin, no preload and no Node, only
 * the forwarded origin (and its base path) navigable, every permission denied.
 */

export interface NotebookViewPolicy {
  /** Session partition: one per forwarded origin, in memory only (no `persist:` prefix). */
  partition: string;
  /** `http://127.0.0.1:<port>`, the only origin the view may load. */
  origin: string;
  /** Path prefix the view stays under, such as `/notebook/team-a/demo/` or `/`. */
  basePath: string;
  webPreferences: {
    preload: undefined;
    sandbox: true;
    contextIsolation: true;
    nodeIntegration: false;
    nodeIntegrationInSubFrames: false;
    webviewTag: false;
  };
  /** Permission requests (camera, notifications, clipboard read, ...) are denied. */
  permissions: 'deny-all';
  /** For will-navigate, will-frame-navigate and window.open: true only inside the origin and base path. */
  isNavigationAllowed(target: string): boolean;
  /** Links leaving the notebook open in the user's browser only with these schemes. */
  externalSchemes: readonly string[];
}

/** Builds the policy for a notebook URL returned by `notebooks.launch`; rejects anything but http on 127.0.0.1. */
export function notebookViewPolicy(url: string): NotebookViewPolicy {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' || parsed.hostname !== '127.0.0.1' || !parsed.port) {
    throw new Error(`Notebook URL ${url} is not a forwarded local URL (http://127.0.0.1:<port>/...); open notebooks through notebooks.launch.`);
  }
  const basePath = parsed.pathname.replace(/(lab|tree|login)?$/, '').replace(/\/?$/, '/');
  const origin = parsed.origin;
  return {
    partition: `notebook-${parsed.port}`,
    origin,
    basePath,
    webPreferences: { preload: undefined, sandbox: true, contextIsolation: true, nodeIntegration: false, nodeIntegrationInSubFrames: false, webviewTag: false },
    permissions: 'deny-all',
    isNavigationAllowed(target) {
      let next: URL;
      try {
        next = new URL(target, origin);
      } catch {
        // Not a URL at all: nothing to navigate to.
        return false;
      }
      return next.origin === origin && (next.pathname + '/').startsWith(basePath);
    },
    externalSchemes: ['https:'],
  };
}
