/**
 * Browser mode: runs the main-process services without Electron and serves
 * the renderer on 127.0.0.1 with a token. This is how `npm start` runs where
 * the Electron binary is absent, and how the app is reached on a jump host
 * through an SSH tunnel.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../composition';
import { preferSmallHeap } from '../heap';
import { createLogger } from '../log';
import { restartWithMallocTunables } from '../malloc';
import { startBrowserServer } from '../transport/websocket-server';

const log = createLogger('browser');

const USAGE = `Usage: npm start -- [--port N] [--kubeconfig FILE[:FILE...]] [--user-data-dir DIR]

  --port           local port on 127.0.0.1 (default 0: pick a free one)
  --kubeconfig     kubeconfig files to load, as in KUBECONFIG (default: $KUBECONFIG or ~/.kube/config)
  --user-data-dir  folder for imported kubeconfigs and settings (default ~/.config/drun-desktop)`;

async function main(): Promise<void> {
  restartWithMallocTunables();
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      kubeconfig: { type: 'string' },
      'user-data-dir': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`Invalid --port ${values.port}: give a number from 0 to 65535.`);
  }
  const staticDir = resolve(import.meta.dirname, '../../out/renderer');
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new Error(`The renderer is not built (${staticDir}/index.html is missing); run 'npm run build:renderer' first.`);
  }
  const userDataDir = values['user-data-dir'] ?? join(homedir(), '.config', 'drun-desktop');
  await mkdir(userDataDir, { recursive: true });

  preferSmallHeap();
  // Passed as its own option rather than put into KUBECONFIG, so the Clusters screen can show that the files came from --kubeconfig.
  const app = await createApp({ userDataDir, ...(values.kubeconfig ? { kubeconfigOption: values.kubeconfig } : {}) });
  const server = await startBrowserServer({ host: app.host, staticDir, port });
  process.stdout.write(`d.run Desktop (browser mode) is listening on ${server.origin}\nOpen: ${server.url}\n`);

  const shutdown = async (signal: string): Promise<void> => {
    log.info('shutting down', { signal });
    await server.close();
    await app.dispose();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`d.run Desktop failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
