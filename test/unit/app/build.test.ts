/**
 * `npm run build:electron` output: one CommonJS file each for main and the
 * preload, electron the only thing left to require. The main bundle is then
 * run by Node 24 against a stand-in electron module, which shows that it
 * loads and reaches the shell; Electron itself is not started.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElectron } from '../../../scripts/build-electron.mjs';
import { contractChannels } from '../../../main/app/contract-channels';

const STAND_IN = `
const log = (line) => process.stdout.write(line + '\\n');
const app = {
  requestSingleInstanceLock: () => { log('lock requested'); return false; },
  quit: () => log('quit'),
};
module.exports = { app, protocol: {}, session: {}, ipcMain: {}, shell: {}, Menu: {}, BrowserWindow: class {} };
`;

let dir: string;
let built: Awaited<ReturnType<typeof buildElectron>>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drun-build-'));
  built = await buildElectron({ outdir: join(dir, 'out', 'main') });
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const requires = (code: string): string[] => [...new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1] ?? ''))].sort();

describe('build-electron', () => {
  it('bundles the preload with its allow-list', async () => {
    const code = await readFile(built.preload, 'utf8');
    expect(requires(code)).toEqual(['electron']);
    expect(built.channels).toEqual(contractChannels());
    expect(code).toContain(JSON.stringify(built.channels[0]));
    expect(code).not.toMatch(/from "zod"|ZodError/);
  });

  it('inlines the dependencies of main', async () => {
    const code = await readFile(built.main, 'utf8');
    const external = requires(code).filter((name) => name !== 'electron');
    // ws tries these optional native speed-ups inside try/catch and runs without them.
    const optional = new Set(['bufferutil', 'utf-8-validate']);
    expect(external.filter((name) => !isBuiltin(name) && !optional.has(name))).toEqual([]);
    expect(code).not.toMatch(/require\("(sqlite|test|sea)"\)/);
    expect(code).not.toContain('import.meta');
  });

  it('loads under Node and reaches the single-instance check', async () => {
    const standIn = join(dir, 'node_modules', 'electron');
    await mkdir(standIn, { recursive: true });
    await writeFile(join(standIn, 'index.js'), STAND_IN);
    const { stdout } = await promisify(execFile)(process.execPath, [built.main], { cwd: dir });
    expect(stdout.split('\n').filter(Boolean)).toEqual(['lock requested', 'quit']);
  });

  it('ships the watch worker beside main', async () => {
    const worker = join(dir, 'out', 'main', 'watch-worker.cjs');
    const code = await readFile(worker, 'utf8');
    const main = await readFile(built.main, 'utf8');

    expect(built.watchWorker).toBe(worker);
    expect(requires(code).filter((name) => !isBuiltin(name))).toEqual([]);
    // main finds the file by the name the build defines.
    expect(main).toContain('"watch-worker.cjs"');
    expect(main).not.toMatch(/require\("esbuild"\)/);
  });

  it('starts the watch worker under Node', async () => {
    const { Worker } = await import('node:worker_threads');
    const worker = new Worker(join(dir, 'out', 'main', 'watch-worker.cjs'));
    try {
      const first = await new Promise<unknown>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      expect(first).toEqual({ type: 'ready' });
    } finally {
      await worker.terminate();
    }
  });
});
