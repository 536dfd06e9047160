/**
 * Resources of the Queues screen: Kueue (v1beta2, falling back to v1beta1),
 * Kubeflow training jobs, Trainer v2 TrainJobs and batch Jobs, keyed by GVR.
 */
import type { GroupVersionResource } from './gvr';

export const KUEUE_GROUP = 'kueue.x-k8s.io';
export const KUEUE_VISIBILITY_GROUP = 'visibility.kueue.x-k8s.io';
export const KUBEFLOW_TRAINING_GROUP = 'kubeflow.org';
export const KUBEFLOW_TRAINER_GROUP = 'trainer.kubeflow.org';

/** Label that puts a job into a Kueue LocalQueue. */
export const QUEUE_NAME_LABEL = 'kueue.x-k8s.io/queue-name';

export type KueueVersion = 'v1beta2' | 'v1beta1';

/** Kueue versions this app reads, preferred first: v1beta2 is the storage version since Kueue 0.16. */
export const KUEUE_VERSIONS: readonly KueueVersion[] = ['v1beta2', 'v1beta1'];

/** Picks the Kueue version to read from the versions discovery lists; undefined when none is known. */
export function pickKueueVersion(served: readonly string[]): KueueVersion | undefined {
  return KUEUE_VERSIONS.find((version) => served.includes(version));
}

export interface KueueResources {
  clusterQueues: GroupVersionResource;
  localQueues: GroupVersionResource;
  workloads: GroupVersionResource;
  resourceFlavors: GroupVersionResource;
}

export function kueueResources(version: KueueVersion): KueueResources {
  const gvr = (resource: string, kind: string, namespaced: boolean): GroupVersionResource => ({ group: KUEUE_GROUP, version, resource, kind, namespaced });
  return {
    clusterQueues: gvr('clusterqueues', 'ClusterQueue', false),
    localQueues: gvr('localqueues', 'LocalQueue', true),
    workloads: gvr('workloads', 'Workload', true),
    resourceFlavors: gvr('resourceflavors', 'ResourceFlavor', false),
  };
}

export const PYTORCH_JOBS: GroupVersionResource = { group: KUBEFLOW_TRAINING_GROUP, version: 'v1', resource: 'pytorchjobs', kind: 'PyTorchJob', namespaced: true };
export const TF_JOBS: GroupVersionResource = { group: KUBEFLOW_TRAINING_GROUP, version: 'v1', resource: 'tfjobs', kind: 'TFJob', namespaced: true };
export const MPI_JOBS: GroupVersionResource = { group: KUBEFLOW_TRAINING_GROUP, version: 'v1', resource: 'mpijobs', kind: 'MPIJob', namespaced: true };
export const TRAIN_JOBS: GroupVersionResource = { group: KUBEFLOW_TRAINER_GROUP, version: 'v1alpha1', resource: 'trainjobs', kind: 'TrainJob', namespaced: true };
export const BATCH_JOBS: GroupVersionResource = { group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job', namespaced: true };

/** Kubeflow training operator v1 kinds this app lists. */
export const TRAINING_JOB_RESOURCES: readonly GroupVersionResource[] = [PYTORCH_JOBS, TF_JOBS, MPI_JOBS];

/** Every job resource, by kind. */
export const JOB_RESOURCES: Readonly<Record<string, GroupVersionResource>> = {
  PyTorchJob: PYTORCH_JOBS,
  TFJob: TF_JOBS,
  MPIJob: MPI_JOBS,
  TrainJob: TRAIN_JOBS,
  Job: BATCH_JOBS,
};

/** Path of Kueue's on-demand list of a ClusterQueue's pending workloads, with their positions. */
export function clusterQueuePendingWorkloadsPath(version: KueueVersion, clusterQueue: string): string {
  return `/apis/${KUEUE_VISIBILITY_GROUP}/${version}/clusterqueues/${encodeURIComponent(clusterQueue)}/pendingworkloads`;
}

/** Path of the same list for one LocalQueue, which tenants are more often allowed to read. */
export function localQueuePendingWorkloadsPath(version: KueueVersion, namespace: string, localQueue: string): string {
  return `/apis/${KUEUE_VISIBILITY_GROUP}/${version}/namespaces/${encodeURIComponent(namespace)}/localqueues/${encodeURIComponent(localQueue)}/pendingworkloads`;
}
