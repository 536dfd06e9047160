import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { ClusterPorts } from './config';
import { isAlive, type ManagedProcess } from './processes';
import type { ProfileName } from './profile';

/**
 * The state file of the running cluster. `up` writes it after every started
 * process, so a crash or Ctrl-C half-way still leaves a list for `down`.
 */

export interface ClusterState {
  /** Profile being started or running. */
  profile: ProfileName;
  /** Who started it: `up` ('cli') or a test run's global setup ('tests'), which also stops it. */
  startedBy: 'cli' | 'tests';
  /** 'starting' until every component and the profile are ready. */
  phase: 'starting' | 'running';
  /** PID of the `up` process while phase is 'starting'. */
  launcherPid: number;
  startedAt: string;
  readyAt?: string;
  ports: ClusterPorts;
  binDir: string;
  runDir: string;
  kubeconfigDir: string;
  /** Kubeconfig path by user: admin, alice, bob. */
  kubeconfigs: Record<string, string>;
  /** Started processes in start order; `down` stops them in reverse. */
  processes: ManagedProcess[];
  /** Facts profiles publish for tests, e.g. the Jupyter URL and token. */
  info: Record<string, string>;
}

/** Reads the state file, or undefined when there is none. */
export function readState(path: string): ClusterState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as ClusterState;
  } catch (error) {
    throw new Error(`cluster state file ${path} is not valid JSON (${(error as Error).message}); delete it after checking that no cluster process is left (ps)`, { cause: error });
  }
}

/** Writes the state file atomically so a reader never sees half a file. */
export function writeState(path: string, state: ClusterState): void {
  writeFileSync(`${path}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

/** Processes of the state that are still running. */
export function liveProcesses(state: ClusterState): ManagedProcess[] {
  return state.processes.filter(isAlive);
}
