/**
 * Reads a model server's Deployment or StatefulSet and its pods: replicas,
 * health, restarts, and the accelerators the pods hold.
 */
import type { KubeObject } from '../k8s/object';
import type { EndpointHealth, EndpointPod } from '../models/endpoints';
import { builtinAcceleratorTable, lookupAcceleratorResource, type AcceleratorTable } from '../resources/accelerators';
import { addQuantities, formatQuantity, quantityToNumber, type Quantity } from '../resources/quantity';
import { podEffectiveRequests, podHoldsResources } from '../resources/requests';
import type { PodLike } from '../resources/types';

interface ContainerStatus {
  name: string;
  ready?: boolean;
  restartCount?: number;
  state?: { waiting?: { reason?: string }; terminated?: { reason?: string } };
  lastState?: { terminated?: { reason?: string } };
}

interface PodStatus {
  phase?: string;
  conditions?: Array<{ type: string; status: string }>;
  containerStatuses?: ContainerStatus[];
}

interface WorkloadLike {
  spec?: { replicas?: number };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    conditions?: Array<{ type: string; status: string; reason?: string; message?: string }>;
  };
}

/** Waiting reasons after which a container will not start without a change. */
const STUCK_REASONS = new Set(['CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'CreateContainerConfigError', 'InvalidImageName', 'CreateContainerError']);

const defaultTable = builtinAcceleratorTable();

function podStatus(pod: KubeObject): PodStatus {
  return (pod['status'] ?? {}) as PodStatus;
}

export function podIsReady(pod: KubeObject): boolean {
  return podStatus(pod).conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false;
}

export function podRestarts(pod: KubeObject): number {
  return (podStatus(pod).containerStatuses ?? []).reduce((sum, status) => sum + (status.restartCount ?? 0), 0);
}

/** Why a container waits or last ended, the way `kubectl get pods` shows it in STATUS. */
export function podReason(pod: KubeObject): string | undefined {
  for (const status of podStatus(pod).containerStatuses ?? []) {
    const reason = status.state?.waiting?.reason ?? status.state?.terminated?.reason;
    if (reason) {
      return reason;
    }
  }
  const last = podStatus(pod).containerStatuses?.find((status) => status.lastState?.terminated?.reason);
  return last?.lastState?.terminated?.reason;
}

export function endpointPod(pod: KubeObject): EndpointPod {
  const node = (pod['spec'] as { nodeName?: string } | undefined)?.nodeName;
  const reason = podReason(pod);
  return {
    name: pod.metadata.name,
    phase: pod.metadata.deletionTimestamp ? 'Terminating' : (podStatus(pod).phase ?? 'Unknown'),
    ready: podIsReady(pod),
    restarts: podRestarts(pod),
    ...(node ? { node } : {}),
    ...(reason ? { reason } : {}),
  };
}

export interface HeldAccelerators {
  /** Units that are devices, MIG instances or virtual devices; memory and core shares are not counted. */
  devices: number;
  /** `resource: quantity` per accelerator resource. */
  resources: string[];
}

/** Sums the accelerator requests of the pods that hold resources (bound and not finished). */
export function heldAccelerators(pods: readonly KubeObject[], table: AcceleratorTable = defaultTable): HeldAccelerators {
  const totals = new Map<string, Quantity>();
  let devices = 0;
  for (const pod of pods) {
    const like = pod as unknown as PodLike;
    if (!podHoldsResources(like)) {
      continue;
    }
    for (const [resource, quantity] of podEffectiveRequests(like)) {
      const info = lookupAcceleratorResource(table, resource);
      if (!info) {
        continue;
      }
      if (info.countsDevices) {
        devices += quantityToNumber(quantity);
      }
      const current = totals.get(resource);
      totals.set(resource, current ? addQuantities(current, quantity) : quantity);
    }
  }
  const resources = [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([resource, quantity]) => `${resource}: ${formatQuantity(quantity)}`);
  return { devices, resources };
}

export interface Replicas {
  desired: number;
  ready: number;
  updated: number;
}

export function workloadReplicas(workload: KubeObject): Replicas {
  const { spec, status } = workload as unknown as WorkloadLike;
  return { desired: spec?.replicas ?? 1, ready: status?.readyReplicas ?? 0, updated: status?.updatedReplicas ?? 0 };
}

/**
 * Health of a Deployment or StatefulSet: scaled to zero, failed (rollout
 * deadline exceeded, or no pod ready while one is stuck), degraded (some
 * ready, some stuck), progressing, or ready.
 */
export function workloadHealth(workload: KubeObject, pods: readonly KubeObject[]): EndpointHealth {
  const replicas = workloadReplicas(workload);
  if (replicas.desired === 0) {
    return 'scaledToZero';
  }
  const conditions = (workload as unknown as WorkloadLike).status?.conditions ?? [];
  const deadline = conditions.some((condition) => condition.type === 'Progressing' && condition.status === 'False' && condition.reason === 'ProgressDeadlineExceeded');
  const stuck = pods.some((pod) => STUCK_REASONS.has(podReason(pod) ?? ''));
  if (deadline || (stuck && replicas.ready === 0)) {
    return 'failed';
  }
  if (stuck) {
    return 'degraded';
  }
  if (replicas.ready >= replicas.desired) {
    return 'ready';
  }
  return 'progressing';
}
