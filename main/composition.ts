/**
 * The composition root: builds every main-process service once and registers
 * it on a ServiceHost. Electron (main/app) and browser mode (main/browser)
 * both start the app through here, so they serve exactly the same services.
 */
import { join } from 'node:path';
import { clustersContract, kubeconfigContract, overviewContract } from '../shared/contracts';
import { logsContract, terminalsContract } from '../shared/contracts';
import { appError } from '../shared/result';
import { createWatchCache } from './cache/watch-cache';
import { createClusterService, type KubeConfigSource } from './clusters/service';
import { createKubeconfigService } from './kubeconfig';
import { createLogger } from './log';
import { createLogService } from './logs/service';
import { createScheduler } from './scheduler/scheduler';
import { createTenantsService } from './tenants/service';
import { tenantsContract } from '../shared/contracts';
import { createTerminalService } from './terminals/service';
import { createServiceHost, type ServiceHost } from './transport/host';
import { createOverviewService } from './views/overview-service';
import { queuesContract } from '../shared/contracts/queues';
import { createQueuesService } from './queues/service';
import { defaultTemplatesDir } from './queues/templates';
import { gpuContract } from '../shared/contracts/gpu';
import { createGpuService } from './gpu/service';
import { createPortForwardService } from './portforward/service';
import { notebooksContract } from '../shared/contracts/notebooks';
import { portforwardContract } from '../shared/contracts/portforward';
import { createNotebookService } from './notebooks/service';
import { defaultNotebookTemplatesDir } from './notebooks/template';
import { endpointsContract } from '../shared/contracts/endpoints';
import { createEndpointsService } from './endpoints/service';
import { createEndpointTemplates, defaultEndpointTemplatesDir } from './endpoints/templates';

const log = createLogger('app');

/** How long the app waits with no renderer connected before it pauses periodic work. */
const IDLE_PAUSE_MS = 60_000;

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
  const queues = createQueuesService({ clusters, cache, scheduler, templatesDir: defaultTemplatesDir(import.meta.dirname) });
  const terminals = createTerminalService({ clusters });
  const logs = createLogService({ clusters });
  // NOTE: the GPU sampler's forwards go through a manager of their own until the shared one is
  // registered here; its folder is separate so it never touches the user's kept forwards.
  const gpuForwards = createPortForwardService({ clusters, cache, userDataDir: join(options.userDataDir, 'gpu') });
  const gpu = createGpuService({
    clusters,
    cache,
    scheduler,
    userDataDir: options.userDataDir,
    forwards: {
      startForward: (input) => gpuForwards.startForward(input),
      stopForward: async (id) => {
        await gpuForwards.stop({ id }, { transport: 'direct', signal: new AbortController().signal });
      },
    },
  });

  // NOTE: like the GPU sampler, "try it" uses a forward manager of its own until the shared one is registered here.
  const endpointForwards = createPortForwardService({ clusters, cache, userDataDir: join(options.userDataDir, 'endpoints') });
  const endpoints = createEndpointsService({
    clusters,
    cache,
    portforward: endpointForwards,
    templates: createEndpointTemplates(defaultEndpointTemplatesDir(import.meta.dirname)),
  });

  const portforward = createPortForwardService({ clusters, cache, userDataDir: options.userDataDir });
  const notebooks = createNotebookService({ clusters, cache, portforward, templatesDir: defaultNotebookTemplatesDir(import.meta.dirname) });
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
      await notebooks.dispose();
      await portforward.dispose();
      await gpu.dispose();
      await gpuForwards.dispose();
      await endpoints.dispose();
      await endpointForwards.dispose();
      queues.dispose();
      terminals.dispose();
      clusters.dispose();
      cache.dispose();
      scheduler.dispose();
      kubeconfig.dispose();
    },
  };
}
