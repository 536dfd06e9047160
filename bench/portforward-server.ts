/**
 * The upstream of the port-forward benchmark: an HTTP server on 127.0.0.1 that
 * serves a large body at /large and a tiny one at /tiny. It runs in a process
 * of its own so that serving the body does not share an event loop with the
 * app's forward. It prints `{"port": N}` on stdout once it listens.
 *
 * Usage: portforward-server.ts <size in MiB>
 */
import { createServer } from 'node:http';

const MiB = 1024 * 1024;
const sizeMiB = Number(process.argv[2] ?? '64');
if (!Number.isInteger(sizeMiB) || sizeMiB < 1) {
  throw new Error(`invalid body size "${process.argv[2]}": pass a whole number of MiB, 1 or more`);
}

// One buffer for every request, so the server costs a memcpy into the socket and nothing more.
const large = Buffer.alloc(sizeMiB * MiB, 'drun');
const tiny = Buffer.from('ok\n');

const bodies = new Map([
  ['/large', large],
  ['/tiny', tiny],
]);

const server = createServer((request, response) => {
  const body = bodies.get(request.url ?? '');
  if (!body) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
  response.end(body);
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
