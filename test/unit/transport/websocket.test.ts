/**
 * Browser mode: the real loopback server, spoken to by a Node `ws` client the
 * way the renderer speaks to it, plus the checks that keep other pages and
 * other hosts out.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import WebSocket from 'ws';
import { createServiceHost, type HostConnection, type ServiceHost } from '../../../main/transport/host';
import { rendererCsp } from '../../../main/transport/csp';
import { startBrowserServer, TOKEN_PROTOCOL_PREFIX, WIRE_PROTOCOL, type BrowserServer, type BrowserServerOptions } from '../../../main/transport/websocket-server';
import type { ServerMessage } from '../../../shared/wire';
import { describeTransportContract, type TransportUnderTest } from './contract-suite';

const TOKEN = 'test-token-0123456789abcdef';

let staticDir: string;

beforeAll(async () => {
  staticDir = await mkdtemp(join(tmpdir(), 'drun-static-'));
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>d.run</title>');
});

afterAll(async () => {
  await rm(staticDir, { recursive: true, force: true });
});

/** Wraps the host so a test can wait until the server has closed a connection. */
function observeCloses(host: ServiceHost): { host: ServiceHost; nextClose(): Promise<void> } {
  const pending: (() => void)[] = [];
  let closed = 0;
  return {
    host: {
      ...host,
      close(connection: HostConnection) {
        host.close(connection);
        closed++;
        pending.shift()?.();
      },
    },
    nextClose: () => {
      if (closed > 0) {
        closed--;
        return Promise.resolve();
      }
      return new Promise((resolve) => pending.push(() => (closed--, resolve())));
    },
  };
}

function openSocket(server: BrowserServer, protocols: string[], origin: string | undefined): WebSocket {
  const port = new URL(server.origin).port;
  return new WebSocket(`ws://127.0.0.1:${port}/ws`, protocols, origin === undefined ? {} : { origin });
}

/** Resolves with the HTTP status of a refused upgrade, or 101 when the socket opened. */
function upgradeStatus(socket: WebSocket): Promise<number> {
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('error', (error) => {
      // A server that ends the socket with a raw 403 may surface as a parse error first.
      const match = /Unexpected server response: (\d+)/.exec(error.message);
      if (match) resolve(Number(match[1]));
      else reject(error);
    });
  });
}

const connectBrowser = async (host: ServiceHost): Promise<TransportUnderTest> => {
  const observed = observeCloses(host);
  const server = await startBrowserServer({ host: observed.host, staticDir, token: TOKEN });
  return {
    open: async () => {
      const socket = openSocket(server, [WIRE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + TOKEN], server.origin);
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      let closing: Promise<void> | undefined;
      return {
        port: {
          send: (message) => socket.send(JSON.stringify(message)),
          onMessage: (receiver) => socket.on('message', (data) => receiver(JSON.parse(String(data)) as ServerMessage)),
        },
        close: () => {
          if (!closing) {
            closing = observed.nextClose();
            socket.close();
          }
          return closing;
        },
      };
    },
    dispose: () => server.close(),
  };
};

describeTransportContract('browser mode (loopback WebSocket)', connectBrowser);

describe('browser mode admission', () => {
  let server: BrowserServer;

  beforeAll(async () => {
    server = await startBrowserServer({ host: createServiceHost(), staticDir, token: TOKEN });
  });

  afterAll(async () => {
    await server.close();
  });

  it.each([
    { name: 'the right token and origin', protocols: [WIRE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + TOKEN], origin: 'self', status: 101 },
    { name: 'no token', protocols: [WIRE_PROTOCOL], origin: 'self', status: 403 },
    { name: 'a wrong token', protocols: [WIRE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + 'x'.repeat(TOKEN.length)], origin: 'self', status: 403 },
    { name: 'a token prefix', protocols: [WIRE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + TOKEN.slice(0, -1)], origin: 'self', status: 403 },
    { name: 'no wire protocol', protocols: [TOKEN_PROTOCOL_PREFIX + TOKEN], origin: 'self', status: 403 },
    { name: 'a foreign origin', protocols: [WIRE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + TOKEN], origin: 'https://evil.example', status: 403 },
    { name: 'localhost as origin', protocols: [WIRE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + TOKEN], origin: 'localhost', status: 403 },
    { name: 'no origin', protocols: [WIRE_PROTOCOL, TOKEN_PROTOCOL_PREFIX + TOKEN], origin: undefined, status: 403 },
  ])('answers $status to an upgrade with $name', async ({ protocols, origin, status }) => {
    const port = new URL(server.origin).port;
    const origins: Record<string, string> = { self: server.origin, localhost: `http://localhost:${port}` };
    const resolved = origin === undefined ? undefined : (origins[origin] ?? origin);
    expect(await upgradeStatus(openSocket(server, protocols, resolved))).toBe(status);
  });

  it.each([
    { name: 'its own address', host: 'self', status: 200 },
    { name: 'localhost', host: 'localhost', status: 421 },
    { name: 'a rebinding domain', host: 'rebind.example', status: 421 },
  ])('answers $status to an HTTP request whose Host is $name', async ({ host }) => {
    const { port } = new URL(server.origin);
    const hostHeader = host === 'self' ? `127.0.0.1:${port}` : `${host}:${port}`;
    const response = await new Promise<{ status: number; csp: string | undefined }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/', headers: { host: hostHeader } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, csp: res.headers['content-security-policy'] as string | undefined });
      });
      req.once('error', reject);
      req.end();
    });
    expect(response.status).toBe(host === 'self' ? 200 : 421);
    if (host === 'self') {
      expect(response.csp).toBe(rendererCsp([`ws://127.0.0.1:${port}`]));
    }
  });

  it('listens on 127.0.0.1 only and offers no option to bind elsewhere', () => {
    expect(new URL(server.origin).hostname).toBe('127.0.0.1');
    expect(server.url).toBe(`${server.origin}/#token=${TOKEN}`);
    expectTypeOf<keyof BrowserServerOptions>().toEqualTypeOf<'host' | 'staticDir' | 'port' | 'token'>();
  });
});
