/**
 * The composition root: builds every main-process service once and registers
 * it on a ServiceHost. Electron (main/app) and browser mode (main/browser)
 * both start the app through here, so they serve exactly the same services.
 */
import { join } from 'node:path';
import { clustersContract, kubeconfigContract, overviewContract } from '../shared/contracts';
import { appError } from '../shared/result';
import { createWatchCache } from './cache/watch-cache';
import { createClusterService, type KubeConfigSource } from './clusters/service';
import { createKubeconfigService } from './kubeconfig';
import { createLogger } from './log';
import { createScheduler } from './scheduler/scheduler';
import { createServiceHost, type ServiceHost } from './transport/host';
import { createOverviewService } from './views/overview-service';

const log = createLogger('app');

export interface AppOptions {
  /** Folder for the app's own state: imported kubeconfigs, settings. */
  userDataDir: string;
  /** Environment to read KUBECONFIG, HOME and SHELL from; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** Watch kubeconfig files for changes (default true; tests may turn it off). */
  watchFiles?: boolean;
}

export interface App {
  host: ServiceHost;
  dispose(): Promise<void>;
}

export async function createApp(options: AppOptions): Promise<App> {
  const host = createServiceHost();
  const scheduler = createScheduler({ perClusterConcurrency: 2 });
  const cache = createWatchCache();
  const kubeconfig = createKubeconfigService({
    storeDir: join(options.userDataDir, 'kubeconfigs'),
    ...(options.env ? { env: options.env } : {}),
    watch: options.watchFiles ?? true,
  });

  const source: KubeConfigSource = {
    kubeConfigFor: (contextId) => kubeconfig.kubeConfigFor(contextId),
    contextName: async (contextId) => {
      const snapshot = await kubeconfig.reload();
      const context = snapshot.contexts.find((candidate) => candidate.id === contextId);
      if (!context) {
        throw appError('NotFound', `Context ${contextId} is not in any loaded kubeconfig file; reload the Clusters screen.`);
      }
      return context.name;
    },
  };
  const clusters = createClusterService({ kubeconfigs: source, scheduler, cache });
  const overview = createOverviewService({ clusters, cache });

  host.register(kubeconfigContract, kubeconfig);
  host.register(clustersContract, clusters);
  host.register(overviewContract, overview);
  log.info('services ready', { count: host.channels().length });

  return {
    host,
    dispose: async () => {
      overview.dispose();
      clusters.dispose();
      cache.dispose();
      scheduler.dispose();
      kubeconfig.dispose();
    },
  };
}
