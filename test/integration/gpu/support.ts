/**
 * The metrics side of the GPU tests: A2's DCGM-style exporter in this process
 * and Debian's Prometheus scraping it every second, both on free loopback
 * ports, started here because the `test` profile runs neither.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createClientConnection } from '../../../shared/client';
import type { Contract, ContractClient } from '../../../shared/contract';
import type { ServerMessage } from '../../../shared/wire';
import type { App } from '../../../main/composition';
import type { HostConnection } from '../../../main/transport/host';
import { prometheusBinary, renderPrometheusConfig } from '../../cluster/prometheus';
import { startDcgmExporter, type RunningDcgmExporter } from '../../cluster/servers/dcgm-exporter';

export interface MetricsStack {
  exporter: RunningDcgmExporter;
  prometheusUrl: string;
  prometheusPort: number;
  /** Runs an instant query against Prometheus directly and returns its vector. */
  query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startMetricsStack(adminKubeconfig: string): Promise<MetricsStack> {
  const exporter = await startDcgmExporter({ kubeconfigPath: adminKubeconfig, port: 0 });
  const dir = await mkdtemp(join(tmpdir(), 'drun-gpu-prom-'));
  await mkdir(join(dir, 'data'));
  await writeFile(join(dir, 'prometheus.yml'), renderPrometheusConfig([{ job: 'dcgm-exporter', address: `127.0.0.1:${exporter.port}` }], 1));
  const port = await freePort();
  const child: ChildProcess = spawn(prometheusBinary, [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitReady(`${url}/-/ready`);

  return {
    exporter,
    prometheusUrl: url,
    prometheusPort: port,
    async query(promql) {
      const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: promql })}`);
      const body = (await response.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
      return body.data.result;
    },
    async close() {
      child.kill('SIGTERM');
      await exporter.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitReady(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await delay(200);
  }
  throw new Error(`Prometheus did not become ready at ${url} within 60 s`);
}

/** A typed client of any contract over a direct in-process connection to the app. */
export function directClient<C extends Contract>(app: App, contract: C): { client: ContractClient<C>; close(): void } {
  let receive: (message: ServerMessage) => void = () => undefined;
  const connection: HostConnection = { transport: 'direct', send: (message) => receive(message) };
  const clientConnection = createClientConnection({
    send: (message) => app.host.handle(connection, structuredClone(message)),
    onMessage: (receiver) => {
      receive = receiver;
    },
  });
  return { client: clientConnection.client(contract), close: () => app.host.close(connection) };
}
