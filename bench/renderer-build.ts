/**
 * Builds the renderer into a folder of the bench's own, so a run never reads
 * out/renderer while another process rebuilds it, and always measures the
 * renderer of this checkout.
 */
import { spawn } from 'node:child_process';

export async function buildRenderer(outDir: string): Promise<void> {
  const args = ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'];
  await new Promise<void>((resolveBuild, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolveBuild() : reject(new Error(`building the renderer (vite ${args.slice(1).join(' ')}) exited with ${code}`))));
  });
}
