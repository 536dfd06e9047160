/**
 * Churn for the benchmark, in a child process of its own so that its work
 * never delays the runner's timing. It lists the scale pods once, then on
 * each request patches random ones at a fixed rate, as the scale profile's
 * churn.ts does (an annotation with a sequence number and the time on every
 * patch, a label on every tenth), and answers with what it achieved.
 *
 * churn.ts lists all pods at every start, which takes seconds at 50,000
 * pods; the benchmark starts churn several times per run, so it lists once.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { createBulkClient, type BulkClient } from '../test/cluster/profiles/scale/api';
import { scaleLabel } from '../test/cluster/profiles/scale/generate';

export interface ChurnRequest {
  rate: number;
  seconds: number;
  maxInFlight: number;
}

export interface ChurnResult {
  requestedRate: number;
  /** Successful patches per second over the phase. */
  achievedRate: number;
  patches: number;
  failures: number;
  /** Patches that were due while maxInFlight were still open. */
  skipped: number;
  latencyMs: { p50: number; p99: number };
}

interface PodRef {
  namespace: string;
  name: string;
}

let sequence = 0;

async function listPods(client: BulkClient): Promise<PodRef[]> {
  const pods: PodRef[] = [];
  let continueToken = '';
  do {
    const query = `labelSelector=${encodeURIComponent(`${scaleLabel}=true`)}&limit=5000${continueToken ? `&continue=${encodeURIComponent(continueToken)}` : ''}`;
    const { status, body } = await client.send('GET', `/api/v1/pods?${query}`);
    if (status !== 200) throw new Error(`churn: listing pods failed with HTTP ${status}: ${body.slice(0, 300)}`);
    const list = JSON.parse(body) as { items: Array<{ metadata: PodRef }>; metadata?: { continue?: string } };
    for (const item of list.items) pods.push({ namespace: item.metadata.namespace, name: item.metadata.name });
    continueToken = list.metadata?.continue ?? '';
  } while (continueToken);
  return pods;
}

function patchBody(): object {
  sequence += 1;
  const annotations = { 'drun.io/churn-sequence': String(sequence), 'drun.io/churn-at': new Date().toISOString() };
  const labels = sequence % 10 === 0 ? { 'drun.io/churn-bucket': String(sequence % 7) } : undefined;
  return { metadata: { annotations, ...(labels ? { labels } : {}) } };
}

async function drive(client: BulkClient, pods: PodRef[], request: ChurnRequest): Promise<ChurnResult> {
  const latencies: number[] = [];
  let failures = 0;
  let skipped = 0;
  let inFlight = 0;
  const pending = new Set<Promise<void>>();
  const started = performance.now();
  const total = Math.round(request.rate * request.seconds);

  for (let index = 0; index < total; index += 1) {
    // Each patch is due at its ideal time, so slow answers do not lower the rate.
    const wait = started + (index * 1000) / request.rate - performance.now();
    if (wait > 0) await delay(wait);
    if (inFlight >= request.maxInFlight) {
      skipped += 1;
      continue;
    }
    const pod = pods[Math.floor(Math.random() * pods.length)] as PodRef;
    const sent = performance.now();
    inFlight += 1;
    const patch: Promise<void> = client
      .send('PATCH', `/api/v1/namespaces/${pod.namespace}/pods/${pod.name}`, patchBody(), 'application/merge-patch+json')
      .then(
        ({ status }) => void (status === 200 ? latencies.push(performance.now() - sent) : (failures += 1)),
        () => void (failures += 1),
      )
      .finally(() => {
        inFlight -= 1;
        pending.delete(patch);
      });
    pending.add(patch);
  }
  await Promise.all(pending);

  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (fraction: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(fraction * latencies.length))] ?? 0);
  return { requestedRate: request.rate, achievedRate: latencies.length / seconds, patches: latencies.length, failures, skipped, latencyMs: { p50: at(0.5), p99: at(0.99) } };
}

async function main(): Promise<void> {
  const kubeconfig = process.argv[2];
  if (!kubeconfig || !process.send) throw new Error('usage: fork churn-process.ts <admin kubeconfig> with an IPC channel');
  const client = await createBulkClient(kubeconfig, 512);
  const pods = await listPods(client);
  if (pods.length === 0) throw new Error(`churn: no pod has the label ${scaleLabel}=true; is the scale profile running?`);
  process.on('message', (request: ChurnRequest) => {
    void drive(client, pods, request).then((result) => process.send?.({ type: 'done', result }));
  });
  process.on('disconnect', () => {
    client.close();
    process.exit(0);
  });
  process.send({ type: 'ready', pods: pods.length });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench churn process failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
