/**
 * Browser mode: the same service host behind a loopback HTTP server that serves
 * the built renderer and one WebSocket endpoint. It listens on 127.0.0.1 only,
 * requires a random token (sent as a WebSocket subprotocol, so it never appears
 * in a URL the server logs), checks Host and Origin against its own address to
 * stop DNS rebinding and cross-site pages, and serves a strict CSP.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { createLogger } from '../log';
import { rendererCsp } from './csp';
import type { HostConnection, ServiceHost } from './host';

const log = createLogger('transport.websocket');

/** The subprotocol that carries the app's messages; the token rides as a second one. */
export const WIRE_PROTOCOL = 'drun.v1';
export const TOKEN_PROTOCOL_PREFIX = 'drun.token.';
/** Largest client message accepted; contract inputs are small. */
const MAX_MESSAGE_BYTES = 1024 * 1024;

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

export interface BrowserServerOptions {
  host: ServiceHost;
  /** Folder of the built renderer (index.html and assets). */
  staticDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token for tests; a random 32-byte token otherwise. */
  token?: string;
}

export interface BrowserServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  token: string;
  /** The address to open: the token travels in the fragment, which browsers never send. */
  url: string;
  close(): Promise<void>;
}

function tokenMatches(expected: Buffer, offered: string | undefined): boolean {
  if (!offered) {
    return false;
  }
  const candidate = Buffer.from(offered);
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

function offeredProtocols(request: IncomingMessage): string[] {
  return (request.headers['sec-websocket-protocol'] ?? '').split(',').map((part) => part.trim()).filter(Boolean);
}

async function serveStatic(staticDir: string, request: IncomingMessage, response: ServerResponse, csp: string): Promise<void> {
  const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
  const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  let file = join(staticDir, relative || 'index.html');
  if (!file.startsWith(staticDir + sep) && file !== staticDir) {
    response.writeHead(403).end();
    return;
  }
  const info = await stat(file).catch(() => undefined);
  // Client-side routes fall back to index.html, as a single-page app expects.
  if (!info?.isFile()) {
    file = join(staticDir, 'index.html');
  }
  const headers = {
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
  const body = createReadStream(file);
  body.on('error', () => response.writeHead(404).end());
  body.once('open', () => {
    response.writeHead(200, headers);
    body.pipe(response);
  });
}

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const expected = Buffer.from(token);
  const staticDir = normalize(options.staticDir);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, handleProtocols: () => WIRE_PROTOCOL });
  let origin = '';
  let csp = '';

  const server: Server = createServer((request, response) => {
    if (request.headers.host !== new URL(origin).host) {
      response.writeHead(421).end('Misdirected request: use ' + origin);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    serveStatic(staticDir, request, response, csp).catch((err: unknown) => {
      log.error('static file failed', { path: request.url ?? '', err });
      response.writeHead(500).end();
    });
  });

  server.on('upgrade', (request, socket, head) => {
    const protocols = offeredProtocols(request);
    const offeredToken = protocols.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length);
    const allowed =
      request.url === '/ws' &&
      request.headers.host === new URL(origin).host &&
      request.headers.origin === origin &&
      protocols.includes(WIRE_PROTOCOL) &&
      tokenMatches(expected, offeredToken);
    if (!allowed) {
      log.warn('websocket upgrade rejected', { path: request.url ?? '' });
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => attach(options.host, ws));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  csp = rendererCsp([`ws://127.0.0.1:${port}`]);
  log.info('browser mode listening', { port });

  return {
    origin,
    token,
    url: `${origin}/#token=${token}`,
    close: async () => {
      for (const client of wss.clients) {
        client.close(1001, 'server shutting down');
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function attach(host: ServiceHost, ws: WebSocket): void {
  const connection: HostConnection = {
    transport: 'websocket',
    send: (message) => {
      if (ws.readyState === ws.OPEN) {
        ws.send(JSON.stringify(message));
      }
    },
  };
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(String(data));
    } catch {
      log.warn('non-JSON websocket message dropped');
      return;
    }
    host.handle(connection, parsed);
  });
  ws.on('close', () => host.close(connection));
  ws.on('error', (err) => log.warn('websocket error', { err }));
}
