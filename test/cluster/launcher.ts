import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createAdminClient, type AdminClient } from './admin-client';
import { ensureBinaries } from './binaries';
import { baseObjects } from './bootstrap';
import * as components from './components';
import { execDir, portEnvNames, resolvePorts, runPaths, runRoot, type ClusterPorts, type RunPaths } from './config';
import { createContext } from './context';
import { findKwokDir, kwokCrdPaths, prepareExecDir, writeKwokConfig } from './kwok';
import { createPki, type Pki } from './pki';
import type { Profile, ProfileName } from './profile';
import { loadProfile, profileSatisfies } from './profiles';
import { waitForCrdsEstablished } from './crd-wait';
import { isAlive, spawnDetached, stopProcesses, type ManagedProcess } from './processes';
import { assertPortFree, get, waitReady } from './readiness';
import { acquireLock, registerUser, unregisterUser } from './sharing';
import { liveProcesses, readState, writeState, type ClusterState } from './state';
import { allIdentities, components as componentIdentities, users } from './users';
import { writeKubeconfigs } from './users';

/**
 * Starts, inspects and stops the one local cluster recorded in the run
 * folder. Used by cli.ts and by the integration tests' global setup.
 */

export interface UpResult {
  /** False when a cluster was already running and nothing was started. */
  started: boolean;
  state: ClusterState;
}

type Log = (line: string) => void;
const quiet: Log = () => undefined;

async function assertPortsFree(ports: ClusterPorts): Promise<void> {
  for (const [key, port] of Object.entries(ports) as Array<[keyof ClusterPorts, number]>) {
    await assertPortFree(port, key, portEnvNames[key]);
  }
}

async function prepareRunFolder(paths: RunPaths): Promise<void> {
  // The old run's etcd data, PKI and logs belong to a stopped cluster.
  await rm(paths.runDir, { recursive: true, force: true });
  for (const dir of [paths.runDir, paths.pki, paths.kubeconfigDir, paths.internalKubeconfigDir, paths.logs, paths.podLogs]) {
    await mkdir(dir, { recursive: true });
  }
  await rm(execDir(), { recursive: true, force: true });
  await prepareExecDir(execDir());
}

interface Startup {
  state: ClusterState;
  paths: RunPaths;
  save(): void;
  record(process: ManagedProcess): void;
}

async function startComponent(startup: Startup, spec: components.ComponentSpec, log: Log): Promise<void> {
  const started = Date.now();
  const process_ = spawnDetached(spec.name, spec.binary, spec.args, join(startup.paths.logs, `${spec.name}.log`));
  startup.record(process_);
  await waitReady(process_, spec.ready, spec.readyTimeoutMs);
  log(`  ${spec.name} ready in ${((Date.now() - started) / 1000).toFixed(1)} s (pid ${process_.pid})`);
}

async function installKwokCrds(admin: AdminClient, kwokDir: string): Promise<void> {
  const files = kwokCrdPaths(kwokDir);
  await admin.kubectl(['apply', '--server-side', '--field-manager=drun-cluster', ...files.flatMap((file) => ['-f', file])]);
  await waitForCrdsEstablished((args) => admin.kubectl(args), files.flatMap((file) => ['-f', file]));
}

async function startControlPlane(startup: Startup, profile: Profile, pki: Pki, kwokDir: string, log: Log): Promise<AdminClient> {
  const { state, paths } = startup;
  const identities = [...Object.values(componentIdentities)];
  const internal = await writeKubeconfigs(pki, identities, `https://127.0.0.1:${state.ports.apiserver}`, paths.internalKubeconfigDir);
  const inputs: components.ComponentInputs = {
    binDir: state.binDir,
    paths,
    ports: state.ports,
    pki,
    kubeconfigs: internal,
    kwokDir,
    kwokStages: profile.kwokStages ?? ['stage/fast'],
  };
  const adminKubeconfig = state.kubeconfigs['admin'];
  if (!adminKubeconfig) throw new Error('launcher: no admin kubeconfig');

  await startComponent(startup, components.etcd(inputs), log);
  await startComponent(startup, await components.apiserver(inputs), log);

  const admin = await createAdminClient(state.binDir, adminKubeconfig, pki, state.ports.apiserver);
  await admin.apply(baseObjects());
  await installKwokCrds(admin, kwokDir);
  await writeKwokConfig(paths.kwokConfig, { execDir: execDir(), defaultLogsFile: join(paths.podLogs, 'default.log') });

  await startComponent(startup, components.controllerManager(inputs), log);
  await startComponent(startup, components.scheduler(inputs), log);
  await startComponent(startup, components.kwok(inputs), log);
  return admin;
}

/** Stops everything `state` recorded, newest first, and removes the state file's process list. */
async function stopRecorded(state: ClusterState, statePath: string): Promise<void> {
  await stopProcesses([...state.processes].reverse());
  await rm(statePath, { force: true });
  await rm(execDir(), { recursive: true, force: true });
}

/**
 * Starts a cluster with `profileName`, or returns the running one. Builds the
 * binaries first when the cache has none. Rejects at once when another
 * process is starting or stopping the cluster. On failure or SIGINT/SIGTERM,
 * stops every process it started and rethrows (or exits 130 on a signal).
 */
export async function upCluster(profileName: ProfileName, log: Log = quiet): Promise<UpResult> {
  const release = await acquireLock(runRoot(), 0);
  try {
    return await startLocked(profileName, 'cli', log);
  } finally {
    release();
  }
}

/** Starts a cluster unless a healthy one runs; the caller holds the lock. */
async function startLocked(profileName: ProfileName, startedBy: ClusterState['startedBy'], log: Log): Promise<UpResult> {
  const profile = await loadProfile(profileName);
  const paths = runPaths(runRoot());
  const previous = readState(paths.state);
  if (previous && liveProcesses(previous).length > 0) {
    if (previous.phase === 'running' && liveProcesses(previous).length === previous.processes.length) {
      return { started: false, state: previous };
    }
    log(`a previous cluster (profile ${previous.profile}) is partly running; stopping what is left of it`);
    await stopRecorded(previous, paths.state);
  }

  const ports = resolvePorts();
  await assertPortsFree(ports);
  const binDir = await ensureBinaries();
  const kwokDir = await findKwokDir(join(import.meta.dirname, 'tools', 'kwok'));
  const startedAt = Date.now();
  await prepareRunFolder(paths);

  const state: ClusterState = {
    profile: profileName,
    startedBy,
    phase: 'starting',
    launcherPid: process.pid,
    startedAt: new Date(startedAt).toISOString(),
    ports,
    binDir,
    runDir: paths.runDir,
    kubeconfigDir: paths.kubeconfigDir,
    kubeconfigs: {},
    processes: [],
    info: {},
  };
  // Ctrl-C or a TERM during startup: stop what was started, then exit. The
  // main flow notices too (its next step fails) and waits for the same stop.
  let interrupted: NodeJS.Signals | undefined;
  let stopping: Promise<void> | undefined;
  const stopAll = () => (stopping ??= stopRecorded(state, paths.state));
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = signal;
    process.stderr.write(`\n${signal}: stopping the ${state.processes.length} cluster processes started so far\n`);
    void stopAll().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const startup: Startup = {
    state,
    paths,
    save: () => writeState(paths.state, state),
    record(process_) {
      if (interrupted) {
        // Started after the stop began, so the stop's list misses it.
        process.kill(process_.pid, 'SIGKILL');
        throw new Error(`${process_.name} was started after ${interrupted}; killed it`);
      }
      state.processes.push(process_);
      writeState(paths.state, state);
    },
  };
  startup.save();

  try {
    log(`starting cluster (profile ${profileName}) in ${paths.runDir}`);
    const pki = await createPki(paths.pki, allIdentities);
    state.kubeconfigs = await writeKubeconfigs(pki, Object.values(users), `https://127.0.0.1:${ports.apiserver}`, paths.kubeconfigDir);
    startup.save();

    const admin = await startControlPlane(startup, profile, pki, kwokDir, log);
    await admin.waitForPath('/api/v1/namespaces/default/serviceaccounts/default', 'the default ServiceAccount (created by kube-controller-manager)');

    const context = createContext({
      profile: profileName,
      paths,
      binDir,
      kwokDir,
      ports,
      adminKubeconfig: state.kubeconfigs['admin'] ?? '',
      admin,
      record: (process_) => startup.record(process_),
      publish(key, value) {
        state.info[key] = value;
        startup.save();
      },
    });
    await profile.startLocalServers(context);
    await profile.seed(context);

    state.phase = 'running';
    state.readyAt = new Date().toISOString();
    startup.save();
    log(`cluster ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    return { started: true, state };
  } catch (error) {
    await stopAll();
    if (interrupted) throw new Error(`interrupted by ${interrupted}; stopped every process started so far`, { cause: error });
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Stops the recorded cluster; returns the names of the processes it stopped (none when no cluster was recorded). */
export async function downCluster(log: Log = quiet): Promise<string[]> {
  const paths = runPaths(runRoot());
  const state = readState(paths.state);
  if (!state) return [];
  const live = liveProcesses(state);
  log(`stopping ${live.length} processes: ${live.map((p) => `${p.name} (${p.pid})`).join(', ') || 'none left'}`);
  await stopRecorded(state, paths.state);
  const left = state.processes.filter(isAlive);
  if (left.length > 0) {
    throw new Error(`processes still running after SIGKILL: ${left.map((p) => `${p.name} (${p.pid})`).join(', ')}`);
  }
  return live.map((p) => p.name);
}

export interface ClusterStatus {
  state: ClusterState | undefined;
  /** Name to running or not, in start order. */
  processes: Array<{ name: string; pid: number; running: boolean; log: string }>;
  /** Result of GET /readyz on the API server, when a cluster is recorded. */
  apiserverReady: boolean;
}

/** Reports the recorded cluster, its processes and whether the API server is ready. */
export async function clusterStatus(): Promise<ClusterStatus> {
  const state = readState(runPaths(runRoot()).state);
  if (!state) return { state, processes: [], apiserverReady: false };
  const processes = state.processes.map((p) => ({ name: p.name, pid: p.pid, running: isAlive(p), log: p.log }));
  let apiserverReady: boolean;
  try {
    apiserverReady = (await get({ url: `https://127.0.0.1:${state.ports.apiserver}/readyz`, insecure: true })).status === 200;
  } catch {
    // Connection refused or timed out: the API server is down, which is what status reports.
    apiserverReady = false;
  }
  return { state, processes, apiserverReady };
}

/** Minutes a test run waits for another process that starts the cluster; covers a cold build. */
const ensureWaitMs = 20 * 60_000;

/**
 * Returns a running cluster that serves `profileName` (the same profile, or
 * one that includes it), starting one when none runs, and records this
 * process as a user of it (see `releaseCluster`). Waits while another process
 * starts the cluster. Rejects when a cluster of an unrelated profile runs,
 * rather than stopping someone's demo.
 */
export async function ensureCluster(profileName: ProfileName, log: Log = quiet): Promise<UpResult> {
  const release = await acquireLock(runRoot(), ensureWaitMs, log);
  try {
    const status = await clusterStatus();
    const state = status.state;
    const healthy = state !== undefined && state.phase === 'running' && status.apiserverReady && status.processes.every((p) => p.running);

    let result: UpResult;
    if (state && healthy) {
      if (!(await profileSatisfies(state.profile, profileName))) {
        throw new Error(
          `a cluster of profile ${state.profile} is running, which does not include profile ${profileName}; ` +
            'stop it with npm run cluster:down and run again',
        );
      }
      result = { started: false, state };
    } else {
      if (state && status.processes.some((p) => p.running)) {
        log(`the recorded cluster (profile ${state.profile}) is not healthy; stopping it`);
        await stopRecorded(state, runPaths(runRoot()).state);
      }
      result = await startLocked(profileName, 'tests', log);
    }
    registerUser(runRoot());
    return result;
  } finally {
    release();
  }
}

/**
 * Ends this process's use of the cluster. Stops the cluster when it was
 * started by a test run, no other test run still uses it, and `keep` is false;
 * a cluster started with `up` keeps running. Returns true when it stopped it.
 */
export async function releaseCluster(keep: boolean, log: Log = quiet): Promise<boolean> {
  const release = await acquireLock(runRoot(), ensureWaitMs, log);
  try {
    const others = unregisterUser(runRoot());
    const paths = runPaths(runRoot());
    const state = readState(paths.state);
    if (!state || state.startedBy !== 'tests' || others > 0 || keep) {
      if (state && others > 0) log(`leaving the cluster running for ${others} other test run(s)`);
      return false;
    }
    log('stopping the cluster this test run started');
    await stopRecorded(state, paths.state);
    return true;
  } finally {
    release();
  }
}
