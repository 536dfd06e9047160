import type { TestProject } from 'vitest/node';
import { ensureCluster, releaseCluster } from '../../cluster/launcher';

/** What integration tests read with `inject('cluster')`. */
export interface ProvidedCluster {
  profile: string;
  /** Kubeconfig path by user: admin, alice, bob. */
  kubeconfigs: Record<string, string>;
  binDir: string;
  runDir: string;
  apiserverPort: number;
  /** Facts the profile published, such as `jupyter.token`. */
  info: Record<string, string>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    cluster: ProvidedCluster;
  }
}

/**
 * Reuses a running cluster that serves the `test` profile, or starts one (a
 * cold build of the binaries can take ten minutes). Afterwards stops a
 * cluster that a test run started once no other test run uses it, unless
 * DRUN_CLUSTER_KEEP=1; a cluster started with `npm run cluster:up` keeps running.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = (line: string) => process.stderr.write(`[cluster] ${line}\n`);
  const { started, state } = await ensureCluster('test', log);
  log(started ? `started profile ${state.profile}` : `reusing the running cluster (profile ${state.profile})`);

  project.provide('cluster', {
    profile: state.profile,
    kubeconfigs: state.kubeconfigs,
    binDir: state.binDir,
    runDir: state.runDir,
    apiserverPort: state.ports.apiserver,
    info: state.info,
  });

  return async () => {
    await releaseCluster(process.env['DRUN_CLUSTER_KEEP'] === '1', log);
  };
}
