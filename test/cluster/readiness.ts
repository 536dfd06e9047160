import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { isAlive, type ManagedProcess } from './processes';

/** How to reach a readiness endpoint. */
export interface Probe {
  url: string;
  /** PEM of the CA that signed the server certificate. */
  ca?: string;
  /** Client certificate and key, for endpoints that need authentication. */
  cert?: string;
  key?: string;
  /** Skip server certificate checks (self-signed serving certs of KCM and the scheduler). */
  insecure?: boolean;
}

/** Thrown when a component does not become ready; names what to read next. */
export class ComponentError extends Error {
  constructor(component: string, reason: string, command: string[], log: string) {
    super(`${component} ${reason}\n  command: ${command.join(' ')}\n  log: ${log}`);
    this.name = 'ComponentError';
  }
}

/** Sends one GET and resolves with the status code and body, or rejects on a connection error. */
export function get(probe: Probe, timeoutMs = 5_000): Promise<{ status: number; body: string }> {
  const url = new URL(probe.url);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        timeout: timeoutMs,
        ...(url.protocol === 'https:'
          ? { ca: probe.ca, cert: probe.cert, key: probe.key, rejectUnauthorized: !probe.insecure }
          : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${probe.url} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Polls `probe` every 200 ms until it returns HTTP 200. Rejects with a
 * ComponentError when the process exits first or `timeoutMs` passes.
 */
export async function waitReady(process_: ManagedProcess, probe: Probe, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';

  while (Date.now() < deadline) {
    if (!isAlive(process_)) {
      throw new ComponentError(process_.name, `exited before ${probe.url} was ready`, process_.command, process_.log);
    }
    try {
      const { status, body } = await get(probe, 2_000);
      if (status === 200) return;
      last = `HTTP ${status}: ${body.slice(0, 200)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await delay(200);
  }

  throw new ComponentError(
    process_.name,
    `was not ready at ${probe.url} within ${timeoutMs / 1000} s (last answer: ${last})`,
    process_.command,
    process_.log,
  );
}

/** Resolves when nothing listens on 127.0.0.1:`port`, else rejects naming the port's variable. */
export function assertPortFree(port: number, what: string, envName: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          `port 127.0.0.1:${port} for ${what} is not free (${error.code}); stop what listens there or set ${envName} to a free port`,
        ),
      );
    });
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve()));
  });
}
