/**
 * Port-forward benchmark against the shared running test cluster: the app's
 * port-forward manager and `kubectl port-forward` over the same path to a
 * local HTTP server, then the app's heal time after its pod is replaced.
 * Writes bench/portforward.md. It never stops the cluster; it deletes the
 * namespace it creates and stops the processes it starts.
 *
 * Usage: npm run bench:portforward -- [--runs N] [--downloads N] [--samples N] [--heals N] [--size-mib N]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { ApiException, CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import type { CallContext } from '../shared/contract';
import type { ForwardState } from '../shared/models/portforward';
import { createWatchCache } from '../main/cache/watch-cache';
import { createPortForwardService, type PortForwardService } from '../main/portforward/service';
import { runPaths, runRoot } from '../test/cluster/config';
import { readState, type ClusterState } from '../test/cluster/state';
import { readMachine } from './machine';
import { curlGet, getsOk, startKubectlForward, startUpstream, versionOf, type LocalProcess } from './portforward-probes';
import { renderPortForwardReport, type ForwardRun, type HealSample } from './portforward-report';

const POD_PORT = 8080;
const CONTEXT = 'admin';
const MiB = 1024 * 1024;
const call: CallContext = { transport: 'direct', signal: new AbortController().signal };

const log = (line: string) => process.stderr.write(`[bench:portforward] ${line}\n`);

function options() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      downloads: { type: 'string', default: '3' },
      samples: { type: 'string', default: '40' },
      heals: { type: 'string', default: '5' },
      'size-mib': { type: 'string', default: '64' },
    },
  });
  const whole = (name: keyof typeof values) => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < 1) throw new Error(`invalid --${name} "${values[name]}": pass a whole number, 1 or more`);
    return value;
  };
  return { runs: whole('runs'), downloads: whole('downloads'), samples: whole('samples'), heals: whole('heals'), sizeMiB: whole('size-mib') };
}

function runningCluster(): ClusterState {
  const path = runPaths(runRoot()).state;
  const state = readState(path);
  if (!state || state.phase !== 'running') {
    throw new Error(`no running cluster in ${path}; start the shared test cluster with npm run cluster:up`);
  }
  return state;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await delay(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}

const isNotFound = (error: unknown) => error instanceof ApiException && error.code === 404;

/** Returns the calls that set up, replace and remove the benchmark's namespace and its routed pod. */
function benchPod(kubeConfig: KubeConfig, namespace: string, name: string) {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const custom = kubeConfig.makeApiClient(CustomObjectsApi);

  const createPod = async (): Promise<string> => {
    const pod = await core.createNamespacedPod({
      namespace,
      body: {
        metadata: { name, namespace, labels: { app: name } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: POD_PORT }] }], terminationGracePeriodSeconds: 0 },
      },
    });
    return pod.metadata?.uid ?? '';
  };

  const isReady = async (uid: string): Promise<true | undefined> => {
    const pod = await core.readNamespacedPod({ namespace, name });
    const ready = pod.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True');
    return pod.metadata?.uid === uid && ready ? true : undefined;
  };

  const deletePod = async (): Promise<void> => {
    await core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds: 0 });
  };

  const isGone = async (): Promise<true | undefined> => {
    try {
      await core.readNamespacedPod({ namespace, name });
      return undefined;
    } catch (error) {
      if (isNotFound(error)) return true;
      throw error;
    }
  };

  const setUp = async (upstreamPort: number): Promise<string> => {
    await core.createNamespace({ body: { metadata: { name: namespace, labels: { 'd.run/bench': 'portforward' } } } });
    // The API server rejects pods until the controller manager has created the default ServiceAccount.
    await waitFor(`ServiceAccount ${namespace}/default`, async () => (await core.readNamespacedServiceAccount({ namespace, name: 'default' })) && true);
    // kwok matches the PortForward object to the pod by namespace and name.
    await custom.createNamespacedCustomObject({
      group: 'kwok.x-k8s.io',
      version: 'v1alpha1',
      namespace,
      plural: 'portforwards',
      body: {
        apiVersion: 'kwok.x-k8s.io/v1alpha1',
        kind: 'PortForward',
        metadata: { name, namespace },
        spec: { forwards: [{ ports: [POD_PORT], target: { address: '127.0.0.1', port: upstreamPort } }] },
      },
    });
    const uid = await createPod();
    await waitFor(`pod ${namespace}/${name} to be Ready`, () => isReady(uid));
    return uid;
  };

  const tearDown = async (): Promise<void> => {
    try {
      await core.deleteNamespace({ name: namespace });
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  };

  return { createPod, deletePod, isReady, isGone, setUp, tearDown };
}

/** MiB/s of one large download through `port`. */
async function download(port: number, sizeMiB: number): Promise<number> {
  const transfer = await curlGet(`http://127.0.0.1:${port}/large`);
  if (transfer.bytes !== sizeMiB * MiB) {
    throw new Error(`download through 127.0.0.1:${port} returned ${transfer.bytes} bytes; expected ${sizeMiB * MiB}`);
  }
  return transfer.bytes / MiB / transfer.totalS;
}

async function firstByteMs(port: number): Promise<number> {
  return (await curlGet(`http://127.0.0.1:${port}/tiny`)).firstByteS * 1000;
}

/** Measures one run: large downloads, then tiny requests. The sides take turns, and who goes first swaps each run. */
async function measureRun(index: number, ports: { app: number; kubectl: number }, settings: ReturnType<typeof options>): Promise<ForwardRun> {
  const run: ForwardRun = { appMiBps: [], kubectlMiBps: [], appFirstByteMs: [], kubectlFirstByteMs: [] };
  const appFirst = index % 2 === 0;
  for (let i = 0; i < settings.downloads; i += 1) {
    for (const side of appFirst ? (['app', 'kubectl'] as const) : (['kubectl', 'app'] as const)) {
      (side === 'app' ? run.appMiBps : run.kubectlMiBps).push(await download(ports[side], settings.sizeMiB));
    }
  }
  for (let i = 0; i < settings.samples; i += 1) {
    for (const side of appFirst ? (['app', 'kubectl'] as const) : (['kubectl', 'app'] as const)) {
      (side === 'app' ? run.appFirstByteMs : run.kubectlFirstByteMs).push(await firstByteMs(ports[side]));
    }
  }
  return run;
}

async function phaseOf(service: PortForwardService, id: string): Promise<ForwardState['phase'] | undefined> {
  return (await service.list({}, call)).find((state) => state.id === id)?.phase;
}

/** Replaces the pod under the app's forward and times each step until the forward serves again. */
async function measureHeal(service: PortForwardService, forward: ForwardState, pod: ReturnType<typeof benchPod>): Promise<HealSample> {
  const url = `http://127.0.0.1:${forward.localPort}/tiny`;
  const deletedAt = performance.now();
  await pod.deletePod();
  // NaN when the forward never reports reconnecting; the heal is still timed.
  const reconnecting = waitFor('the forward to report reconnecting', async () => ((await phaseOf(service, forward.id)) === 'reconnecting' ? performance.now() : undefined), 30_000, 20).catch(
    () => Number.NaN,
  );
  await waitFor('the old pod to be gone', pod.isGone, 60_000, 50);

  const uid = await pod.createPod();
  const createdAt = performance.now();
  const ready = waitFor('the new pod to be Ready', async () => ((await pod.isReady(uid)) ? performance.now() : undefined), 60_000, 100);
  const served = waitFor('an HTTP 200 through the forward', async () => ((await getsOk(url, 15_000)) ? performance.now() : undefined), 60_000, 100);
  const [reconnectingAt, readyAt, servedAt] = await Promise.all([reconnecting, ready, served]);
  return {
    deleteToReconnectingMs: reconnectingAt - deletedAt,
    createToReadyMs: readyAt - createdAt,
    createToServedMs: servedAt - createdAt,
    deleteToServedMs: servedAt - deletedAt,
  };
}

function appService(kubeConfig: KubeConfig, userDataDir: string) {
  const cache = createWatchCache();
  const service = createPortForwardService({
    clusters: {
      connection: (contextId) => ({ contextId, kubeConfig }),
      connect: async ({ contextId }) => ({ contextId, contextName: contextId, state: 'connected' }),
    },
    cache,
    userDataDir,
  });
  return { service, dispose: async () => (await service.dispose(), cache.dispose()) };
}

async function main(): Promise<void> {
  const settings = options();
  const started = performance.now();
  const state = runningCluster();
  const adminKubeconfig = state.kubeconfigs['admin'];
  if (!adminKubeconfig) throw new Error(`the cluster in ${state.runDir} has no admin kubeconfig; restart it with npm run cluster:down && npm run cluster:up`);
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(adminKubeconfig);
  const kubectl = join(state.binDir, 'kubectl');

  const suffix = `${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
  const namespace = `bench-pf-${suffix}`;
  const podName = 'web';
  const pod = benchPod(kubeConfig, namespace, podName);
  const userDataDir = await mkdtemp(join(tmpdir(), 'drun-bench-pf-'));
  const cleanups: Array<() => Promise<unknown>> = [() => rm(userDataDir, { recursive: true, force: true })];
  const cleanUp = async () => {
    for (const step of cleanups.splice(0).reverse()) {
      await step().catch((error: unknown) => log(`clean-up step failed: ${(error as Error).message}`));
    }
  };
  process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));

  try {
    const upstream: LocalProcess = await startUpstream(settings.sizeMiB);
    cleanups.push(upstream.stop);
    log(`upstream on 127.0.0.1:${upstream.port}; creating namespace ${namespace}`);
    cleanups.push(pod.tearDown);
    await pod.setUp(upstream.port);

    const app = appService(kubeConfig, userDataDir);
    cleanups.push(app.dispose);
    const forward = await app.service.start({ contextId: CONTEXT, target: { kind: 'pod', namespace, name: podName, port: POD_PORT }, localPort: 0, keep: false }, call);
    const kubectlForward = await startKubectlForward({ kubectl, kubeconfig: adminKubeconfig, namespace, pod: podName, podPort: POD_PORT });
    cleanups.push(kubectlForward.stop);
    log(`app forward on ${forward.localPort}, kubectl forward on ${kubectlForward.port}`);

    // One untimed request each, so both sides have their upstream connection open before timing.
    await firstByteMs(forward.localPort);
    await firstByteMs(kubectlForward.port);

    const runs: ForwardRun[] = [];
    for (let index = 0; index < settings.runs; index += 1) {
      runs.push(await measureRun(index, { app: forward.localPort, kubectl: kubectlForward.port }, settings));
      log(`run ${index + 1}/${settings.runs} done`);
    }
    await kubectlForward.stop();

    const heals: HealSample[] = [];
    for (let index = 0; index < settings.heals; index += 1) {
      heals.push(await measureHeal(app.service, forward, pod));
      log(`heal ${index + 1}/${settings.heals}: ${Math.round(heals.at(-1)?.createToServedMs ?? 0)} ms from the new pod`);
    }

    const report = renderPortForwardReport({
      machine: readMachine(state.binDir),
      command: `npm run bench:portforward -- ${process.argv.slice(2).join(' ')}`.trim(),
      curl: await versionOf('curl', ['--version']).then((line) => line.split(' ').slice(0, 2).join(' ')),
      kubectl: (await versionOf(kubectl, ['version', '--client'])).replace('Client Version:', 'kubectl'),
      namespace,
      sizeMiB: settings.sizeMiB,
      samples: settings.samples,
      runs,
      heals,
      wallSeconds: (performance.now() - started) / 1000,
    });
    await writeFile('bench/portforward.md', report);
    log('wrote bench/portforward.md');
  } finally {
    await cleanUp();
  }
}

await main();
