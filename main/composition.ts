/**
 * The composition root: builds every main-process service once and registers
 * it on a ServiceHost. Electron (main/app) and browser mode (main/browser)
 * both start the app through here, so they serve exactly the same services.
 */
import { join, resolve } from 'node:path';
import { clustersContract, kubeconfigContract, logsContract, overviewContract, tenantsContract, terminalsContract } from '../shared/contracts';
import { endpointsContract } from '../shared/contracts/endpoints';
import { gpuContract } from '../shared/contracts/gpu';
import { notebooksContract } from '../shared/contracts/notebooks';
import { portforwardContract } from '../shared/contracts/portforward';
import { queuesContract } from '../shared/contracts/queues';
import { appError } from '../shared/result';
import { createWatchCache } from './cache/watch-cache';
import type { WatchStreams } from './cache/watch-stream/streams';
import { createClusterService, type KubeConfigSource } from './clusters/service';
import { createEndpointsService } from './endpoints/service';
import { createEndpointTemplates } from './endpoints/templates';
import { createGpuService } from './gpu/service';
import { createKubeconfigService } from './kubeconfig';
import { createLogger } from './log';
import { createLogService } from './logs/service';
import { createNotebookService } from './notebooks/service';
import { createPortForwardService } from './portforward/service';
import { createQueuesService } from './queues/service';
import { createScheduler } from './scheduler/scheduler';
import { createTenantsService } from './tenants/service';
import { createTerminalService } from './terminals/service';
import { createServiceHost, type ServiceHost } from './transport/host';
import { createOverviewService } from './views/overview-service';

const log = createLogger('app');

/** How long the app waits with no renderer connected before it pauses periodic work. */
const IDLE_PAUSE_MS = 60_000;

export interface AppOptions {
  /** Folder for the app's own state: imported kubeconfigs, settings. */
  userDataDir: string;
  /** Environment to read KUBECONFIG, HOME and SHELL from; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** Browser mode's --kubeconfig value: kubeconfig files that replace the KUBECONFIG list. */
  kubeconfigOption?: string;
  /**
   * Folder of the templates the app creates objects from (jobs/, notebooks/, endpoints/).
   * Defaults to the repository's resources/ when main runs from source; the Electron
   * shell passes the folder electron-builder packs next to the app.
   */
  resourcesDir?: string;
  /** Watch kubeconfig files for changes (default true; tests may turn it off). */
  watchFiles?: boolean;
  /** Reader of the watch streams, by default a worker thread of the app's own. The benchmark passes one to read its byte counts. */
  watchStreams?: WatchStreams;
}

export interface App {
  host: ServiceHost;
  dispose(): Promise<void>;
}

/** The repository's resources/ folder, when main runs from its sources (browser mode, tests). */
function sourceResourcesDir(): string {
  const here = import.meta.dirname as string | undefined;
  if (!here) {
    throw new Error('resourcesDir is required when main runs from a bundle; pass the folder of the packed resources');
  }
  return resolve(here, '..', 'resources');
}

export async function createApp(options: AppOptions): Promise<App> {
  const resourcesDir = options.resourcesDir ?? sourceResourcesDir();
  const host = createServiceHost();
  const scheduler = createScheduler({ perClusterConcurrency: 2 });
  const cache = createWatchCache(options.watchStreams ? { streams: options.watchStreams } : {});
  const kubeconfig = createKubeconfigService({
    storeDir: join(options.userDataDir, 'kubeconfigs'),
    ...(options.env ? { env: options.env } : {}),
    ...(options.kubeconfigOption ? { kubeconfigOption: options.kubeconfigOption } : {}),
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
  const queues = createQueuesService({ clusters, cache, scheduler, templatesDir: join(resourcesDir, 'jobs') });
  const terminals = createTerminalService({ clusters });
  const logs = createLogService({ clusters });
  // One forward manager serves the user's forwards, notebooks, the GPU sampler's Prometheus
  // forward and "try it", so every open local port shows on the Sessions screen.
  const portforward = createPortForwardService({ clusters, cache, userDataDir: options.userDataDir });
  const gpu = createGpuService({
    clusters,
    cache,
    scheduler,
    userDataDir: options.userDataDir,
    // One builder derives each pod for the Overview and the GPU view. At 50,000 pods a second
    // copy cost about 25 MiB and a second walk on every change.
    allocation: overview.allocation,
    forwards: {
      startForward: (input) => portforward.startForward(input),
      stopForward: async (id) => {
        await portforward.stop({ id }, { transport: 'direct', signal: new AbortController().signal });
      },
    },
  });

  const endpoints = createEndpointsService({
    clusters,
    cache,
    portforward,
    templates: createEndpointTemplates(join(resourcesDir, 'endpoints')),
  });

  const notebooks = createNotebookService({ clusters, cache, portforward, templatesDir: join(resourcesDir, 'notebooks') });
  // Kept forwards only listen until their first connection, so restoring them opens no stream.
  void portforward.restore().catch((error: unknown) => log.error('kept forwards not restored', { err: error }));

  host.register(kubeconfigContract, kubeconfig);
  host.register(clustersContract, clusters);
  host.register(overviewContract, overview);
  host.register(queuesContract, queues);
  host.register(tenantsContract, createTenantsService({ clusters, cache }));
  host.register(terminalsContract, terminals);
  host.register(logsContract, logs);
  host.register(gpuContract, gpu);
  host.register(endpointsContract, endpoints);
  host.register(portforwardContract, portforward);
  host.register(notebooksContract, notebooks);
  log.info('services ready', { count: host.channels().length });

  // Periodic work pauses while no window or browser tab is connected, after a grace period
  // that covers a page reload.
  let idleTimer: NodeJS.Timeout | undefined;
  const idleWatch = host.onConnectionCount((count) => {
    clearTimeout(idleTimer);
    if (count > 0) {
      scheduler.setPausedAll(false);
      return;
    }
    idleTimer = setTimeout(() => scheduler.setPausedAll(true), IDLE_PAUSE_MS);
    idleTimer.unref();
  });

  return {
    host,
    dispose: async () => {
      idleWatch.dispose();
      clearTimeout(idleTimer);
      overview.dispose();
      // Users of the forward manager go first, so their forwards stop before the manager does.
      await notebooks.dispose();
      await gpu.dispose();
      await endpoints.dispose();
      await portforward.dispose();
      queues.dispose();
      terminals.dispose();
      clusters.dispose();
      cache.dispose();
      scheduler.dispose();
      kubeconfig.dispose();
    },
  };
}
