/**
 * Churn driver for the benchmarks: patches pods of the running cluster at a
 * fixed rate (an annotation on every patch, a label on every tenth), so that
 * watches and the app see a steady stream of updates.
 *
 * Run alone (defaults: 50 patches per second for 60 seconds, on pods with the
 * label drun.io/scale=true, through the running cluster's admin kubeconfig):
 *
 *   scripts/node24 --import tsx test/cluster/profiles/scale/churn.ts --rate 50 --duration 60
 *
 * Prints one JSON line with the requested and achieved rates and latency percentiles.
 */
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { runPaths, runRoot } from '../../config';
import { integerFlag, isMainModule, parseFlags } from '../../servers/main-args';
import { createBulkClient, type BulkClient } from './api';
import { scaleLabel } from './generate';

export interface ChurnOptions {
  kubeconfigPath: string;
  /** Patches per second. */
  rate: number;
  durationSeconds: number;
  /** Pods to patch, as a label selector. */
  labelSelector?: string;
  /** Requests in flight at most; patches due beyond that are skipped and counted. */
  maxInFlight?: number;
}

export interface ChurnReport {
  requestedRate: number;
  achievedRate: number;
  patches: number;
  failures: number;
  /** Patches that were due while maxInFlight requests were still open. */
  skipped: number;
  pods: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
}

interface PodRef {
  namespace: string;
  name: string;
}

/** Patches random pods at `rate` per second for `durationSeconds`; resolves with what was achieved. */
export async function runChurn(options: ChurnOptions): Promise<ChurnReport> {
  if (options.rate <= 0 || options.durationSeconds <= 0) throw new Error('churn: --rate and --duration must be greater than 0');
  const maxInFlight = options.maxInFlight ?? 64;
  const client = await createBulkClient(options.kubeconfigPath, maxInFlight);
  try {
    const pods = await listPods(client, options.labelSelector ?? `${scaleLabel}=true`);
    if (pods.length === 0) throw new Error(`churn: no pod matches ${options.labelSelector ?? `${scaleLabel}=true`}; start the scale profile first (npm run cluster:up -- --profile scale)`);
    return await drive(client, pods, options.rate, options.durationSeconds, maxInFlight);
  } finally {
    client.close();
  }
}

async function drive(client: BulkClient, pods: PodRef[], rate: number, durationSeconds: number, maxInFlight: number): Promise<ChurnReport> {
  const latencies: number[] = [];
  let failures = 0;
  let skipped = 0;
  let inFlight = 0;
  let sequence = 0;
  const pending = new Set<Promise<void>>();
  const started = performance.now();
  const total = Math.round(rate * durationSeconds);

  for (let index = 0; index < total; index += 1) {
    // Schedule by the ideal start time of each patch, so that slow responses do not lower the rate.
    const due = started + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await delay(wait);
    if (inFlight >= maxInFlight) {
      skipped += 1;
      continue;
    }

    const pod = pods[Math.floor(Math.random() * pods.length)] as PodRef;
    sequence += 1;
    inFlight += 1;
    const sent = performance.now();
    const patch = client
      .send('PATCH', `/api/v1/namespaces/${encodeURIComponent(pod.namespace)}/pods/${encodeURIComponent(pod.name)}`, churnPatch(sequence), 'application/merge-patch+json')
      .then(({ status }) => {
        if (status === 200) latencies.push(performance.now() - sent);
        else failures += 1;
      }, () => {
        failures += 1;
      })
      .finally(() => {
        inFlight -= 1;
        pending.delete(patch);
      });
    pending.add(patch);
  }
  await Promise.all(pending);

  const elapsedSeconds = (performance.now() - started) / 1000;
  latencies.sort((left, right) => left - right);
  const percentile = (fraction: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(fraction * latencies.length))] ?? 0);
  return {
    requestedRate: rate,
    achievedRate: Math.round((latencies.length / elapsedSeconds) * 10) / 10,
    patches: latencies.length,
    failures,
    skipped,
    pods: pods.length,
    latencyMs: { p50: percentile(0.5), p90: percentile(0.9), p99: percentile(0.99), max: Math.round(latencies.at(-1) ?? 0) },
  };
}

function churnPatch(sequence: number): object {
  const annotations = { 'drun.io/churn-sequence': String(sequence), 'drun.io/churn-at': new Date().toISOString() };
  const labels = sequence % 10 === 0 ? { 'drun.io/churn-bucket': String(sequence % 7) } : undefined;
  return { metadata: { annotations, ...(labels ? { labels } : {}) } };
}

/** Lists matching pods page by page, keeping only namespace and name. */
async function listPods(client: BulkClient, labelSelector: string): Promise<PodRef[]> {
  const pods: PodRef[] = [];
  let continueToken = '';
  do {
    const query = `labelSelector=${encodeURIComponent(labelSelector)}&limit=5000${continueToken ? `&continue=${encodeURIComponent(continueToken)}` : ''}`;
    const { status, body } = await client.send('GET', `/api/v1/pods?${query}`);
    if (status !== 200) throw new Error(`churn: listing pods failed with HTTP ${status}: ${body.slice(0, 300)}`);
    const list = JSON.parse(body) as { items: Array<{ metadata: PodRef }>; metadata?: { continue?: string } };
    for (const item of list.items) pods.push({ namespace: item.metadata.namespace, name: item.metadata.name });
    continueToken = list.metadata?.continue ?? '';
  } while (continueToken);
  return pods;
}

if (isMainModule(import.meta.url)) {
  const flags = parseFlags(process.argv.slice(2));
  const report = await runChurn({
    kubeconfigPath: flags.get('kubeconfig') ?? join(runPaths(runRoot()).kubeconfigDir, 'admin.kubeconfig'),
    rate: integerFlag(flags, 'rate', 50),
    durationSeconds: integerFlag(flags, 'duration', 60),
    maxInFlight: integerFlag(flags, 'max-in-flight', 64),
    ...(flags.get('selector') ? { labelSelector: flags.get('selector') as string } : {}),
  });
  console.log(JSON.stringify(report));
}
