import { execFile } from 'node:child_process';
import { access, copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { stringify } from 'yaml';

import { cacheRoot } from '../../config';
import type { ClusterContext } from '../../profile';
import { kueueVersion } from './crds';

/**
 * The real Kueue manager (sigs.k8s.io/kueue/cmd/kueue, built from the Go
 * module proxy in test/cluster/tools/kueue), run out-of-cluster against the
 * demo cluster when DRUN_DEMO_KUEUE=1. It then re-evaluates the seeded
 * Workloads and writes queue and workload status itself.
 *
 * Without internal certificate management, Kueue 0.17 reads its metrics
 * serving certificate from the fixed path /etc/kueue/metrics/certs and exits
 * if it is missing. Rather than writing into the host's /etc, the manager
 * runs in a private mount namespace (util-linux `unshare`, needs root) where
 * a folder of the run directory is bind-mounted over /etc.
 * No webhook configurations are registered, so Kueue does not intercept
 * creates: jobs created without `suspend: true` start at once.
 */

const run = promisify(execFile);

const moduleDir = fileURLToPath(new URL('../../tools/kueue', import.meta.url));

export interface KueuePorts {
  health: number;
  metrics: number;
  webhook: number;
}

export function kueuePorts(env: NodeJS.ProcessEnv = process.env): KueuePorts {
  const read = (name: string, fallback: number): number => {
    const raw = env[name];
    const port = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${name}=${raw} is not a valid TCP port`);
    return port;
  };
  return {
    health: read('DRUN_CLUSTER_PORT_KUEUE_HEALTH', 18081),
    metrics: read('DRUN_CLUSTER_PORT_KUEUE_METRICS', 18443),
    webhook: read('DRUN_CLUSTER_PORT_KUEUE_WEBHOOK', 19443),
  };
}

/** Returns the cached Kueue binary, building it on first use (several minutes on two cores). */
async function ensureKueueBinary(): Promise<string> {
  const binary = join(cacheRoot(), `kueue-${kueueVersion}`, 'kueue');
  try {
    await access(binary);
    return binary;
  } catch {
    // Not built yet.
  }
  try {
    await run('go', ['build', '-trimpath', '-ldflags=-s -w -buildid=', '-o', binary, 'sigs.k8s.io/kueue/cmd/kueue'], {
      cwd: moduleDir,
      env: { ...process.env, CGO_ENABLED: '0' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? (error as Error).message;
    throw new Error(`kueue: go build sigs.k8s.io/kueue/cmd/kueue in ${moduleDir} failed: ${stderr.trim().split('\n').slice(-10).join('\n')}`, { cause: error });
  }
  return binary;
}

/** Writes a self-signed certificate for 127.0.0.1 into `dir` as tls.crt and tls.key. */
async function selfSignedCertificate(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await run('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', join(dir, 'tls.key'), '-out', join(dir, 'tls.crt'),
  ]);
}

/** Starts the Kueue manager as a managed process when DRUN_DEMO_KUEUE=1; call after the Kueue CRDs exist. */
export async function startKueueController(context: ClusterContext): Promise<void> {
  if (process.env['DRUN_DEMO_KUEUE'] !== '1') return;

  const binary = await ensureKueueBinary();
  const ports = kueuePorts();
  const dir = join(context.runDir, 'kueue');
  const etc = join(dir, 'etc');
  await selfSignedCertificate(join(dir, 'webhook-certs'));
  await selfSignedCertificate(join(etc, 'kueue', 'metrics', 'certs'));
  // Go's resolver reads these; the kubeconfig only names 127.0.0.1, but keep lookups working.
  for (const file of ['hosts', 'nsswitch.conf', 'resolv.conf']) {
    await copyFile(join('/etc', file), join(etc, file)).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    });
  }

  const configPath = join(dir, 'kueue.yaml');
  await writeFile(configPath, stringify({
    apiVersion: 'config.kueue.x-k8s.io/v1beta2',
    kind: 'Configuration',
    namespace: 'kueue-system',
    health: { healthProbeBindAddress: `127.0.0.1:${ports.health}` },
    metrics: { bindAddress: `127.0.0.1:${ports.metrics}` },
    webhook: { host: '127.0.0.1', port: ports.webhook, certDir: join(dir, 'webhook-certs') },
    leaderElection: { leaderElect: false },
    internalCertManagement: { enable: false },
    integrations: { frameworks: ['batch/job', 'kubeflow.org/pytorchjob'] },
  }));
  await context.apply([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kueue-system' } }]);

  // unshare execs sh, which execs kueue, so the managed PID is Kueue's own.
  const script = `mount --bind '${etc}' /etc && exec '${binary}' --config='${configPath}' --kubeconfig='${context.adminKubeconfig}' --feature-gates=VisibilityOnDemand=false`;
  await context.spawnManaged('kueue', 'unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script], {
    cwd: dir,
    ready: { url: `http://127.0.0.1:${ports.health}/readyz`, timeoutMs: 120_000 },
  });
  context.publish('kueue.controller', `running (health http://127.0.0.1:${ports.health}/readyz)`);
}
