/**
 * The tenants service on the real local cluster, built the way the app
 * builds it (cluster service, watch cache, scheduler), one connection per
 * kubeconfig user. A member of a new tenant is reached through impersonation
 * from the admin (the `as` field of a kubeconfig user), which needs no
 * certificate of its own.
 */
import { KubeConfig } from '@kubernetes/client-node';
import type { TenantsView } from '../../../shared/models/tenants';
import { createWatchCache, type WatchCache } from '../../../main/cache/watch-cache';
import { createClusterService, type ClusterService } from '../../../main/clusters/service';
import { createScheduler, type Scheduler } from '../../../main/scheduler/scheduler';
import { createTenantsService, type TenantsService } from '../../../main/tenants/service';
import { kubeConfigFor, waitFor, type ClusterUser } from '../cluster/support';

export interface TenantsHarness {
  service: TenantsService;
  clusters: ClusterService;
  /** Connects a kubeconfig; the context id is the label given. */
  connect(label: string, kubeConfig: KubeConfig): Promise<string>;
  dispose(): void;
}

const direct = () => ({ transport: 'direct' as const, signal: new AbortController().signal });

export function createHarness(): TenantsHarness {
  const kubeConfigs = new Map<string, KubeConfig>();
  const scheduler: Scheduler = createScheduler({ perClusterConcurrency: 2 });
  const cache: WatchCache = createWatchCache();
  const clusters = createClusterService({
    kubeconfigs: {
      kubeConfigFor: async (id) => kubeConfigs.get(id)!,
      contextName: async (id) => id,
    },
    scheduler,
    cache,
  });
  const service = createTenantsService({ clusters, cache });
  return {
    service,
    clusters,
    async connect(label, kubeConfig) {
      kubeConfigs.set(label, kubeConfig);
      const status = await clusters.connect({ contextId: label }, direct());
      if (status.state !== 'connected') throw new Error(`could not connect ${label}: ${status.error?.message}`);
      return label;
    },
    dispose() {
      clusters.dispose();
      cache.dispose();
      scheduler.dispose();
    },
  };
}

/** Copies the admin's kubeconfig to act as another user, as `kubectl --as` does. */
export function impersonating(user: string): KubeConfig {
  const kc = kubeConfigFor('admin');
  const exported = JSON.parse(kc.exportConfig()) as { users: { name: string; user: Record<string, unknown> }[] };
  exported.users.forEach((entry) => (entry.user['as'] = user));
  const copy = new KubeConfig();
  copy.loadFromString(JSON.stringify(exported));
  return copy;
}

export function userKubeConfig(user: ClusterUser): KubeConfig {
  return kubeConfigFor(user);
}

/** Subscribes to the view and resolves with the first value that `accept` takes. */
export async function viewUntil(
  service: TenantsService,
  contextId: string,
  namespaces: string[],
  accept: (view: TenantsView) => boolean,
  what: string,
): Promise<TenantsView> {
  let latest: TenantsView | undefined;
  const handle = await service.view({ contextId, namespaces }, (view) => (latest = view), direct());
  try {
    return await waitFor(what, async () => (latest && accept(latest) ? latest : undefined), 30_000);
  } finally {
    handle.dispose();
  }
}

export { direct };
