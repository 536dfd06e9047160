/** Small misbehaving HTTP servers on 127.0.0.1 for the "try it" failure cases. */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

export type Behaviour = 'error' | 'html' | 'silent' | 'stall';

function respond(behaviour: Behaviour, response: ServerResponse): void {
  switch (behaviour) {
    case 'error':
      response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'error', message: 'CUDA out of memory', type: 'InternalServerError', code: 500 }));
      return;
    case 'html':
      response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>');
      return;
    case 'silent':
      // Accepts the request and never answers.
      return;
    case 'stall':
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(`data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'Hello' } }] })}\n\n`);
      return;
  }
}

export async function startLocalServer(behaviour: Behaviour): Promise<LocalServer> {
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => respond(behaviour, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
