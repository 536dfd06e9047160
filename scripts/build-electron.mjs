// Bundles the Electron entry and the preload with esbuild.
//
// Both are CommonJS with `electron` left external (Electron provides it):
// - The preload must be one CommonJS file: a sandboxed preload runs without an
//   ESM context and its require() loads only electron, events, timers and url.
//   Its channel allow-list is computed here from shared/contracts and written
//   in as a constant, so the preload carries no schema library.
// - The main bundle inlines every dependency, @kubernetes/client-node included.
//   client-node 2.x ships ESM only. Bundling converts it to CommonJS, so
//   Electron's CJS loader never has to require() an ES module. The package
//   also needs no node_modules at run time. The bundle's own path gives __dirname, which
//   main/app/main.ts uses to find preload.cjs and out/renderer.
// - The watch worker (main/cache/watch-stream/worker.ts) is a third file,
//   watch-worker.cjs beside the main bundle. The main bundle gets its name as
//   the DRUN_WATCH_WORKER constant, and it starts the worker from that file.
import { build } from 'esbuild';
import { mkdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  // node:sqlite exists only with its prefix, which esbuild would strip from a bare built-in name.
  external: ['electron', 'node:sqlite'],
  outExtension: { '.js': '.cjs' },
  sourcemap: 'linked',
  legalComments: 'linked',
  // V8 keeps each script's source text in the heap while the script runs.
  // Unminified, the benchmark's app bundle (built with these options) was
  // 4.4 MB, and a few typographic quotes in its comments made V8 store all of
  // it as two-byte text: 8.4 MiB of main's heap. Minified it is 2.4 MB of
  // ASCII. keepNames keeps function and class names, which errors and logs show.
  minify: true,
  keepNames: true,
  logLevel: 'warning',
  // Electron 40+ embeds Node 24 and Chromium 144+.
  target: ['node24', 'chrome144'],
};

const WATCH_WORKER = 'watch-worker.cjs';

/** Options of a main-process bundle, which starts the watch worker from the file beside it. */
const mainProcess = { ...common, platform: 'node', define: { DRUN_WATCH_WORKER: JSON.stringify(WATCH_WORKER) } };

/** Bundles the watch worker into `outdir`. */
function buildWatchWorker(outdir) {
  return build({ ...common, entryPoints: { [WATCH_WORKER.replace(/\.cjs$/, '')]: 'main/cache/watch-stream/worker.ts' }, outdir, platform: 'node' });
}

/** Evaluates main/app/contract-channels.ts: the channels that the preload lets through. */
export async function contractChannels() {
  const result = await build({
    absWorkingDir: root,
    stdin: { contents: "export { contractChannels } from './main/app/contract-channels';", resolveDir: root, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'warning',
  });
  const code = result.outputFiles[0].text;
  const module = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  return module.contractChannels();
}

/**
 * Bundles one Node entry the way the Electron main bundle is made, so a
 * process started from it runs the app's code in the form the app ships
 * (the benchmark's app process uses it).
 */
export async function bundleForNode({ entry, outfile }) {
  await Promise.all([build({ ...mainProcess, entryPoints: [entry], outfile }), buildWatchWorker(dirname(outfile))]);
  return outfile;
}

/** Builds out/main/electron.cjs, out/main/preload.cjs and out/main/watch-worker.cjs (or the same names under `outdir`). */
export async function buildElectron({ outdir = join(root, 'out', 'main') } = {}) {
  await mkdir(outdir, { recursive: true });
  const channels = await contractChannels();
  await Promise.all([
    build({ ...mainProcess, entryPoints: { electron: 'main/app/main.ts' }, outdir }),
    buildWatchWorker(outdir),
    build({
      ...common,
      entryPoints: { preload: 'main/app/preload.ts' },
      outdir,
      // The preload runs in the renderer's sandbox: browser platform, so no Node built-in slips in.
      platform: 'browser',
      define: { DRUN_CONTRACT_CHANNELS: JSON.stringify(channels) },
    }),
  ]);
  return { main: join(outdir, 'electron.cjs'), preload: join(outdir, 'preload.cjs'), watchWorker: join(outdir, WATCH_WORKER), channels };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  buildElectron().then(
    (built) => process.stdout.write(`built ${relative(root, built.main)} and ${relative(root, built.preload)} (${built.channels.length} channels)\n`),
    (error) => {
      process.stderr.write(`build-electron: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
