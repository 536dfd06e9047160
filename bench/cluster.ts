/**
 * The benchmark's own cluster: the `scale` profile in a run folder and on
 * ports of its own, so the shared test cluster on the default ports is never
 * touched. Also the anchors measured on it: kubectl's list time and the size
 * of the listed JSON.
 */
import { spawn } from 'node:child_process';
import { openSync, closeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot } from '../test/cluster/config';
import { downCluster, upCluster } from '../test/cluster/launcher';
import type { ClusterState } from '../test/cluster/state';
import { createBulkClient } from '../test/cluster/profiles/scale/api';

/**
 * Port of each component as an offset from --port-base, mirroring the default
 * ports' last digits. The default base keeps every port below 32768, where
 * Linux starts handing out ephemeral ports to outgoing connections.
 */
const PORT_OFFSETS: Record<string, number> = {
  DRUN_CLUSTER_PORT_ETCD: 2379,
  DRUN_CLUSTER_PORT_ETCD_PEER: 2380,
  DRUN_CLUSTER_PORT_APISERVER: 6443,
  DRUN_CLUSTER_PORT_CONTROLLER_MANAGER: 257,
  DRUN_CLUSTER_PORT_SCHEDULER: 259,
  DRUN_CLUSTER_PORT_KWOK: 247,
  DRUN_CLUSTER_PORT_JUPYTER: 8888,
  DRUN_CLUSTER_PORT_OPENAI: 8000,
  DRUN_CLUSTER_PORT_DCGM_EXPORTER: 9400,
  DRUN_CLUSTER_PORT_PROMETHEUS: 9090,
};

/**
 * Points the cluster launcher at the bench's run folder and ports. Must run
 * before any launcher call: the launcher reads these variables on each call.
 */
export function useBenchCluster(runDir: string | undefined, portBase: number): string {
  const folder = runDir ?? join(cacheRoot(), 'bench-run');
  process.env['DRUN_CLUSTER_RUN'] = folder;
  process.env['DRUN_CLUSTER_EXEC_DIR'] = `${folder}-exec`;
  for (const [name, offset] of Object.entries(PORT_OFFSETS)) process.env[name] = String(portBase + offset);
  return folder;
}

export interface BenchCluster {
  state: ClusterState;
  adminKubeconfig: string;
  kubectl: string;
  /** True when this run started it (and so stops it, unless kept). */
  started: boolean;
}

export async function startBenchCluster(log: (line: string) => void): Promise<BenchCluster> {
  const { started, state } = await upCluster('scale', log);
  if (state.profile !== 'scale') {
    throw new Error(`the bench run folder ${state.runDir} holds a running cluster of profile ${state.profile}; stop it (DRUN_CLUSTER_RUN=${state.runDir} npm run cluster:down with the bench ports) or pass --run-dir`);
  }
  const adminKubeconfig = state.kubeconfigs['admin'];
  if (!adminKubeconfig) throw new Error(`the bench cluster in ${state.runDir} has no admin kubeconfig`);
  return { state, adminKubeconfig, kubectl: join(state.binDir, 'kubectl'), started };
}

export async function stopBenchCluster(log: (line: string) => void): Promise<void> {
  await downCluster(log);
}

export interface KubectlList {
  /** Wall time of `kubectl get nodes,pods -A -o json`, in milliseconds. */
  ms: number;
  /** Size of what kubectl printed. */
  bytes: number;
}

/** Runs kubectl's list of every node and pod into a file, as a user would, and times it. */
export async function timeKubectlList(cluster: BenchCluster, outFile: string): Promise<KubectlList> {
  const out = openSync(outFile, 'w');
  const started = performance.now();
  try {
    await new Promise<void>((resolveRun, reject) => {
      const child = spawn(cluster.kubectl, ['--kubeconfig', cluster.adminKubeconfig, 'get', 'nodes,pods', '-A', '-o', 'json'], { stdio: ['ignore', out, 'pipe'] });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolveRun() : reject(new Error(`kubectl get nodes,pods -A -o json exited with ${code}: ${stderr.slice(0, 500)}`))));
    });
  } finally {
    closeSync(out);
  }
  return { ms: performance.now() - started, bytes: statSync(outFile).size };
}

export interface ListedJson {
  nodes: number;
  pods: number;
  /** Bytes of the list responses as the API server sends them (compact JSON, pages of 500). */
  bytes: number;
  /** The same items without metadata.managedFields, which the app's cache drops. */
  bytesWithoutManagedFields: number;
}

/** Lists nodes and pods page by page, as the app does, and measures the JSON. */
export async function measureListedJson(cluster: BenchCluster): Promise<ListedJson> {
  const client = await createBulkClient(cluster.adminKubeconfig, 2);
  try {
    const nodes = await listSize(client, '/api/v1/nodes');
    const pods = await listSize(client, '/api/v1/pods');
    return { nodes: nodes.items, pods: pods.items, bytes: nodes.bytes + pods.bytes, bytesWithoutManagedFields: nodes.stripped + pods.stripped };
  } finally {
    client.close();
  }
}

async function listSize(client: Awaited<ReturnType<typeof createBulkClient>>, path: string): Promise<{ items: number; bytes: number; stripped: number }> {
  let items = 0;
  let bytes = 0;
  let stripped = 0;
  let continueToken = '';
  do {
    const { status, body } = await client.send('GET', `${path}?limit=500${continueToken ? `&continue=${encodeURIComponent(continueToken)}` : ''}`);
    if (status !== 200) throw new Error(`GET ${path} failed with HTTP ${status}: ${body.slice(0, 300)}`);
    bytes += Buffer.byteLength(body);
    const list = JSON.parse(body) as { items: Array<{ metadata: { managedFields?: unknown } }>; metadata?: { continue?: string } };
    for (const item of list.items) {
      delete item.metadata.managedFields;
      stripped += Buffer.byteLength(JSON.stringify(item)) + 1;
    }
    items += list.items.length;
    continueToken = list.metadata?.continue ?? '';
  } while (continueToken);
  return { items, bytes, stripped };
}
