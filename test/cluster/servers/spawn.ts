import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import type { ClusterContext } from '../profile';
import { resolveServerPorts } from './ports';

/**
 * tsx's ESM loader as a file URL. import.meta.resolve is not available inside
 * vitest's module runner, which also loads this file from global setups.
 */
const tsxLoader = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'loader.mjs')).href;

/** Starts one of the TypeScript servers in this folder as a managed process and waits for /health. */
async function spawnServer(context: ClusterContext, name: string, file: string, port: number, args: string[]): Promise<string> {
  // `node --import tsx` keeps the server in one process, so `down` stops it by its PID.
  await context.spawnManaged(name, process.execPath, ['--import', tsxLoader, fileURLToPath(new URL(file, import.meta.url)), '--port', String(port), ...args], {
    ready: { url: `http://127.0.0.1:${port}/health`, timeoutMs: 60_000 },
  });
  return `http://127.0.0.1:${port}`;
}

/** Starts the OpenAI-compatible server and publishes `openai.url`; returns its port. */
export async function startOpenAIServerProcess(context: ClusterContext, models: string[]): Promise<number> {
  const { openai } = resolveServerPorts();
  const url = await spawnServer(context, 'openai-server', './openai.ts', openai, ['--models', models.join(',')]);
  context.publish('openai.url', url);
  return openai;
}

/** Starts the DCGM-style exporter and publishes `dcgm.url`; returns its port. */
export async function startDcgmExporterProcess(context: ClusterContext): Promise<number> {
  const { dcgmExporter } = resolveServerPorts();
  const url = await spawnServer(context, 'dcgm-exporter', './dcgm-exporter.ts', dcgmExporter, ['--kubeconfig', context.adminKubeconfig]);
  context.publish('dcgm.url', `${url}/metrics`);
  return dcgmExporter;
}
