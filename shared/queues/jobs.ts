/**
 * Job rows from Kubeflow training jobs (kubeflow.org/v1), Trainer v2
 * TrainJobs and batch Jobs: replicas, accelerator requests, state and progress.
 */
import type { KubeObject } from '../k8s/object';
import { QUEUE_NAME_LABEL } from '../k8s/queues-gvr';
import type { JobKind, JobRow, JobState, ReplicaView } from '../models/queues';
import { addQuantities, formatQuantity, multiplyQuantity, type Quantity } from '../resources/quantity';
import { podEffectiveRequests } from '../resources/requests';
import type { PodLike } from '../resources/types';
import { conditionView, decideJobState, type ConditionLike } from './conditions';

interface ReplicaSpecLike {
  replicas?: number;
  template?: PodLike;
}

interface ReplicaStatusLike {
  active?: number;
  succeeded?: number;
  failed?: number;
}

export interface JobLike extends KubeObject {
  spec?: Record<string, unknown>;
  status?: {
    conditions?: ConditionLike[];
    replicaStatuses?: Record<string, ReplicaStatusLike>;
    jobsStatus?: Array<{ name?: string; active?: number; ready?: number; succeeded?: number; failed?: number; suspended?: number }>;
    trainerStatus?: { progressPercentage?: number; estimatedRemainingSeconds?: number };
    active?: number;
    ready?: number;
    succeeded?: number;
    failed?: number;
    startTime?: string;
    completionTime?: string;
  };
}

/** Field holding the replica specs of each Kubeflow v1 kind. */
const REPLICA_SPEC_FIELD: Partial<Record<JobKind, string>> = {
  PyTorchJob: 'pytorchReplicaSpecs',
  TFJob: 'tfReplicaSpecs',
  MPIJob: 'mpiReplicaSpecs',
};

const NON_ACCELERATOR = /^(cpu|memory|ephemeral-storage|pods|hugepages-.*)$/;

function replicaSpecs(kind: JobKind, job: JobLike): Array<[string, ReplicaSpecLike]> {
  const field = REPLICA_SPEC_FIELD[kind];
  if (field) {
    return Object.entries((job.spec?.[field] ?? {}) as Record<string, ReplicaSpecLike>);
  }
  if (kind === 'Job') {
    const parallelism = typeof job.spec?.['parallelism'] === 'number' ? (job.spec['parallelism'] as number) : 1;
    return [['Pod', { replicas: parallelism, template: job.spec?.['template'] as PodLike }]];
  }
  // A TrainJob's pods come from its runtime; only the node count and per-node resources are in the job.
  const trainer = (job.spec?.['trainer'] ?? {}) as { numNodes?: number; resourcesPerNode?: { requests?: Record<string, string>; limits?: Record<string, string> } };
  const template: PodLike = { spec: { containers: [{ resources: trainer.resourcesPerNode ?? {} }] } };
  return [['Node', { replicas: trainer.numNodes ?? 1, template }]];
}

function replicaViews(kind: JobKind, job: JobLike): ReplicaView[] {
  const specs = replicaSpecs(kind, job);
  const status = job.status ?? {};
  return specs.map(([type, spec]) => {
    const desired = spec.replicas ?? 1;
    if (kind === 'Job') {
      return { type, desired, active: status.active ?? 0, succeeded: status.succeeded ?? 0, failed: status.failed ?? 0 };
    }
    if (kind === 'TrainJob') {
      const sum = (field: 'active' | 'succeeded' | 'failed') => (status.jobsStatus ?? []).reduce((total, entry) => total + (entry[field] ?? 0), 0);
      return { type, desired, active: sum('active'), succeeded: sum('succeeded'), failed: sum('failed') };
    }
    const replica = status.replicaStatuses?.[type] ?? {};
    return { type, desired, active: replica.active ?? 0, succeeded: replica.succeeded ?? 0, failed: replica.failed ?? 0 };
  });
}

/** Requests of the whole job: per-pod requests times replicas, summed per resource. */
export function jobRequests(kind: JobKind, job: JobLike): Map<string, Quantity> {
  const totals = new Map<string, Quantity>();
  for (const [, spec] of replicaSpecs(kind, job)) {
    for (const [resource, quantity] of podEffectiveRequests(spec.template ?? {})) {
      const scaled = multiplyQuantity(quantity, spec.replicas ?? 1);
      const current = totals.get(resource);
      totals.set(resource, current ? addQuantities(current, scaled) : scaled);
    }
  }
  return totals;
}

/** Returns the accelerator part of {@link jobRequests}: everything but cpu, memory, storage, pods and hugepages. */
export function jobAccelerators(kind: JobKind, job: JobLike): Map<string, Quantity> {
  return new Map([...jobRequests(kind, job)].filter(([resource]) => !NON_ACCELERATOR.test(resource)));
}

export function isJobSuspended(kind: JobKind, job: JobLike): boolean {
  if (REPLICA_SPEC_FIELD[kind]) {
    return ((job.spec?.['runPolicy'] ?? {}) as { suspend?: boolean }).suspend === true;
  }
  return job.spec?.['suspend'] === true;
}

/**
 * Decides a job's state. Its conditions decide first (see conditions.ts), and
 * without a deciding condition the replica counts and the suspend switch do.
 * A job that Kueue keeps suspended while its Workload waits is Pending, not Suspended.
 */
export function jobState(kind: JobKind, job: JobLike, options: { queuedByKueue: boolean }): { state: JobState; condition?: ConditionLike } {
  const decided = decideJobState(job.status?.conditions);
  const suspended = isJobSuspended(kind, job);
  if (decided && (decided.state === 'Succeeded' || decided.state === 'Failed')) {
    return decided;
  }
  if (suspended || decided?.state === 'Suspended') {
    return options.queuedByKueue ? { state: 'Pending' } : { state: 'Suspended', ...(decided?.condition ? { condition: decided.condition } : {}) };
  }
  if (kind === 'Job') {
    // A Job counts unscheduled pods as active; only ready pods mean it runs.
    const ready = job.status?.ready ?? 0;
    return { state: ready > 0 ? 'Running' : 'Pending' };
  }
  if (decided) {
    return decided;
  }
  const active = replicaViews(kind, job).reduce((total, replica) => total + replica.active, 0);
  return { state: active > 0 ? 'Running' : 'Created' };
}

export interface JobRowExtras {
  workload?: string;
  /** Whether a Kueue Workload waits for quota for this job. */
  queuedByKueue: boolean;
  pods: string[];
}

export function jobRow(kind: JobKind, job: JobLike, extras: JobRowExtras): JobRow {
  const { state, condition } = jobState(kind, job, { queuedByKueue: extras.queuedByKueue });
  const trainerStatus = job.status?.trainerStatus;
  const queue = job.metadata.labels?.[QUEUE_NAME_LABEL];
  return {
    kind,
    apiVersion: job.apiVersion ?? '',
    namespace: job.metadata.namespace ?? '',
    name: job.metadata.name,
    ...(job.metadata.uid ? { uid: job.metadata.uid } : {}),
    state,
    ...(condition ? { stateCondition: conditionView(condition) } : {}),
    suspended: isJobSuspended(kind, job),
    ...(queue ? { queue } : {}),
    ...(extras.workload ? { workload: extras.workload } : {}),
    replicas: replicaViews(kind, job),
    accelerators: [...jobAccelerators(kind, job)].map(([resource, amount]) => ({ resource, amount: formatQuantity(amount) })),
    ...(job.metadata.creationTimestamp ? { createdAt: job.metadata.creationTimestamp } : {}),
    ...(job.status?.startTime ? { startTime: job.status.startTime } : {}),
    ...(job.status?.completionTime ? { completionTime: job.status.completionTime } : {}),
    ...(trainerStatus && (trainerStatus.progressPercentage !== undefined || trainerStatus.estimatedRemainingSeconds !== undefined)
      ? {
          progress: {
            ...(trainerStatus.progressPercentage !== undefined ? { percent: trainerStatus.progressPercentage } : {}),
            ...(trainerStatus.estimatedRemainingSeconds !== undefined ? { remainingSeconds: trainerStatus.estimatedRemainingSeconds } : {}),
          },
        }
      : {}),
    conditions: (job.status?.conditions ?? []).map(conditionView),
    pods: extras.pods,
  };
}

/** Labels that tie a pod to its job, per kind. */
export function jobNameOfPod(pod: KubeObject): { kind: JobKind; name: string } | undefined {
  const labels = pod.metadata.labels ?? {};
  const training = labels['training.kubeflow.org/job-name'];
  if (training) {
    const operator = labels['training.kubeflow.org/operator-name'] ?? '';
    const kind: JobKind = operator.startsWith('tfjob') ? 'TFJob' : operator.startsWith('mpijob') ? 'MPIJob' : 'PyTorchJob';
    return { kind, name: training };
  }
  const trainJob = labels['jobset.sigs.k8s.io/jobset-name'];
  if (trainJob) {
    return { kind: 'TrainJob', name: trainJob };
  }
  const batch = labels['batch.kubernetes.io/job-name'] ?? labels['job-name'];
  return batch ? { kind: 'Job', name: batch } : undefined;
}
