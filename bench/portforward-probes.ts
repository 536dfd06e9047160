/**
 * The processes and clients of the port-forward benchmark: the upstream HTTP
 * server, `kubectl port-forward`, and curl as the client of both forwards.
 * One outside client measures both sides, as a browser or a notebook client
 * is another process too.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Transfer {
  /** Seconds from the start to the first byte of the response, TCP connect included. */
  firstByteS: number;
  totalS: number;
  bytes: number;
}

/** Sends one GET on a fresh TCP connection with curl and returns its timings. Rejects unless the status is 200. */
export async function curlGet(url: string): Promise<Transfer> {
  const { stdout } = await run('curl', ['-sS', '--no-keepalive', '-o', '/dev/null', '-w', '%{http_code} %{time_starttransfer} %{time_total} %{size_download}', url], {
    timeout: 120_000,
  });
  const [status, firstByte, total, size] = stdout.trim().split(' ');
  if (status !== '200') {
    throw new Error(`GET ${url} returned HTTP ${status}; expected 200`);
  }
  return { firstByteS: Number(firstByte), totalS: Number(total), bytes: Number(size) };
}

/** Sends one GET with Node's client. Resolves true on HTTP 200, and false on any error or after `timeoutMs`. */
export function getsOk(url: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, headers: { connection: 'close' }, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
      res.on('error', () => resolve(false));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** Resolves with the first stdout line that matches `pattern`; rejects if the process exits first. */
function firstMatch(child: ChildProcess, pattern: RegExp, what: string): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = pattern.exec(output);
      if (match) {
        child.stdout?.off('data', onData);
        // kubectl prints a line per connection; keep draining so its pipe never fills.
        child.stdout?.resume();
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`${what} exited with code ${code} before it was ready; output: ${output.trim()}`)));
  });
}

export interface LocalProcess {
  port: number;
  stop(): Promise<void>;
}

function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  };
}

/** Starts the upstream HTTP server in its own Node process. */
export async function startUpstream(sizeMiB: number): Promise<LocalProcess> {
  const child = spawn('scripts/node24', ['node_modules/tsx/dist/cli.mjs', 'bench/portforward-server.ts', String(sizeMiB)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const match = await firstMatch(child, /\{"port":(\d+)\}/, 'the benchmark upstream server');
  return { port: Number(match[1]), stop: stopper(child) };
}

/** Starts `kubectl port-forward` on a free local port of 127.0.0.1 and returns that port. */
export async function startKubectlForward(options: { kubectl: string; kubeconfig: string; namespace: string; pod: string; podPort: number }): Promise<LocalProcess> {
  const args = ['--kubeconfig', options.kubeconfig, '-n', options.namespace, 'port-forward', `pod/${options.pod}`, `:${options.podPort}`, '--address', '127.0.0.1'];
  const child = spawn(options.kubectl, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const match = await firstMatch(child, /Forwarding from 127\.0\.0\.1:(\d+)/, `kubectl ${args.join(' ')}`);
  return { port: Number(match[1]), stop: stopper(child) };
}

/** Returns the first output line of `<binary> <args>`, or why it failed. */
export async function versionOf(binary: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(binary, args);
    return stdout.trim().split('\n')[0] ?? '';
  } catch (error) {
    return `unknown (${binary} failed: ${(error as Error).message.split('\n')[0]})`;
  }
}
