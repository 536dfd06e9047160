/**
 * The local cluster for end-to-end tests, from the same launcher as the
 * integration tests, and the GPU numbers computed independently of the app
 * from what the API server lists.
 */
import { CoreV1Api, KubeConfig, type V1Node, type V1Pod } from '@kubernetes/client-node';
import { downCluster, ensureCluster } from '../../cluster/launcher';
import type { ClusterState } from '../../cluster/state';

export interface E2eCluster {
  state: ClusterState;
  adminKubeconfig: string;
  core: CoreV1Api;
  /** Stops the cluster only when this run started it and DRUN_CLUSTER_KEEP is not 1. */
  release(): Promise<void>;
}

export async function useTestCluster(): Promise<E2eCluster> {
  const log = (line: string): void => void process.stderr.write(`[cluster] ${line}\n`);
  const { started, state } = await ensureCluster('test', log);
  const adminKubeconfig = state.kubeconfigs['admin'];
  if (!adminKubeconfig) {
    throw new Error(`the running cluster has no admin kubeconfig; found users: ${Object.keys(state.kubeconfigs).join(', ')}`);
  }
  const config = new KubeConfig();
  config.loadFromFile(adminKubeconfig);

  return {
    state,
    adminKubeconfig,
    core: config.makeApiClient(CoreV1Api),
    release: async () => {
      if (started && process.env['DRUN_CLUSTER_KEEP'] !== '1') {
        await downCluster(log);
      }
    },
  };
}

export interface ResourceTotals {
  capacity: number;
  allocatable: number;
  requested: number;
}

/** Whole-device counts only: extended resources are integers, so plain Number() parsing is exact. */
function count(quantity: string | undefined): number {
  return quantity === undefined ? 0 : Number(quantity);
}

/** A pod holds its devices while it is bound to a node and not finished. */
function holdsDevices(pod: V1Pod): boolean {
  const phase = pod.status?.phase;
  return Boolean(pod.spec?.nodeName) && phase !== 'Succeeded' && phase !== 'Failed';
}

/**
 * Effective request of one pod: the larger of the sum over app containers
 * and the largest init container, as the scheduler counts it. Sidecars
 * (restartPolicy Always init containers) are not used in these tests.
 */
function podRequest(pod: V1Pod, resourceName: string): number {
  const containers = (pod.spec?.containers ?? []).reduce((sum, container) => sum + count(container.resources?.requests?.[resourceName]), 0);
  const init = (pod.spec?.initContainers ?? []).reduce((max, container) => Math.max(max, count(container.resources?.requests?.[resourceName])), 0);
  return Math.max(containers, init);
}

/** Capacity, allocatable and requested of one extended resource, straight from the API server. */
export async function resourceTotals(core: CoreV1Api, resourceName: string): Promise<ResourceTotals> {
  const nodes: V1Node[] = (await core.listNode()).items;
  const pods: V1Pod[] = (await core.listPodForAllNamespaces()).items;

  return {
    capacity: nodes.reduce((sum, node) => sum + count(node.status?.capacity?.[resourceName]), 0),
    allocatable: nodes.reduce((sum, node) => sum + count(node.status?.allocatable?.[resourceName]), 0),
    requested: pods.filter(holdsDevices).reduce((sum, pod) => sum + podRequest(pod, resourceName), 0),
  };
}
