/**
 * Browser mode as `npm start` runs it: the real services from createApp behind
 * the loopback WebSocket server, serving the built renderer from out/renderer.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApp, type App } from '../../../main/composition';
import { startBrowserServer, type BrowserServer } from '../../../main/transport/websocket-server';

export const RENDERER_DIR = resolve('out/renderer');

export interface BrowserModeApp {
  app: App;
  server: BrowserServer;
  /** The address with the token, as `npm start` prints it. */
  url: string;
  close(): Promise<void>;
}

/** Starts the app with KUBECONFIG set to `kubeconfigPaths`, in a fresh user-data folder. */
export async function startBrowserMode(kubeconfigPaths: string[]): Promise<BrowserModeApp> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`${RENDERER_DIR}/index.html is missing; run 'npm run build:renderer' before the e2e tests`);
  }
  const userDataDir = await mkdtemp(join(tmpdir(), 'drun-e2e-app-'));
  const app = await createApp({
    userDataDir,
    env: { ...process.env, KUBECONFIG: kubeconfigPaths.join(':') },
    watchFiles: false,
  });
  const server = await startBrowserServer({ host: app.host, staticDir: RENDERER_DIR, port: 0 });

  return {
    app,
    server,
    url: server.url,
    close: async () => {
      await server.close();
      await app.dispose();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
