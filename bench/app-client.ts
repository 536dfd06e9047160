/** Starts the bundled app-process.ts as a child Node process and talks to it. */
import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { withMallocTunables } from '../main/malloc';
import type { AppRequest, AppResponse, ChildReady } from './app-protocol';

export interface AppChildOptions {
  /** The bundled app process (app-bundle.ts). */
  script: string;
  kubeconfig: string;
  rendererDir: string;
  allPodsTable: boolean;
  /** Folder for a V8 CPU profile of the whole child life (--cpu-prof); none when absent. */
  cpuProfileDir?: string;
}

type Request = AppRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;
type ResponseOf<T extends Request['type']> = Extract<AppResponse, { type: T }>;

export interface AppChild {
  ready: ChildReady;
  pid: number;
  ask<T extends Request['type']>(request: Extract<Request, { type: T }>): Promise<ResponseOf<T>>;
  /** Disconnects, which makes the child close its server and exit; kills it after 15 s. */
  close(): Promise<void>;
}

const READY_TIMEOUT_MS = 120_000;
/** The repository's resources folder: a bundle cannot find it from its own path. */
const RESOURCES_DIR = resolve(import.meta.dirname, '..', 'resources');

export async function startAppChild(options: AppChildOptions): Promise<AppChild> {
  const execArgv = ['--expose-gc'];
  if (options.cpuProfileDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`);
  // For trying V8 heap settings on the app process: DRUN_BENCH_V8_FLAGS="--flag --other-flag".
  execArgv.push(...(process.env['DRUN_BENCH_V8_FLAGS'] ?? '').split(' ').filter(Boolean));
  const args = [options.kubeconfig, options.rendererDir, RESOURCES_DIR, ...(options.allPodsTable ? ['--all-pods-table'] : [])];
  const child = fork(options.script, args, {
    execPath: process.execPath,
    execArgv,
    // The malloc settings that browser mode's start uses (main/malloc.ts).
    env: withMallocTunables({ ...process.env, DRUN_LOG_LEVEL: process.env['DRUN_LOG_LEVEL'] ?? 'warn' }),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await waitReady(child);

  let nextId = 1;
  const pending = new Map<number, (response: AppResponse) => void>();
  child.on('message', (message: AppResponse) => pending.get(message.id)?.(message));

  return {
    ready,
    pid: child.pid ?? 0,
    ask(request) {
      const id = nextId++;
      return new Promise((resolveAnswer, reject) => {
        pending.set(id, (response) => {
          pending.delete(id);
          resolveAnswer(response as never);
        });
        child.send({ ...request, id }, (error) => error && reject(error));
      });
    },
    close: () => stopChild(child),
  };
}

function waitReady(child: ChildProcess): Promise<ChildReady> {
  return new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app process did not start within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the app process exited with code ${code} before it was ready; its error is above`));
    });
    child.once('message', (message: ChildReady) => {
      clearTimeout(timer);
      resolveReady(message);
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  child.disconnect();
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
