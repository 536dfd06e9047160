import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Runs the idempotent install scripts beside this file and returns the
 * folders they print: install-prerequisites.sh for Debian packages, build.sh
 * for the Go binaries, install-jupyter.sh for the JupyterLab venv. A cold build takes minutes; a warm one returns at once.
 */

export const clusterDir = dirname(fileURLToPath(import.meta.url));

export const requiredBinaries = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl', 'kwok'];

/** Runs `script`, passing its stderr (progress) through, and resolves with the last stdout line. */
function runScript(script: string): Promise<string> {
  const path = join(clusterDir, script);
  return new Promise((resolve, reject) => {
    const child = spawn(path, [], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    child.on('error', (error) => reject(new Error(`${script} could not be started (${path}): ${error.message}`)));
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && last !== '') resolve(last);
      else reject(new Error(`${script} failed with exit code ${code}; its messages are above and its logs in ~/.cache/drun-desktop/cluster/logs`));
    });
  });
}

/** Installs missing Debian prerequisites (as root), then builds (or reuses) the binaries and checks each one. */
export async function ensureBinaries(): Promise<string> {
  await runScript('install-prerequisites.sh');
  const binDir = await runScript('build.sh');
  for (const name of requiredBinaries) {
    try {
      await access(join(binDir, name), constants.X_OK);
    } catch {
      throw new Error(`build.sh reported ${binDir} as complete, but ${name} is missing there; delete ${binDir} and run test/cluster/build.sh again`);
    }
  }
  return binDir;
}

/** Installs (or reuses) the JupyterLab venv and returns its folder. */
export function ensureJupyterVenv(): Promise<string> {
  return runScript('install-jupyter.sh');
}
