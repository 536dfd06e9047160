/**
 * What the port-forward and notebook integration tests share: one KubeConfig
 * per user of the cluster the global setup provides, a small stand-in for the
 * cluster service, pods routed by kwok to the local Jupyter server, and HTTP
 * helpers.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterService } from '../../../main/clusters/service';
import { createWatchCache, type WatchCache } from '../../../main/cache/watch-cache';
import { cluster, coreApi, customObjectsApi, kubeConfigFor, statusOf, type ClusterUser } from '../cluster/support';

/** Context ids in these tests are the user names; each has its own KubeConfig, as the app keeps one per context. */
export function fakeClusters(): Pick<ClusterService, 'connection' | 'connect'> {
  const configs = new Map<string, KubeConfig>();
  const configFor = (contextId: string): KubeConfig => {
    let kc = configs.get(contextId);
    if (!kc) {
      kc = kubeConfigFor(contextId as ClusterUser);
      configs.set(contextId, kc);
    }
    return kc;
  };
  return {
    connection: (contextId) => ({ contextId, kubeConfig: configFor(contextId) }),
    connect: async ({ contextId }) => ({ contextId, contextName: contextId, state: 'connected' }),
  };
}

/** The local port of the Jupyter server that the test profile routes notebook pods to. */
export function jupyterPort(): number {
  const url = cluster().info['jupyter.url'];
  if (!url) {
    throw new Error('the test profile published no jupyter.url; restart the cluster with npm run cluster:up');
  }
  return Number(new URL(url).port);
}

export function jupyterToken(): string {
  return cluster().info['jupyter.token'] ?? '';
}

/** A local port that nothing listens on, to provoke a refused connection. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

/** Routes a pod's ports (by namespace and name, as kwok matches them) to local ports. */
export async function routePodPorts(namespace: string, name: string, ports: Array<{ podPort: number; localPort: number }>): Promise<void> {
  await customObjectsApi('admin').createNamespacedCustomObject({
    group: 'kwok.x-k8s.io',
    version: 'v1alpha1',
    namespace,
    plural: 'portforwards',
    body: {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'PortForward',
      metadata: { name, namespace },
      spec: { forwards: ports.map(({ podPort, localPort }) => ({ ports: [podPort], target: { address: '127.0.0.1', port: localPort } })) },
    },
  });
}

export async function unroutePod(namespace: string, name: string): Promise<void> {
  try {
    await customObjectsApi('admin').deleteNamespacedCustomObject({ group: 'kwok.x-k8s.io', version: 'v1alpha1', namespace, plural: 'portforwards', name });
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
}

/** Creates a "notebook" pod with a named port, labelled so a Service can select it. */
export async function createNotebookPod(namespace: string, name: string, labels: Record<string, string>): Promise<string> {
  const pod = await coreApi('admin').createNamespacedPod({
    namespace,
    body: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace, labels },
      spec: {
        containers: [{ name: 'jupyter', image: 'jupyter/base-notebook:latest', ports: [{ name: 'http', containerPort: 8888 }, { name: 'closed', containerPort: 9999 }] }],
        terminationGracePeriodSeconds: 0,
      },
    },
  });
  return pod.metadata?.uid ?? '';
}

export interface Harness {
  clusters: Pick<ClusterService, 'connection' | 'connect'>;
  cache: WatchCache;
  userDataDir: string;
  dispose(): Promise<void>;
}

export async function createHarness(): Promise<Harness> {
  const cache = createWatchCache();
  const userDataDir = await mkdtemp(join(tmpdir(), 'drun-pf-'));
  return {
    clusters: fakeClusters(),
    cache,
    userDataDir,
    dispose: async () => {
      cache.dispose();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface HttpReply {
  status: number;
  body: string;
}

/** One HTTP GET on a fresh connection (no keep-alive), so each request is its own forwarded stream. */
export function httpGet(url: string, headers: Record<string, string> = {}): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { connection: 'close', ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
