import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Fixed locations and loopback ports of the local cluster. Every value can be
 * overridden through the environment so that two checkouts on one machine can
 * run side by side.
 */

/** Listening ports on 127.0.0.1, one per component. */
export interface ClusterPorts {
  etcdClient: number;
  etcdPeer: number;
  apiserver: number;
  controllerManager: number;
  scheduler: number;
  kwok: number;
  jupyter: number;
}

const portDefaults: Record<keyof ClusterPorts, [env: string, port: number]> = {
  etcdClient: ['DRUN_CLUSTER_PORT_ETCD', 12379],
  etcdPeer: ['DRUN_CLUSTER_PORT_ETCD_PEER', 12380],
  apiserver: ['DRUN_CLUSTER_PORT_APISERVER', 16443],
  controllerManager: ['DRUN_CLUSTER_PORT_CONTROLLER_MANAGER', 10257],
  scheduler: ['DRUN_CLUSTER_PORT_SCHEDULER', 10259],
  kwok: ['DRUN_CLUSTER_PORT_KWOK', 10247],
  jupyter: ['DRUN_CLUSTER_PORT_JUPYTER', 18888],
};

/** Environment variable that overrides each port, for messages and the README. */
export const portEnvNames: Record<keyof ClusterPorts, string> = Object.fromEntries(
  Object.entries(portDefaults).map(([key, [env]]) => [key, env]),
) as Record<keyof ClusterPorts, string>;

/** Reads the ports from the environment, falling back to the defaults above. */
export function resolvePorts(env: NodeJS.ProcessEnv = process.env): ClusterPorts {
  const ports = {} as ClusterPorts;
  for (const [key, [name, fallback]] of Object.entries(portDefaults)) {
    const raw = env[name];
    const port = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new Error(`${name}=${raw} is not a valid TCP port; set it to an integer from 1 to 65535 or unset it`);
    }
    ports[key as keyof ClusterPorts] = port;
  }
  return ports;
}

/** Cache of built binaries, the Jupyter venv and logs, shared by all runs. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env['DRUN_CLUSTER_CACHE'] || join(homedir(), '.cache', 'drun-desktop', 'cluster');
}

/**
 * Folder of the one running cluster: its state file, PKI, kubeconfigs, etcd
 * data and logs. A new `up` empties it; `down` leaves it for reading logs.
 */
export function runRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env['DRUN_CLUSTER_RUN'] || join(cacheRoot(env), 'run');
}

/** Folders inside the run folder. */
export function runPaths(runDir: string) {
  return {
    runDir,
    state: join(runDir, 'state.json'),
    pki: join(runDir, 'pki'),
    kubeconfigDir: join(runDir, 'kubeconfig'),
    internalKubeconfigDir: join(runDir, 'components'),
    logs: join(runDir, 'logs'),
    etcdData: join(runDir, 'etcd'),
    kwokConfig: join(runDir, 'kwok.yaml'),
    podLogs: join(runDir, 'pod-logs'),
    jupyterRoot: join(runDir, 'jupyter'),
  };
}

export type RunPaths = ReturnType<typeof runPaths>;

/**
 * Scratch folder that `kubectl exec` commands start in. It is outside the run
 * folder because, when the launcher runs as root, exec runs as nobody, who
 * cannot enter root's home.
 */
export function execDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['DRUN_CLUSTER_EXEC_DIR'] || join(tmpdir(), `drun-cluster-exec-${process.getuid?.() ?? 'user'}`);
}

/** Kubernetes version the binaries are built at; shown in node info. */
export const kubernetesVersion = 'v1.37.2';

/** Service CIDR of the API server; never dialled, only allocated from. */
export const serviceClusterIpRange = '10.96.0.0/16';

/** Pod CIDR kwok allocates pod IPs from; never dialled. */
export const podCidr = '10.244.0.0/16';
