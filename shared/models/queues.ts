/** View models of the Queues screen, computed in main from the shared watches. */
import type { AppError } from '../result';

/** Quantities cross the wire as Kubernetes quantity strings, so no precision is lost. */
export type QuantityText = string;

/**
 * One flavor and resource of a ClusterQueue. `available` is what a new
 * workload could take now: nominal + borrowable − used − lentOut, never below 0.
 */
export interface QuotaCell {
  flavor: string;
  resource: string;
  nominal: QuantityText;
  /** Absent: no limit (borrow as much as the cohort has free). */
  borrowingLimit?: QuantityText;
  /** Absent: all of the nominal quota may be lent. */
  lendingLimit?: QuantityText;
  /** Quota of admitted workloads. */
  used: QuantityText;
  /** Quota of workloads with reserved quota (admitted or waiting for admission checks). */
  reserved: QuantityText;
  /** What the queue may take beyond its nominal quota from the cohort right now. */
  borrowable: QuantityText;
  /** Unused nominal quota that other queues of the cohort are using. */
  lentOut: QuantityText;
  available: QuantityText;
  /** Usage as Kueue wrote it in status.flavorsUsage, when the status has it. */
  statusUsed?: QuantityText;
}

export interface ClusterQueueRow {
  name: string;
  cohort?: string;
  queueingStrategy?: string;
  stopPolicy?: string;
  /** Condition Active of the queue; false with a reason when Kueue cannot admit into it. */
  active: boolean;
  activeReason?: string;
  activeMessage?: string;
  pendingWorkloads: number;
  reservingWorkloads: number;
  admittedWorkloads: number;
  quotas: QuotaCell[];
}

export interface LocalQueueRow {
  namespace: string;
  name: string;
  clusterQueue: string;
  pendingWorkloads: number;
  admittedWorkloads: number;
  /** Quota this LocalQueue's admitted workloads use, per flavor and resource. */
  used: Array<{ flavor: string; resource: string; total: QuantityText }>;
}

export type WorkloadState = 'pending' | 'inadmissible' | 'quotaReserved' | 'admitted' | 'finished' | 'evicted' | 'preempted' | 'deactivated';

export interface ConditionView {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface QueuePosition {
  inClusterQueue?: number;
  inLocalQueue?: number;
  /** `visibility`: from Kueue's visibility API; `computed`: ordered here by priority and creation time. */
  source: 'visibility' | 'computed';
}

export interface WorkloadRow {
  namespace: string;
  name: string;
  queue: string;
  clusterQueue?: string;
  state: WorkloadState;
  /** The condition that decided the state. */
  stateReason?: string;
  stateMessage?: string;
  priority: number;
  createdAt?: string;
  owner?: { apiVersion: string; kind: string; name: string };
  /** Total requests of all pod sets (count × per-pod requests). */
  requests: Array<{ resource: string; amount: QuantityText }>;
  /** Flavor per resource once quota is reserved. */
  flavors: Record<string, string>;
  position?: QueuePosition;
  conditions: ConditionView[];
}

export type JobKind = 'PyTorchJob' | 'TFJob' | 'MPIJob' | 'TrainJob' | 'Job';

export type JobState = 'Created' | 'Pending' | 'Running' | 'Restarting' | 'Suspended' | 'Succeeded' | 'Failed';

export interface ReplicaView {
  type: string;
  desired: number;
  active: number;
  succeeded: number;
  failed: number;
}

export interface JobRow {
  kind: JobKind;
  apiVersion: string;
  namespace: string;
  name: string;
  uid?: string;
  state: JobState;
  /** The condition that decided the state, when one did. */
  stateCondition?: ConditionView;
  suspended: boolean;
  queue?: string;
  /** Name of the Kueue Workload that owns this job's admission. */
  workload?: string;
  replicas: ReplicaView[];
  /** Accelerator requests of the whole job, by resource name. */
  accelerators: Array<{ resource: string; amount: QuantityText }>;
  createdAt?: string;
  startTime?: string;
  completionTime?: string;
  /** Trainer v2 progress, when the runtime publishes it. */
  progress?: { percent?: number; remainingSeconds?: number };
  conditions: ConditionView[];
  /** Names of the job's pods. */
  pods: string[];
}

/** A pod the scheduler could not place, with its reason (for clusters without Kueue too). */
export interface PendingPodRow {
  namespace: string;
  name: string;
  /** PodScheduled condition reason, e.g. Unschedulable. */
  reason?: string;
  message?: string;
  since?: string;
  owner?: { kind: string; name: string };
}

export interface QueuesCapabilities {
  kueueVersion?: 'v1beta2' | 'v1beta1';
  kubeflowTraining: boolean;
  kubeflowTrainer: boolean;
  /** Kueue's visibility API answers, so positions are Kueue's own. */
  visibility: boolean;
}

/** A list the user may not read: shown as such, never as an empty table. */
export interface ForbiddenList {
  resource: string;
  namespace?: string;
}

export interface QueuesSnapshot {
  contextId: string;
  capabilities: QueuesCapabilities;
  /** APIs the screen would use but the cluster does not serve, e.g. `kueue.x-k8s.io`. */
  missing: string[];
  /** Namespace the lists are limited to, when the user may not list across namespaces. */
  namespace?: string;
  clusterQueues: ClusterQueueRow[];
  localQueues: LocalQueueRow[];
  workloads: WorkloadRow[];
  jobs: JobRow[];
  pendingPods: PendingPodRow[];
  forbidden: ForbiddenList[];
  errors: AppError[];
  synced: boolean;
  updatedAt: string;
}

/** Why something waits, as a code and values the renderer words in the user's language. */
export type PendingReasonCode =
  | 'queueNotFound'
  | 'clusterQueueNotFound'
  | 'clusterQueueInactive'
  | 'noQuotaForResource'
  | 'insufficientQuota'
  | 'behindOthers'
  | 'workloadDeactivated'
  | 'jobSuspended'
  | 'evicted'
  | 'preempted'
  | 'admissionChecks'
  | 'waitingForAdmission'
  | 'noWorkload'
  | 'insufficientResource'
  | 'untoleratedTaint'
  | 'nodeSelectorMismatch'
  | 'unschedulable'
  | 'resourceQuotaExceeded'
  | 'kueueMessage';

export interface PendingReason {
  code: PendingReasonCode;
  /** Values named in the sentence, e.g. resource, flavor, requested, available. */
  params: Record<string, string | number>;
  /** The raw message from Kubernetes, shown under the sentence. */
  detail?: string;
}

export interface EventView {
  type: string;
  reason: string;
  message: string;
  object: string;
  count: number;
  lastSeen?: string;
}

export interface PendingExplanation {
  target: { kind: string; namespace: string; name: string };
  /** False when the object is not waiting; the reasons are then empty. */
  pending: boolean;
  state: string;
  reasons: PendingReason[];
  position?: QueuePosition;
  events: EventView[];
}

/** A job to submit from a template. */
export interface JobTemplateInput {
  template: 'pytorchjob' | 'batch-job';
  namespace: string;
  name: string;
  /** LocalQueue name; empty when the cluster has no Kueue. */
  queue: string;
  image: string;
  /** The container command, one argument per entry. */
  command: string[];
  /** Accelerators per pod. */
  gpus: number;
  /** Extended resource the GPUs are requested as, `nvidia.com/gpu` by default. */
  gpuResource: string;
  /** PyTorchJob worker replicas besides the master; ignored for batch Jobs. */
  workers: number;
}

export type TemplateErrorCode =
  | 'nameInvalid'
  | 'nameTooLong'
  | 'namespaceInvalid'
  | 'gpusNegative'
  | 'gpusNotInteger'
  | 'workersInvalid'
  | 'imageInvalid'
  | 'queueUnknown'
  | 'queueWithoutKueue'
  | 'commandEmpty'
  | 'gpuResourceInvalid';

export interface TemplateFieldError {
  field: keyof JobTemplateInput;
  code: TemplateErrorCode;
  value: string;
  /** An English sentence naming the value and the fix; the renderer words it in the UI language. */
  message: string;
}

export interface JobPreview {
  /** The object as it will be sent. */
  object: Record<string, unknown>;
  yaml: string;
  kubectl: string;
}

export interface SubmitResult {
  dryRun: boolean;
  /** The object as the API server returned it. */
  object: Record<string, unknown>;
  kubectl: string;
}

export type JobAction = 'suspend' | 'resume' | 'delete';

export interface JobTarget {
  kind: JobKind;
  namespace: string;
  name: string;
}
