import { ApiException, CoreV1Api, CustomObjectsApi, KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { setTimeout as delay } from 'node:timers/promises';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { ProvidedCluster } from './global-setup';

/** Helpers for tests against the local cluster that the global setup provides. */

export type ClusterUser = 'admin' | 'alice' | 'bob';

export function cluster(): ProvidedCluster {
  return inject('cluster');
}

export function kubeConfigFor(user: ClusterUser): KubeConfig {
  const path = cluster().kubeconfigs[user];
  if (!path) throw new Error(`no kubeconfig for user ${user} in the provided cluster`);
  const config = new KubeConfig();
  config.loadFromFile(path);
  return config;
}

export function coreApi(user: ClusterUser = 'admin'): CoreV1Api {
  return kubeConfigFor(user).makeApiClient(CoreV1Api);
}

export function customObjectsApi(user: ClusterUser = 'admin'): CustomObjectsApi {
  return kubeConfigFor(user).makeApiClient(CustomObjectsApi);
}

export function kubectlPath(): string {
  return join(cluster().binDir, 'kubectl');
}

/** Returns a name no earlier run used, so tests also pass against a cluster kept running. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** HTTP status of a rejected client call, or undefined when it is not an API error. */
export function statusOf(error: unknown): number | undefined {
  return error instanceof ApiException ? error.code : undefined;
}

/**
 * Polls `probe` every 200 ms until it returns a value. Rejects after
 * `timeoutMs` with `what` and the last value seen, so a failure shows what
 * the cluster did instead.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await delay(200);
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
}

/** Builds a single-container pod that kwok runs, with `resources` as both requests and limits. */
export function podManifest(namespace: string, name: string, resources: Record<string, string> = {}): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { 'd.run/test': 'integration' } },
    spec: {
      containers: [{ name: 'main', image: 'busybox:1.36', resources: { requests: resources, limits: resources } }],
      terminationGracePeriodSeconds: 0,
    },
  };
}

/** Deletes a pod at once; a pod that is already gone is fine. */
export async function deletePod(namespace: string, name: string): Promise<void> {
  try {
    await coreApi().deleteNamespacedPod({ namespace, name, gracePeriodSeconds: 0 });
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
}

/** Waits until the pod is Running and returns it. */
export function waitForRunning(namespace: string, name: string): Promise<V1Pod> {
  return waitFor(`pod ${namespace}/${name} to be Running`, async () => {
    const pod = await coreApi().readNamespacedPod({ namespace, name });
    return pod.status?.phase === 'Running' ? pod : undefined;
  });
}
