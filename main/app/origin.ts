/**
 * The app's own origin, `app://drun`. The renderer is served from this custom
 * privileged scheme instead of `file://`, so navigation, IPC sender checks and
 * the CSP all compare against one origin that no web page can claim.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'drun';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Schemes that may be handed to the operating system's browser. */
const EXTERNAL_SCHEMES = new Set(['https:', 'http:']);

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    // Not a URL at all: callers treat it as foreign.
    return undefined;
  }
}

/**
 * True when `url` belongs to the app's origin. Compares the parsed scheme and
 * host, because URL#origin is "null" for schemes that Node does not know.
 */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed?.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && !parsed.username && !parsed.password;
}

/** True when `url` may be opened in the user's browser: http(s) only, no credentials in it. */
export function isExternalUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== undefined && EXTERNAL_SCHEMES.has(parsed.protocol) && !parsed.username && !parsed.password;
}

/** Returns the renderer's start page, with the UI language as the `locale` query parameter. */
export function appStartUrl(locale: string): string {
  return `${APP_ORIGIN}/index.html?locale=${encodeURIComponent(locale)}`;
}
