/**
 * Set-up for the Queues tests on the local cluster. The `test` profile has no
 * Kueue or Kubeflow, so the tests install the CRDs they need (from the Go
 * module cache, server-side) and create their own objects in their own
 * namespace. No Kueue controller runs there: the tests write Workload status
 * through the /status subresource themselves, as Kueue would.
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { KubeConfig } from '@kubernetes/client-node';
import { createWatchCache, type WatchCache } from '../../../main/cache/watch-cache';
import { BASE_ACCESS_QUESTIONS, discoverCapabilities, reviewAccess } from '../../../main/clusters/probe';
import { kubeJson } from '../../../main/clusters/request';
import { createQueuesService, type QueuesService } from '../../../main/queues/service';
import type { QueuesClusterAccess } from '../../../main/queues/shared-model';
import { createScheduler, type Scheduler } from '../../../main/scheduler/scheduler';
import type { ClusterStatus } from '../../../shared/models/cluster';
import type { QueuesSnapshot } from '../../../shared/models/queues';
import { cluster, kubeConfigFor, waitFor, type ClusterUser } from '../cluster/support';

const run = promisify(execFile);

const KUEUE = { module: 'sigs.k8s.io/kueue', version: 'v0.17.0', files: ['clusterqueues', 'localqueues', 'workloads', 'resourceflavors', 'cohorts', 'admissionchecks', 'workloadpriorityclasses', 'topologies'].map((name) => `config/components/crd/bases/kueue.x-k8s.io_${name}.yaml`) };
const TRAINING = { module: 'github.com/kubeflow/training-operator', version: 'v1.9.3', files: ['pytorchjobs', 'tfjobs', 'mpijobs'].map((name) => `manifests/base/crds/kubeflow.org_${name}.yaml`) };

export const KUEUE_API = '/apis/kueue.x-k8s.io/v1beta2';

async function moduleDir(module: string, version: string): Promise<string> {
  const { stdout } = await run('go', ['mod', 'download', '-json', `${module}@${version}`], { maxBuffer: 4 * 1024 * 1024 });
  const dir = (JSON.parse(stdout) as { Dir?: string }).Dir;
  if (!dir) throw new Error(`go mod download gave no Dir for ${module}@${version}`);
  return dir;
}

/** Runs the cluster's kubectl as admin. */
export async function kubectl(args: string[]): Promise<string> {
  return runKubectl(join(cluster().binDir, 'kubectl'), cluster().kubeconfigs['admin']!, args);
}

export async function runKubectl(kubectlPath: string, kubeconfig: string, args: string[]): Promise<string> {
  return (await run(kubectlPath, ['--kubeconfig', kubeconfig, ...args], { maxBuffer: 16 * 1024 * 1024 })).stdout;
}

/**
 * Installs Kueue's and the training operator's CRDs (server-side, because
 * Kueue's largest CRDs exceed the client-side annotation limit). They stay
 * installed: other tests and profiles may share them.
 */
export async function installQueueCrds(kubectlPath: string, kubeconfig: string): Promise<void> {
  const files: string[] = [];
  for (const source of [KUEUE, TRAINING]) {
    const dir = await moduleDir(source.module, source.version);
    files.push(...source.files.map((file) => join(dir, file)));
  }
  await runKubectl(kubectlPath, kubeconfig, ['apply', '--server-side', '--force-conflicts', '--field-manager=drun-queues-test', ...files.flatMap((file) => ['-f', file])]);
  await runKubectl(kubectlPath, kubeconfig, ['wait', '--for=condition=Established', '--timeout=60s', ...files.flatMap((file) => ['-f', file])]);
}

export function installCrds(): Promise<void> {
  return installQueueCrds(join(cluster().binDir, 'kubectl'), cluster().kubeconfigs['admin']!);
}

/** Creates an object as admin with a JSON body. */
export async function create(path: string, body: object): Promise<{ metadata: { name: string; uid: string } }> {
  return kubeJson(kubeConfigFor('admin'), path, { method: 'POST', body });
}

/** Writes an object's status through the /status subresource, as a controller would. */
export async function patchStatus(path: string, status: object): Promise<void> {
  await kubeJson(kubeConfigFor('admin'), `${path}/status`, { method: 'PATCH', contentType: 'application/merge-patch+json', body: { status } });
}

export async function statusFor(kubeConfig: KubeConfig, contextId: string): Promise<ClusterStatus> {
  const [capabilities, permissions] = await Promise.all([discoverCapabilities(kubeConfig), reviewAccess(kubeConfig, BASE_ACCESS_QUESTIONS)]);
  return { contextId, contextName: contextId, state: 'connected', capabilities, permissions };
}

export interface ServiceUnderTest {
  service: QueuesService;
  contextId: string;
  context: { transport: 'direct'; signal: AbortSignal };
  /** Waits for a snapshot that satisfies `accept`. */
  snapshot(what: string, accept: (snapshot: QueuesSnapshot) => boolean): Promise<QueuesSnapshot>;
  dispose(): void;
}

/** Starts a Queues service on the real cluster as `user`, with the real cache and scheduler. */
export async function startService(user: ClusterUser): Promise<ServiceUnderTest> {
  const kubeConfig = kubeConfigFor(user);
  const contextId = `${user}-context`;
  const status = await statusFor(kubeConfig, contextId);
  const clusters: QueuesClusterAccess = { connection: () => ({ contextId, kubeConfig }), statuses: () => [status] };
  const cache: WatchCache = createWatchCache();
  const scheduler: Scheduler = createScheduler();
  const service = createQueuesService({ clusters, cache, scheduler, templatesDir: resolve(import.meta.dirname, '../../../resources/jobs') });
  const context = { transport: 'direct' as const, signal: new AbortController().signal };
  let latest: QueuesSnapshot | undefined;
  const subscription = await service.snapshot({ contextId }, (value) => (latest = value), context);

  return {
    service,
    contextId,
    context,
    snapshot: (what, accept) => waitFor(what, async () => (latest && latest.synced && accept(latest) ? latest : undefined), 30_000),
    dispose: () => {
      subscription.dispose();
      service.dispose();
      scheduler.dispose();
      cache.dispose();
    },
  };
}
