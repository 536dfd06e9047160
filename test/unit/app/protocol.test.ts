/** The app:// scheme: its privileges, the files it serves and the CSP on each response. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { APP_SCHEME_PRIVILEGES, createRendererHandler } from '../../../main/app/protocol';
import { rendererCsp } from '../../../main/transport/csp';

vi.mock('electron', () => {
  throw new Error('main/app/protocol.ts must not import electron at run time');
});

let root: string;
let handle: (request: Request) => Promise<Response>;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'drun-protocol-'));
  await mkdir(join(root, 'renderer', 'assets'), { recursive: true });
  await writeFile(join(root, 'renderer', 'index.html'), '<!doctype html><title>index</title>');
  await writeFile(join(root, 'renderer', 'assets', 'main.js'), 'console.log(1)');
  await writeFile(join(root, 'secret.txt'), 'outside the renderer');
  handle = createRendererHandler(join(root, 'renderer') + '/');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('APP_SCHEME_PRIVILEGES', () => {
  it('makes app:// a standard secure scheme without CSP bypass, CORS or service workers', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    });
  });
});

describe('rendererCsp', () => {
  const directives = new Map(rendererCsp().split('; ').map((part) => [part.split(' ')[0], part] as const));

  it.each([
    ['default-src', "default-src 'self'"],
    ['script-src', "script-src 'self'"],
    ['object-src', "object-src 'none'"],
    ['base-uri', "base-uri 'none'"],
    ['frame-ancestors', "frame-ancestors 'none'"],
    ['form-action', "form-action 'none'"],
    ['connect-src', "connect-src 'self'"],
  ])('sets %s', (name, expected) => {
    expect(directives.get(name)).toBe(expected);
  });

  it('never allows eval or remote scripts', () => {
    expect(rendererCsp()).not.toMatch(/unsafe-eval|https?:|\*/);
  });
});

describe('createRendererHandler', () => {
  it.each([
    { name: 'the start page', url: 'app://drun/index.html?locale=zh-CN', status: 200, type: 'text/html; charset=utf-8', body: 'index' },
    { name: 'the root', url: 'app://drun/', status: 200, type: 'text/html; charset=utf-8', body: 'index' },
    { name: 'an asset', url: 'app://drun/assets/main.js', status: 200, type: 'text/javascript; charset=utf-8', body: 'console' },
    { name: 'a client-side route', url: 'app://drun/clusters/prod', status: 200, type: 'text/html; charset=utf-8', body: 'index' },
    { name: 'a dot-dot path', url: 'app://drun/../secret.txt', status: 200, type: 'text/html; charset=utf-8', body: 'index' },
    { name: 'an escaped traversal', url: 'app://drun/assets/..%2f..%2fsecret.txt', status: 200, type: 'text/html; charset=utf-8', body: 'index' },
    { name: 'an escaped absolute path', url: 'app://drun/%2e%2e%5csecret.txt', status: 200, type: 'text/html; charset=utf-8', body: 'index' },
    { name: 'a malformed escape', url: 'app://drun/%E0%A4%A', status: 403, type: 'text/plain; charset=utf-8', body: 'Forbidden' },
    { name: 'another host', url: 'app://evil/index.html', status: 404, type: 'text/plain; charset=utf-8', body: 'Not found' },
  ])('serves $name with status $status', async ({ url, status, type, body }) => {
    const response = await handle(new Request(url));
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe(type);
    const text = await response.text();
    expect(text).toContain(body);
    expect(text).not.toContain('outside the renderer');
    if (status === 200) {
      expect(response.headers.get('content-security-policy')).toBe(rendererCsp());
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await handle(new Request('app://drun/index.html', { method: 'POST', body: 'x' }));
    expect(response.status).toBe(404);
  });

  it('tells how to build the renderer when its files are missing', async () => {
    const missing = createRendererHandler(join(root, 'nowhere'));
    const response = await missing(new Request('app://drun/index.html'));
    expect(response.status).toBe(500);
    expect(await response.text()).toContain('npm run build');
  });
});
