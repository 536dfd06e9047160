/**
 * Starts the watch worker. A bundle (the Electron main bundle, the
 * benchmark's app process) ships it as a file beside itself, named by the
 * DRUN_WATCH_WORKER constant that the build defines. Run from the TypeScript
 * sources (browser mode under tsx, the tests), there is no such file, so
 * esbuild, a development dependency, bundles worker.ts in memory on first use.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FromWorker } from './protocol';

declare const DRUN_WATCH_WORKER: string | undefined;

async function bundleFromSources(): Promise<string> {
  // A computed specifier, so bundling the app leaves esbuild out of it.
  const builder = 'esbuild';
  const esbuild = (await import(builder)) as typeof import('esbuild');
  const result = await esbuild.build({
    entryPoints: [join(import.meta.dirname, 'worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    write: false,
    logLevel: 'warning',
  });
  const code = result.outputFiles[0]?.text;
  if (!code) {
    throw new Error('esbuild returned no output for the watch worker');
  }
  return code;
}

/** Loading one bundled file takes milliseconds; this only catches a worker that hangs. */
const READY_TIMEOUT_MS = 15_000;

/** Resolves when the worker sends its ready message, so a script that fails to load rejects here. */
function whenReady(worker: Worker): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error): void => {
      clearTimeout(timer);
      void worker.terminate();
      reject(error);
    };
    const timer = setTimeout(() => fail(new Error(`The watch worker did not start within ${READY_TIMEOUT_MS / 1000} s.`)), READY_TIMEOUT_MS);
    worker.once('message', (message: FromWorker) => {
      clearTimeout(timer);
      worker.off('error', fail);
      if (message.type === 'ready') {
        resolve(worker);
      } else {
        fail(new Error(`The watch worker sent ${message.type} before it was ready.`));
      }
    });
    worker.once('error', fail);
  });
}

let sourceBundle: Promise<string> | undefined;

export async function startStreamWorker(): Promise<Worker> {
  if (typeof DRUN_WATCH_WORKER === 'string') {
    return whenReady(new Worker(join(__dirname, DRUN_WATCH_WORKER)));
  }
  sourceBundle ??= bundleFromSources();
  return whenReady(new Worker(await sourceBundle, { eval: true }));
}
