/**
 * The lists the Queues screen watches on a cluster, chosen from what discovery
 * found: Kueue in the version it serves, the Kubeflow job kinds, TrainJobs,
 * batch Jobs and pods; and the scope (all namespaces, or the context's own
 * namespace for a tenant who may not list across namespaces).
 */
import type { GroupVersionResource } from '../../shared/k8s/gvr';
import { PODS } from '../../shared/k8s/gvr';
import { BATCH_JOBS, KUBEFLOW_TRAINER_GROUP, KUBEFLOW_TRAINING_GROUP, KUEUE_GROUP, kueueResources, pickKueueVersion, TRAIN_JOBS, TRAINING_JOB_RESOURCES, type KueueVersion } from '../../shared/k8s/queues-gvr';
import type { ClusterCapabilities, PermissionCheck } from '../../shared/models/cluster';
import type { JobKind } from '../../shared/models/queues';

export type SourceRole = 'clusterQueues' | 'localQueues' | 'workloads' | 'jobs' | 'pods';

export interface Source {
  role: SourceRole;
  gvr: GroupVersionResource;
  /** Set for namespaced lists limited to one namespace. */
  namespace?: string;
  jobKind?: JobKind;
}

export interface SourcePlan {
  kueueVersion?: KueueVersion;
  kubeflowTraining: boolean;
  kubeflowTrainer: boolean;
  /** API groups the screen would use but the cluster does not serve. */
  missing: string[];
  namespace?: string;
  sources: Source[];
}

/**
 * Returns the namespace that lists are limited to. A tenant often may not list
 * pods in all namespaces, and then every namespaced list uses the context's
 * namespace, as kubectl's default does.
 */
export function listScope(permissions: readonly PermissionCheck[] | undefined, contextNamespace: string): string | undefined {
  const listPods = permissions?.find((check) => check.verb === 'list' && check.resource === 'pods' && !check.namespace && !check.subresource);
  return listPods && !listPods.allowed ? contextNamespace : undefined;
}

export function planSources(capabilities: ClusterCapabilities | undefined, namespace: string | undefined): SourcePlan {
  const scoped = (role: SourceRole, gvr: GroupVersionResource, jobKind?: JobKind): Source => ({
    role,
    gvr,
    ...(gvr.namespaced && namespace ? { namespace } : {}),
    ...(jobKind ? { jobKind } : {}),
  });
  const missing: string[] = [];
  const sources: Source[] = [];

  const kueueVersion = pickKueueVersion(capabilities?.kueue?.versions ?? []);
  if (kueueVersion) {
    const kueue = kueueResources(kueueVersion);
    sources.push(scoped('clusterQueues', kueue.clusterQueues), scoped('localQueues', kueue.localQueues), scoped('workloads', kueue.workloads));
  } else {
    missing.push(KUEUE_GROUP);
  }

  const kubeflowTraining = capabilities?.kubeflowTraining?.versions.includes('v1') ?? false;
  if (kubeflowTraining) {
    sources.push(...TRAINING_JOB_RESOURCES.map((gvr) => scoped('jobs', gvr, gvr.kind as JobKind)));
  } else {
    missing.push(KUBEFLOW_TRAINING_GROUP);
  }

  const kubeflowTrainer = capabilities?.kubeflowTrainer?.versions.includes(TRAIN_JOBS.version) ?? false;
  if (kubeflowTrainer) {
    sources.push(scoped('jobs', TRAIN_JOBS, 'TrainJob'));
  } else {
    missing.push(KUBEFLOW_TRAINER_GROUP);
  }

  sources.push(scoped('jobs', BATCH_JOBS, 'Job'), scoped('pods', PODS));
  return { ...(kueueVersion ? { kueueVersion } : {}), kubeflowTraining, kubeflowTrainer, missing, ...(namespace ? { namespace } : {}), sources };
}
