import { setTimeout as delay } from 'node:timers/promises';

import type { ClusterContext, Profile } from '../../profile';
import { createAll, createBulkClient, type BulkClient } from './api';
import { resolveScaleSize, scaleLabel, scaleNamespaces, scaleNodes, scalePod, namespaceName, type ScaleSize } from './generate';

/**
 * For the benchmarks: by default 2,000 nodes and 50,000 pods in 50 tenant
 * namespaces (override with DRUN_SCALE_NODES, DRUN_SCALE_PODS,
 * DRUN_SCALE_NAMESPACES). Pods are bound to nodes directly and kwok runs
 * them. `churn.ts` beside this file updates pods at a chosen rate.
 */

/** Concurrent create requests; enough to keep the API server busy on two cores without queueing in it. */
const createConcurrency = 32;
/** Pods generated per batch, so that 50,000 pod objects never sit in memory at once. */
const podBatch = 2000;

const scaleProfile: Profile = {
  name: 'scale',
  description: 'benchmarks: 2,000 nodes and 50,000 pods by default (DRUN_SCALE_NODES, DRUN_SCALE_PODS), pods bound to nodes, no local servers',
  includes: [],

  async startLocalServers() {
    // The benchmarks measure the API and the app; no pod is routed to a local server.
  },

  async seed(context) {
    const size = resolveScaleSize();
    const client = await createBulkClient(context.adminKubeconfig, createConcurrency);
    try {
      const timings = await seedScale(context, client, size);
      context.publish('scale.size', `${size.nodes} nodes, ${size.pods} pods, ${size.namespaces} namespaces`);
      context.publish('scale.seedSeconds', `nodes ${timings.nodes}, pods created ${timings.pods}, pods running ${timings.running}`);
    } finally {
      client.close();
    }
  },
};

export default scaleProfile;

async function seedScale(context: ClusterContext, client: BulkClient, size: ScaleSize): Promise<{ nodes: number; pods: number; running: number }> {
  const started = performance.now();
  const seconds = (from: number) => Math.round((performance.now() - from) / 100) / 10;

  await createAll(client, scaleNamespaces(size), createConcurrency);
  await createAll(client, scaleNodes(size), createConcurrency);
  const nodesDone = seconds(started);
  for (let index = 0; index < size.namespaces; index += 1) await context.waitForServiceAccount(namespaceName(index));

  const podsStarted = performance.now();
  for (let first = 0; first < size.pods; first += podBatch) {
    const count = Math.min(podBatch, size.pods - first);
    await createAll(client, Array.from({ length: count }, (_, offset) => scalePod(size, first + offset)), createConcurrency);
  }
  const podsCreated = seconds(podsStarted);

  await waitAllRunning(client, size);
  return { nodes: nodesDone, pods: podsCreated, running: seconds(podsStarted) };
}

/** Polls until no scale pod is outside phase Running; the time allowed grows with the pod count. */
async function waitAllRunning(client: BulkClient, size: ScaleSize): Promise<void> {
  const timeoutMs = 120_000 + size.pods * 20;
  const deadline = Date.now() + timeoutMs;
  const path = `/api/v1/pods?labelSelector=${encodeURIComponent(`${scaleLabel}=true`)}&fieldSelector=${encodeURIComponent('status.phase!=Running')}&limit=1`;
  let remaining = 'some';
  while (Date.now() < deadline) {
    const { status, body } = await client.send('GET', path);
    if (status !== 200) throw new Error(`listing pods that are not Running failed with HTTP ${status}: ${body.slice(0, 300)}`);
    const list = JSON.parse(body) as { items: unknown[]; metadata?: { remainingItemCount?: number } };
    if (list.items.length === 0) return;
    // The API server leaves remainingItemCount out for field-selected lists, so this may only be a lower bound.
    remaining = `at least ${1 + (list.metadata?.remainingItemCount ?? 0)}`;
    await delay(2000);
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for the scale pods to run; ${remaining} are not Running (see kwok.log in the run folder)`);
}
