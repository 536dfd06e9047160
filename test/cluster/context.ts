import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AdminClient } from './admin-client';
import type { ClusterPorts, RunPaths } from './config';
import { podRouteObjects, touch } from './kwok';
import type { ClusterContext, ProfileName, ReadyProbe } from './profile';
import { spawnDetached, type ManagedProcess } from './processes';
import { waitReady } from './readiness';

/** What the launcher hands to `createContext`. */
export interface ContextInputs {
  profile: ProfileName;
  paths: RunPaths;
  binDir: string;
  kwokDir: string;
  ports: ClusterPorts;
  adminKubeconfig: string;
  admin: AdminClient;
  /** Records a started process in the state file before anything waits on it. */
  record(process: ManagedProcess): void;
  publish(key: string, value: string): void;
}

/** Builds the ClusterContext that profiles use, on top of the launcher's admin client. */
export function createContext(inputs: ContextInputs): ClusterContext {
  const { paths, admin } = inputs;

  return {
    profile: inputs.profile,
    runDir: paths.runDir,
    kubeconfigDir: paths.kubeconfigDir,
    adminKubeconfig: inputs.adminKubeconfig,
    binDir: inputs.binDir,
    kwokDir: inputs.kwokDir,
    ports: inputs.ports,
    kubectl: admin.kubectl,
    apply: admin.apply,
    publish: inputs.publish,

    waitForServiceAccount(namespace) {
      return admin.waitForPath(
        `/api/v1/namespaces/${encodeURIComponent(namespace)}/serviceaccounts/default`,
        `the default ServiceAccount in namespace ${namespace} (created by kube-controller-manager)`,
      );
    },

    async spawnManaged(name, command, args, options = {}) {
      await mkdir(paths.logs, { recursive: true });
      const spawnOptions = {
        ...(options.env ? { env: options.env } : {}),
        ...(options.cwd ? { cwd: options.cwd } : {}),
      };
      const process_ = spawnDetached(name, command, args, join(paths.logs, `${name}.log`), spawnOptions);
      inputs.record(process_);
      const ready: ReadyProbe | undefined = options.ready;
      if (ready) await waitReady(process_, { url: ready.url }, ready.timeoutMs ?? 60_000);
    },

    async routePod(route) {
      const logsFile = route.logsFile ?? join(paths.podLogs, route.namespace, `${route.name}.log`);
      await touch(logsFile);
      await admin.apply(podRouteObjects(route, logsFile));
      return { logsFile };
    },
  };
}
