/**
 * Serves the built renderer under `app://drun/`. The scheme is registered as
 * standard and secure before `ready` (so it gets an origin, fetch and
 * storage like https), and every response carries the renderer's CSP header.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { CustomScheme } from 'electron';
import { createLogger } from '../log';
import { rendererCsp } from '../transport/csp';
import { APP_HOST, APP_SCHEME } from './origin';

const log = createLogger('app.protocol');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

/** The scheme privileges; neither bypassCSP nor CORS nor service workers. */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

function textResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/** Returns the file under `rendererDir` that a request path names, or undefined when it escapes the folder. */
function fileFor(rendererDir: string, pathname: string): string | undefined {
  let relative: string;
  try {
    relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  } catch {
    // A malformed %-escape names no file.
    return undefined;
  }
  const file = join(rendererDir, relative || 'index.html');
  return file.startsWith(rendererDir + sep) ? file : undefined;
}

async function readOrIndex(rendererDir: string, file: string): Promise<{ file: string; body: Buffer }> {
  try {
    return { file, body: await readFile(file) };
  } catch (error) {
    // Client-side routes have no file, so the single-page app serves them from index.html.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && (error as NodeJS.ErrnoException).code !== 'EISDIR') {
      throw error;
    }
    const index = join(rendererDir, 'index.html');
    return { file: index, body: await readFile(index) };
  }
}

/** The `protocol.handle` callback for `app://drun/`: GET only, files of `rendererDir` only. */
export function createRendererHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const root = resolve(rendererDir);
  const csp = rendererCsp();

  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return textResponse(404, 'Not found');
    }
    const file = fileFor(root, url.pathname);
    if (!file) {
      return textResponse(403, 'Forbidden');
    }

    try {
      const found = await readOrIndex(root, file);
      const headers = {
        'content-type': CONTENT_TYPES[extname(found.file)] ?? 'application/octet-stream',
        'content-security-policy': csp,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      };
      return new Response(request.method === 'HEAD' ? null : new Uint8Array(found.body), { status: 200, headers });
    } catch (error) {
      log.error('renderer file failed', { path: url.pathname, err: error });
      return textResponse(500, 'The renderer files are missing; run "npm run build".');
    }
  };
}
