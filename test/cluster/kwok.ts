import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, open, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import type { PodRoute } from './profile';

/**
 * kwok wiring: its static configuration (cluster-wide exec, logs and attach
 * defaults) and the namespaced objects that route one pod's streams.
 */

const run = promisify(execFile);

export const kwokVersion = 'v0.8.0';

/**
 * kwok kinds read from the API server instead of the static config, so that
 * profiles and tests can route pods at run time. A kind may not be both here
 * and in the static config (kwok rejects that).
 */
export const kwokCrdKinds = ['Logs', 'Attach', 'Exec', 'PortForward', 'ClusterPortForward', 'Metric', 'ResourceUsage', 'ClusterResourceUsage'];

const crdFiles: Record<string, string> = {
  Logs: 'logs',
  Attach: 'attaches',
  Exec: 'execs',
  PortForward: 'portforwards',
  ClusterPortForward: 'clusterportforwards',
  Metric: 'metrics',
  ResourceUsage: 'resourceusages',
  ClusterResourceUsage: 'clusterresourceusages',
};

/** CRD manifest paths of the kinds in kwokCrdKinds, inside the kwok module. */
export function kwokCrdPaths(kwokDir: string): string[] {
  return kwokCrdKinds.map((kind) => join(kwokDir, 'kustomize', 'crd', 'bases', `kwok.x-k8s.io_${crdFiles[kind]}.yaml`));
}

/** Finds the kwok module's source folder in the Go module cache (downloaded by build.sh). */
export async function findKwokDir(moduleDir: string): Promise<string> {
  try {
    const { stdout } = await run('go', ['mod', 'download', '-json', `sigs.k8s.io/kwok@${kwokVersion}`], { cwd: moduleDir });
    const dir = (JSON.parse(stdout) as { Dir?: string }).Dir;
    if (!dir) throw new Error('no Dir in the output');
    return dir;
  } catch (error) {
    throw new Error(
      `kwok: could not locate sigs.k8s.io/kwok@${kwokVersion} in the Go module cache ` +
        `(go mod download -json in ${moduleDir}: ${(error as Error).message}); run test/cluster/build.sh`,
      { cause: error },
    );
  }
}

/** UID and GID for exec'd commands: nobody when running as root, else the current user. */
function execIdentity(): { uid: number; gid: number } | undefined {
  return process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
}

/**
 * Creates the scratch folder that `kubectl exec` commands start in. It sits
 * under the system temp folder because user nobody cannot enter root's home.
 */
export async function prepareExecDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const identity = execIdentity();
  if (identity) await chown(dir, identity.uid, identity.gid);
  await chmod(dir, 0o700);
}

/** Renders kwok's static config: cluster-wide exec, logs and attach defaults. */
export function renderKwokConfig(options: { execDir: string; defaultLogsFile: string }): string {
  const identity = execIdentity();
  const documents = [
    {
      // kwok 0.8.0 moves 4 pods (and nodes, and leases) through their stages at a time by
      // default, which caps the scale profile near 11 pods a second on 2 cores. A config
      // document replaces kwok's defaults for the options it leaves unset, so the switches
      // that exec, logs and port-forward need are set here too.
      apiVersion: 'config.kwok.x-k8s.io/v1alpha1',
      kind: 'KwokConfiguration',
      metadata: { name: 'drun-cluster' },
      options: {
        enableDebuggingHandlers: true,
        enableProfilingHandler: false,
        enablePodsOnNodeSyncListPager: true,
        enablePodsOnNodeSyncStreamWatch: false,
        podPlayStageParallelism: 32,
        nodePlayStageParallelism: 16,
        nodeLeaseParallelism: 32,
        podsOnNodeSyncParallelism: 4,
      },
    },
    {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'ClusterExec',
      metadata: { name: 'local-shell' },
      spec: {
        execs: [
          {
            local: {
              workDir: options.execDir,
              envs: [{ name: 'DRUN_SIMULATED_POD', value: '1' }],
              ...(identity ? { securityContext: { runAsUser: identity.uid, runAsGroup: identity.gid } } : {}),
            },
          },
        ],
      },
    },
    {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'ClusterLogs',
      metadata: { name: 'default-log' },
      spec: { logs: [{ logsFile: options.defaultLogsFile, follow: true }] },
    },
    {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'ClusterAttach',
      metadata: { name: 'default-log' },
      spec: { attaches: [{ logsFile: options.defaultLogsFile }] },
    },
  ];
  return documents.map((document) => stringify(document)).join('---\n');
}

/** Creates `path` (and its folder) empty unless it exists. */
export async function touch(path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, 'a');
  await handle.close();
}

/** Builds the Logs, Attach and PortForward objects that route one pod; each is named like the pod. */
export function podRouteObjects(route: PodRoute, logsFile: string): object[] {
  const metadata = { name: route.name, namespace: route.namespace };
  const objects: object[] = [
    { apiVersion: 'kwok.x-k8s.io/v1alpha1', kind: 'Logs', metadata, spec: { logs: [{ logsFile, follow: true }] } },
    { apiVersion: 'kwok.x-k8s.io/v1alpha1', kind: 'Attach', metadata, spec: { attaches: [{ logsFile }] } },
  ];
  if (route.ports && route.ports.length > 0) {
    objects.push({
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'PortForward',
      metadata,
      spec: {
        forwards: route.ports.map(({ podPort, localPort }) => ({
          ports: [podPort],
          target: { address: '127.0.0.1', port: localPort },
        })),
      },
    });
  }
  return objects;
}

/** Writes the static config file. */
export async function writeKwokConfig(path: string, options: { execDir: string; defaultLogsFile: string }): Promise<void> {
  await touch(options.defaultLogsFile);
  await writeFile(path, renderKwokConfig(options));
}

/**
 * Formats one line in the CRI log format (`<RFC 3339 time> <stream> F <text>`),
 * the only format, besides Docker's JSON lines, that kwok's log reader parses.
 */
export function criLogLine(text: string, stream: 'stdout' | 'stderr' = 'stdout', time = new Date()): string {
  return `${time.toISOString()} ${stream} F ${text}\n`;
}

/** Appends lines to a routed pod's log file; `logs -f` streams them as they arrive. */
export async function appendPodLog(logsFile: string, lines: string[], stream: 'stdout' | 'stderr' = 'stdout'): Promise<void> {
  const handle = await open(logsFile, 'a');
  try {
    await handle.appendFile(lines.map((line) => criLogLine(line, stream)).join(''));
  } finally {
    await handle.close();
  }
}
