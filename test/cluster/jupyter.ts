import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureJupyterVenv } from './binaries';
import type { ClusterContext } from './profile';

/**
 * A real JupyterLab server (from PyPI, see install-jupyter.sh) on 127.0.0.1,
 * the target of notebook pods' port-forwards. Its token is fixed because it
 * only listens on loopback and tests must know it.
 */

export const jupyterToken = 'drun-local-notebook';

/** Starts JupyterLab and publishes `jupyter.url` and `jupyter.token`; returns the local port. */
export async function startJupyter(context: ClusterContext): Promise<number> {
  const venv = await ensureJupyterVenv();
  const port = context.ports.jupyter;
  const root = join(context.runDir, 'jupyter');
  const runtime = join(context.runDir, 'jupyter-runtime');
  await mkdir(root, { recursive: true });
  await mkdir(runtime, { recursive: true });
  await writeFile(join(root, 'README.md'), '# Local notebook\n\nServed by the d.run Desktop test cluster.\n');

  await context.spawnManaged(
    'jupyter',
    join(venv, 'bin', 'jupyter'),
    [
      'lab', '--no-browser', '--ip=127.0.0.1', `--port=${port}`, '--port-retries=0', '--allow-root',
      `--ServerApp.root_dir=${root}`, `--IdentityProvider.token=${jupyterToken}`,
      // Keeps the server from checking PyPI or other hosts for extension updates.
      '--LabApp.news_url=', '--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate',
    ],
    {
      cwd: root,
      env: {
        JUPYTER_RUNTIME_DIR: runtime,
        JUPYTER_CONFIG_DIR: join(context.runDir, 'jupyter-config'),
        JUPYTER_DATA_DIR: join(venv, 'share', 'jupyter'),
        IPYTHONDIR: join(context.runDir, 'ipython'),
      },
      // /api returns the server version without authentication.
      ready: { url: `http://127.0.0.1:${port}/api`, timeoutMs: 90_000 },
    },
  );

  context.publish('jupyter.url', `http://127.0.0.1:${port}/lab?token=${jupyterToken}`);
  context.publish('jupyter.token', jupyterToken);
  return port;
}
