/**
 * Bundles app-process.ts with the options of the Electron main bundle. The
 * bench runs the app's main process from this bundle, as Electron runs
 * out/main/electron.cjs: one file with every dependency inlined. Run through
 * tsx instead, the same code took about 90 MiB more RSS before any cluster was
 * connected (tsx's per-module transforms and source maps, and client-node's
 * 1,000 modules loaded one by one).
 */
import { join } from 'node:path';
import { bundleForNode } from '../scripts/build-electron.mjs';

export async function buildAppProcess(outDir: string): Promise<string> {
  return bundleForNode({ entry: join(import.meta.dirname, 'app-process.ts'), outfile: join(outDir, 'app-process.cjs') });
}
