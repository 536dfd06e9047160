/**
 * Loopback proxies for tests of proxy-url: an HTTP proxy that accepts
 * CONNECT, and a SOCKS5 proxy without authentication. Each records the
 * targets it was asked for and pipes bytes both ways.
 */
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface TestProxy {
  url: string;
  /** host:port of every tunnel opened, in order. */
  targets: string[];
  close(): Promise<void>;
}

async function listen(server: Server, scheme: string, targets: string[], sockets: Set<Socket>): Promise<TestProxy> {
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    targets,
    close: () =>
      new Promise((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}

function pipeBoth(client: Socket, upstream: Socket): void {
  client.pipe(upstream);
  upstream.pipe(client);
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
}

export function startConnectProxy(): Promise<TestProxy> {
  const targets: string[] = [];
  const sockets = new Set<Socket>();
  const server = createHttpServer((_request, response) => response.writeHead(405).end('this test proxy only tunnels with CONNECT'));
  server.on('connect', (request, client: Socket, head: Buffer) => {
    const target = request.url ?? '';
    targets.push(target);
    const [host, port] = target.split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      pipeBoth(client, upstream);
    });
    upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
  });
  return listen(server, 'http', targets, sockets);
}

/** SOCKS5 (RFC 1928): no authentication, CONNECT only, IPv4 and domain-name targets. */
export function startSocksProxy(): Promise<TestProxy> {
  const targets: string[] = [];
  const sockets = new Set<Socket>();
  const server = createTcpServer((client) => {
    client.once('data', (greeting: Buffer) => {
      if (greeting[0] !== 5) {
        client.destroy();
        return;
      }
      client.write(Buffer.from([5, 0]));
      client.once('data', (request: Buffer) => {
        const addressType = request[3];
        let host: string;
        let offset: number;
        if (addressType === 1) {
          host = [...request.subarray(4, 8)].join('.');
          offset = 8;
        } else if (addressType === 3) {
          const length = request[4] ?? 0;
          host = request.subarray(5, 5 + length).toString('latin1');
          offset = 5 + length;
        } else {
          client.end(Buffer.from([5, 8, 0, 1, 0, 0, 0, 0, 0, 0]));
          return;
        }
        const port = request.readUInt16BE(offset);
        targets.push(`${host}:${port}`);
        const upstream = connect(port, host, () => {
          client.write(Buffer.from([5, 0, 0, 1, 0, 0, 0, 0, 0, 0]));
          pipeBoth(client, upstream);
        });
        upstream.on('error', () => client.end(Buffer.from([5, 5, 0, 1, 0, 0, 0, 0, 0, 0])));
      });
    });
  });
  return listen(server, 'socks5', targets, sockets);
}
