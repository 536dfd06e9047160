import type { TestProject } from 'vitest/node';

import { downCluster, ensureCluster } from '../../cluster/launcher';
import '../cluster/global-setup';

/**
 * Global setup for the demo profile's tests (vitest.demo.config.ts): reuses a
 * running demo cluster or starts one, and provides the same `cluster` value
 * as the integration project's setup, so the shared helpers work unchanged.
 * Stops the cluster afterwards only if it started it and DRUN_CLUSTER_KEEP
 * is not set.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = (line: string) => process.stderr.write(`[cluster] ${line}\n`);
  const { started, state } = await ensureCluster('demo', log);
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
    if (!started || process.env['DRUN_CLUSTER_KEEP'] === '1') return;
    await downCluster(log);
  };
}
