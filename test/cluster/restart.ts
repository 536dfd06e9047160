/**
 * Fault injection for reliability tests: stops one recorded component of the
 * running cluster and starts it again with the same command line, log file
 * and ports, then waits until it is ready. The state file is updated, so
 * `down` still stops the new process.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPaths, runRoot } from './config';
import { waitReady, type Probe } from './readiness';
import { spawnDetached, stopProcesses } from './processes';
import { acquireLock } from './sharing';
import { readState, writeState } from './state';

export type RestartableComponent = 'etcd' | 'kube-apiserver';

function probeFor(component: RestartableComponent, runDir: string, ports: { etcdClient: number; apiserver: number }): Probe {
  if (component === 'etcd') {
    return { url: `http://127.0.0.1:${ports.etcdClient}/readyz` };
  }
  return { url: `https://127.0.0.1:${ports.apiserver}/readyz`, ca: readFileSync(join(runPaths(runDir).pki, 'ca.crt'), 'utf8') };
}

/**
 * Restarts `component` after `downtimeMs` of it being stopped. Rejects when no
 * cluster runs or the component is not recorded.
 */
export async function restartComponent(component: RestartableComponent, downtimeMs = 0): Promise<void> {
  const runDir = runRoot();
  const paths = runPaths(runDir);
  const release = await acquireLock(runDir, 60_000);
  try {
    const state = readState(paths.state);
    const index = state?.processes.findIndex((candidate) => candidate.name === component) ?? -1;
    const recorded = state?.processes[index];
    if (!state || !recorded) {
      throw new Error(`no running cluster records ${component}; start one with npm run cluster:up`);
    }

    await stopProcesses([recorded]);
    await new Promise((resolve) => setTimeout(resolve, downtimeMs));

    const [binary, ...args] = recorded.command;
    const started = spawnDetached(component, binary!, args, recorded.log);
    state.processes[index] = started;
    writeState(paths.state, state);
    await waitReady(started, probeFor(component, runDir, state.ports), 60_000);
  } finally {
    release();
  }
}
