import { once } from 'node:events';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { VersionApi } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixture, makeTempDir, serviceFor } from './helpers';

let temp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  temp = await makeTempDir();
});
afterEach(async () => {
  await temp.cleanup();
});

const versionBody = JSON.stringify({
  major: '1', minor: '31', gitVersion: 'v1.31.0', gitCommit: 'x', gitTreeState: 'clean',
  buildDate: '2024-01-01T00:00:00Z', goVersion: 'go1.22', compiler: 'gc', platform: 'linux/amd64',
});

/** A local HTTPS "API server" whose certificate names only api.private-gpu.example.invalid and tls-name.example.invalid. */
const server = {
  port: 0,
  sni: [] as (string | undefined)[],
  auth: [] as (string | undefined)[],
  instance: undefined as https.Server | undefined,
};
/** Targets asked of the HTTP CONNECT proxy and of the SOCKS5 proxy. */
const seen = { connect: [] as string[], socks: [] as string[] };
let httpProxyPort = 0;
let socksPort = 0;
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  const tls = (name: string): Promise<Buffer> => readFile(fixture('tls', name));
  const instance = https.createServer({ key: await tls('server.key'), cert: await tls('server.crt') }, (request, response) => {
    server.auth.push(request.headers.authorization);
    response.setHeader('content-type', 'application/json');
    response.end(versionBody);
  });
  instance.on('secureConnection', (socket) => server.sni.push((socket as unknown as { servername?: string }).servername || undefined));
  instance.listen(0, '127.0.0.1');
  await once(instance, 'listening');
  server.port = (instance.address() as AddressInfo).port;
  server.instance = instance;

  const proxy = http.createServer();
  proxy.on('connect', (request, client: net.Socket, head) => {
    seen.connect.push(request.url ?? '');
    const upstream = net.connect(server.port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream, client);
  });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  httpProxyPort = (proxy.address() as AddressInfo).port;

  const socks = net.createServer((client) => {
    track(client);
    void socks5Handshake(client);
  });
  socks.listen(0, '127.0.0.1');
  await once(socks, 'listening');
  socksPort = (socks.address() as AddressInfo).port;
  closers.push(() => proxy.close(), () => socks.close(), () => instance.close());
});

const closers: (() => void)[] = [];
afterAll(() => {
  for (const socket of sockets) socket.destroy();
  for (const close of closers) close();
});

function track(...list: net.Socket[]): void {
  for (const socket of list) {
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  }
}

/** A minimal SOCKS5 server (no auth, CONNECT only) that records the requested name and forwards to the local server. */
async function socks5Handshake(client: net.Socket): Promise<void> {
  let buffer = Buffer.alloc(0);
  const read = async (size: number): Promise<Buffer> => {
    while (buffer.length < size) {
      const [chunk] = (await once(client, 'data')) as [Buffer];
      buffer = Buffer.concat([buffer, chunk]);
    }
    const out = buffer.subarray(0, size);
    buffer = buffer.subarray(size);
    return out;
  };
  const greeting = await read(2);
  await read(greeting[1] ?? 0);
  client.write(Buffer.from([5, 0]));
  const head = await read(4);
  let host: string;
  if (head[3] === 3) {
    const length = (await read(1))[0] ?? 0;
    host = (await read(length)).toString();
  } else if (head[3] === 1) {
    host = [...(await read(4))].join('.');
  } else {
    host = 'ipv6';
    await read(16);
  }
  const port = (await read(2)).readUInt16BE(0);
  seen.socks.push(`${host}:${port}`);
  const upstream = net.connect(server.port, '127.0.0.1', () => {
    client.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0]));
    if (buffer.length > 0) upstream.write(buffer);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  track(upstream);
}

async function contextIds(file: string): Promise<{ service: ReturnType<typeof serviceFor>; ids: Record<string, string> }> {
  const service = serviceFor(file, temp.dir);
  const snapshot = await service.snapshot({}, undefined as never);
  return { service, ids: Object.fromEntries(snapshot.contexts.map((context) => [context.name, context.id])) };
}

/** GET /version through the agent path that WebSockets (exec, logs, port-forward) use. */
async function getWithAgent(kubeConfig: Awaited<ReturnType<ReturnType<typeof serviceFor>['kubeConfigFor']>>): Promise<number> {
  const opts: https.RequestOptions = {};
  await kubeConfig.applyToHTTPSOptions(opts);
  const url = `${kubeConfig.getCurrentCluster()?.server}/version`;
  return new Promise((resolve, reject) => {
    https.get(url, opts, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    }).on('error', reject);
  });
}

describe('proxy-url', () => {
  it.each([
    { context: 'private-http', log: () => seen.connect },
    { context: 'private-socks', log: () => seen.socks },
  ])('$context sends REST and agent traffic through the proxy', async ({ context, log }) => {
    const text = (await readFile(fixture('br-06-proxy-url.yaml'), 'utf8'))
      .replaceAll('127.0.0.1:3128', `127.0.0.1:${httpProxyPort}`)
      .replaceAll('127.0.0.1:1080', `127.0.0.1:${socksPort}`);
    const file = path.join(temp.dir, 'proxy.yaml');
    await writeFile(file, text);
    const { service, ids } = await contextIds(file);
    const kubeConfig = await service.kubeConfigFor(ids[context] ?? '');
    const before = log().length;

    const version = await kubeConfig.makeApiClient(VersionApi).getCode();
    expect(version.gitVersion).toBe('v1.31.0');
    expect(await getWithAgent(kubeConfig)).toBe(200);
    expect(log().slice(before)).toEqual(['api.private-gpu.example.invalid:6443', 'api.private-gpu.example.invalid:6443']);
    expect(server.auth.at(-1)).toBe('Bearer PLACEHOLDER-TOKEN');
  });
});

describe('TLS settings', () => {
  async function tlsConfig(cluster: string): Promise<string> {
    const file = path.join(temp.dir, 'tls.yaml');
    await writeFile(file, [
      `clusters: [{name: c, cluster: {server: "https://127.0.0.1:${server.port}", ${cluster}}}]`,
      'users: [{name: u, user: {token: t}}]',
      'contexts: [{name: x, context: {cluster: c, user: u}}]',
    ].join('\n'));
    return file;
  }
  const ca = fixture('tls', 'ca.crt');

  it.each([
    { name: 'tls-server-name sets SNI and verifies that name', cluster: `certificate-authority: "${ca}", tls-server-name: tls-name.example.invalid`, ok: true, sni: 'tls-name.example.invalid' },
    { name: 'CA without tls-server-name rejects a certificate for another name', cluster: `certificate-authority: "${ca}"`, ok: false, sni: undefined },
    { name: 'insecure without CA accepts it', cluster: 'insecure-skip-tls-verify: true', ok: true, sni: undefined },
  ])('$name', async ({ cluster, ok, sni }) => {
    const { service, ids } = await contextIds(await tlsConfig(cluster));
    const kubeConfig = await service.kubeConfigFor(ids.x ?? '');
    const before = server.sni.length;
    const [rest, agent] = await Promise.allSettled([kubeConfig.makeApiClient(VersionApi).getCode(), getWithAgent(kubeConfig)]);

    if (ok) {
      expect(rest).toMatchObject({ status: 'fulfilled', value: { gitVersion: 'v1.31.0' } });
      expect(agent).toEqual({ status: 'fulfilled', value: 200 });
      expect(server.sni.slice(before)).toEqual([sni, sni]);
    } else {
      expect(rest.status).toBe('rejected');
      expect(agent).toMatchObject({ status: 'rejected', reason: { code: 'ERR_TLS_CERT_ALTNAME_INVALID' } });
    }
  });
});

describe('relative certificate paths', () => {
  it('resolve against the kubeconfig folder, not the working directory', async () => {
    const { service, ids } = await contextIds(fixture('br-01-relative-cert-paths', 'config'));
    const kubeConfig = await service.kubeConfigFor(ids['lab-gpu-admin'] ?? '');
    const pki = (name: string): Promise<string> => readFile(fixture('br-01-relative-cert-paths', 'pki', name), 'base64');

    expect(process.cwd()).not.toBe(fixture('br-01-relative-cert-paths'));
    expect(kubeConfig.getCurrentCluster()?.caData).toBe(await pki('ca.crt'));
    expect(kubeConfig.getCurrentUser()?.certData).toBe(await pki('admin.crt'));
    expect(kubeConfig.getCurrentUser()?.keyData).toBe(await pki('admin.key'));
  });

  it('names the resolved path of a missing file', async () => {
    const folder = path.join(temp.dir, 'copy');
    await mkdir(path.join(folder, 'pki'), { recursive: true });
    await copyFile(fixture('br-01-relative-cert-paths', 'config'), path.join(folder, 'config'));
    await copyFile(fixture('br-01-relative-cert-paths', 'pki', 'ca.crt'), path.join(folder, 'pki', 'ca.crt'));
    await rm(path.join(folder, 'pki', 'admin.crt'), { force: true });
    const { service, ids } = await contextIds(path.join(folder, 'config'));

    await expect(service.kubeConfigFor(ids['lab-gpu-admin'] ?? '')).rejects.toMatchObject({
      appError: { kind: 'Kubeconfig', message: expect.stringContaining(path.join(folder, 'pki', 'admin.crt')) },
    });
  });
});

describe('kubeConfigFor', () => {
  it('rejects an unknown id', async () => {
    const { service } = await contextIds(fixture('br-04-empty-current-context.yaml'));
    await expect(service.kubeConfigFor('0'.repeat(32))).rejects.toMatchObject({ appError: { kind: 'NotFound' } });
  });

  it('returns a new instance per call', async () => {
    const { service, ids } = await contextIds(fixture('br-04-empty-current-context.yaml'));
    const first = await service.kubeConfigFor(ids.dev ?? '');
    const second = await service.kubeConfigFor(ids.dev ?? '');
    expect(first).not.toBe(second);
    expect(first.getContexts().map((context) => context.name)).toEqual(['dev']);
  });
});
