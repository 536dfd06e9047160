/**
 * The tenants service: the live Tenants view, access checks and the reviewed
 * create/edit step, each on the context's own connection and credentials.
 */
import type { ContractImpl } from '../../shared/contract';
import type { tenantsContract } from '../../shared/contracts/tenants';
import type { KubeObject } from '../../shared/k8s/object';
import { appError } from '../../shared/result';
import { LIMIT_RANGES, localQueues, NAMESPACES, preferredKueueVersion, RESOURCE_QUOTAS, ROLE_BINDINGS } from '../../shared/k8s/tenants-gvr';
import { planFromExisting } from '../../shared/tenants/existing-plan';
import type { BindingObject } from '../../shared/tenants/rbac';
import type { WatchCache } from '../cache/watch-cache';
import type { ClusterService } from '../clusters/service';
import { accessMatrix } from './access';
import { applyPlan, previewPlan } from './apply';
import { listObjects, readObject } from './kube';
import { openTenantsView } from './view-sources';

export interface TenantsServiceOptions {
  clusters: ClusterService;
  cache: WatchCache;
}

export type TenantsService = ContractImpl<typeof tenantsContract>;

export function createTenantsService(options: TenantsServiceOptions): TenantsService {
  const { clusters } = options;

  const kueueVersion = (contextId: string): string | undefined =>
    preferredKueueVersion(clusters.statuses().find((status) => status.contextId === contextId)?.capabilities?.kueue?.versions);

  return {
    view({ contextId, namespaces }, emit) {
      return openTenantsView(options, contextId, namespaces, emit);
    },

    async accessMatrix({ contextId, namespace, subject }) {
      const { kubeConfig } = clusters.connection(contextId);
      const cleaned = subject
        ? { kind: subject.kind, name: subject.name, ...(subject.namespace ? { namespace: subject.namespace } : {}), ...(subject.groups ? { groups: subject.groups } : {}) }
        : undefined;
      return accessMatrix(kubeConfig, namespace, cleaned);
    },

    async loadPlan({ contextId, namespace }) {
      const { kubeConfig: kc } = clusters.connection(contextId);
      const version = kueueVersion(contextId);
      const read = await readObject<KubeObject>(kc, NAMESPACES, namespace);
      if (read.state !== 'found') {
        throw appError(read.state === 'missing' ? 'NotFound' : 'Forbidden', read.state === 'missing'
          ? `Namespace ${namespace} does not exist; create it as a new tenant instead.`
          : `You may not read namespace ${namespace}, so it cannot be edited as a tenant; ask an administrator for get on namespaces.`, { namespace });
      }
      const [quotas, limitRanges, queues, bindings] = await Promise.all([
        listObjects(kc, RESOURCE_QUOTAS, namespace),
        listObjects(kc, LIMIT_RANGES, namespace),
        version ? listObjects(kc, localQueues(version), namespace) : Promise.resolve({ state: 'found' as const, object: [] as KubeObject[] }),
        listObjects<BindingObject>(kc, ROLE_BINDINGS, namespace),
      ]);
      return planFromExisting({
        namespace: read.object,
        quotas: quotas.state === 'found' ? quotas.object : [],
        limitRanges: limitRanges.state === 'found' ? limitRanges.object : [],
        localQueues: queues.state === 'found' ? queues.object : [],
        roleBindings: bindings.state === 'found' ? bindings.object : [],
      });
    },

    async preview({ contextId, plan }) {
      const { kubeConfig } = clusters.connection(contextId);
      return previewPlan(kubeConfig, plan, kueueVersion(contextId));
    },

    async apply({ contextId, plan, digest }) {
      const { kubeConfig } = clusters.connection(contextId);
      return applyPlan(kubeConfig, plan, digest, kueueVersion(contextId));
    },
  };
}
