import { execFile } from 'node:child_process';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { stringify } from 'yaml';

import type { ClusterContext } from './profile';
import { resolveServerPorts } from './servers/ports';

/**
 * Debian's Prometheus (package `prometheus`, 2.42 on bookworm), started as a
 * bare binary with our own config: it listens on 127.0.0.1, scrapes only the
 * given loopback targets, and keeps its data in the run folder. The Debian
 * service, its default config and the node exporter it recommends are never
 * used (install-prometheus.sh installs without recommends and without
 * starting the service).
 */

export const prometheusBinary = process.env['DRUN_PROMETHEUS_BINARY'] || '/usr/bin/prometheus';

const installScript = fileURLToPath(new URL('./servers/install-prometheus.sh', import.meta.url));

export interface ScrapeTarget {
  job: string;
  /** host:port on 127.0.0.1. */
  address: string;
  metricsPath?: string;
}

/** Renders prometheus.yml for the targets, scraped every `intervalSeconds`. */
export function renderPrometheusConfig(targets: readonly ScrapeTarget[], intervalSeconds: number): string {
  for (const target of targets) {
    if (!target.address.startsWith('127.0.0.1:')) {
      throw new Error(`scrape target ${target.job} has address ${target.address}; only 127.0.0.1 targets are allowed`);
    }
  }
  return stringify({
    global: { scrape_interval: `${intervalSeconds}s`, evaluation_interval: `${intervalSeconds}s` },
    scrape_configs: targets.map((target) => ({
      job_name: target.job,
      // Keeps the exporters' own pod/namespace labels instead of renaming them to exported_*.
      honor_labels: true,
      metrics_path: target.metricsPath ?? '/metrics',
      static_configs: [{ targets: [target.address] }],
    })),
  });
}

/** Starts Prometheus as a managed process, waits for /-/ready and publishes `prometheus.url`. */
export async function startPrometheus(context: ClusterContext, targets: readonly ScrapeTarget[], intervalSeconds = 5): Promise<string> {
  await ensurePrometheus();

  const { prometheus: port } = resolveServerPorts();
  const dir = join(context.runDir, 'prometheus');
  const configPath = join(dir, 'prometheus.yml');
  await mkdir(join(dir, 'data'), { recursive: true });
  await writeFile(configPath, renderPrometheusConfig(targets, intervalSeconds));

  await context.spawnManaged('prometheus', prometheusBinary, [
    `--config.file=${configPath}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    '--storage.tsdb.retention.time=2d',
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ], {
    cwd: dir,
    ready: { url: `http://127.0.0.1:${port}/-/ready`, timeoutMs: 60_000 },
  });

  const url = `http://127.0.0.1:${port}`;
  context.publish('prometheus.url', url);
  return url;
}

/** Installs Debian's package with install-prometheus.sh when the binary is missing (needs root and apt-get). */
async function ensurePrometheus(): Promise<void> {
  try {
    await access(prometheusBinary);
    return;
  } catch {
    // Missing: install below.
  }
  if (process.env['DRUN_PROMETHEUS_BINARY']) {
    throw new Error(`DRUN_PROMETHEUS_BINARY=${prometheusBinary} does not exist; point it at a Prometheus binary or unset it`);
  }
  try {
    await promisify(execFile)('bash', [installScript], { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`Prometheus is missing at ${prometheusBinary} and ${installScript} failed: ${stderr.trim().split('\n').slice(-5).join(' | ') || (error as Error).message}`, { cause: error });
  }
}
