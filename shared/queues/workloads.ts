/**
 * Reading Kueue Workloads the same way in v1beta1 and v1beta2: their total
 * requests, the quota their admission holds per flavor, and their state.
 */
import type { KubeObject } from '../k8s/object';
import { addQuantities, multiplyQuantity, parseQuantity, type Quantity } from '../resources/quantity';
import { podEffectiveRequests, type ResourceAmounts } from '../resources/requests';
import type { PodLike } from '../resources/types';
import { decideWorkloadState, type ConditionLike } from './conditions';

export interface PodSetLike {
  name?: string;
  count?: number;
  template?: PodLike;
}

interface PodSetAssignmentLike {
  name?: string;
  count?: number;
  flavors?: Record<string, string>;
  resourceUsage?: Record<string, string>;
}

export interface WorkloadLike extends KubeObject {
  spec?: { queueName?: string; priority?: number; active?: boolean; podSets?: PodSetLike[] };
  status?: {
    conditions?: ConditionLike[];
    admission?: { clusterQueue?: string; podSetAssignments?: PodSetAssignmentLike[] };
    resourceRequests?: Array<{ name?: string; resources?: Record<string, string> }>;
  };
}

/** Quota held in one flavor for one resource. */
export interface FlavorAmount {
  flavor: string;
  resource: string;
  amount: Quantity;
}

function add(target: ResourceAmounts, resource: string, amount: Quantity): void {
  const current = target.get(resource);
  target.set(resource, current ? addQuantities(current, amount) : amount);
}

/** Per-pod requests of each pod set, from Kueue's status.resourceRequests or else the pod templates. */
function perPodRequests(workload: WorkloadLike): Map<string, ResourceAmounts> {
  const result = new Map<string, ResourceAmounts>();
  const fromStatus = workload.status?.resourceRequests ?? [];
  for (const [index, entry] of fromStatus.entries()) {
    const amounts: ResourceAmounts = new Map();
    for (const [resource, value] of Object.entries(entry.resources ?? {})) {
      amounts.set(resource, parseQuantity(value, `status.resourceRequests[${index}].resources["${resource}"]`));
    }
    result.set(entry.name ?? 'main', amounts);
  }
  for (const podSet of workload.spec?.podSets ?? []) {
    const name = podSet.name ?? 'main';
    if (!result.has(name)) {
      result.set(name, podEffectiveRequests(podSet.template ?? {}));
    }
  }
  return result;
}

/** Total requests of a workload: each pod set's per-pod requests times its count. */
export function workloadRequests(workload: WorkloadLike): ResourceAmounts {
  const perPod = perPodRequests(workload);
  const total: ResourceAmounts = new Map();
  for (const podSet of workload.spec?.podSets ?? []) {
    const amounts = perPod.get(podSet.name ?? 'main') ?? new Map<string, Quantity>();
    for (const [resource, quantity] of amounts) {
      add(total, resource, multiplyQuantity(quantity, podSet.count ?? 1));
    }
  }
  return total;
}

/**
 * The quota an admission holds, per flavor and resource. Kueue writes the
 * totals in podSetAssignments[].resourceUsage; where it did not, they are
 * computed from the pod sets (count × per-pod requests).
 */
export function admissionUsage(workload: WorkloadLike): FlavorAmount[] {
  const assignments = workload.status?.admission?.podSetAssignments ?? [];
  const perPod = perPodRequests(workload);
  const podSets = new Map((workload.spec?.podSets ?? []).map((podSet) => [podSet.name ?? 'main', podSet]));
  const result: FlavorAmount[] = [];

  for (const [index, assignment] of assignments.entries()) {
    const name = assignment.name ?? 'main';
    const flavors = assignment.flavors ?? {};
    const count = assignment.count ?? podSets.get(name)?.count ?? 1;
    const usage = assignment.resourceUsage
      ? Object.entries(assignment.resourceUsage).map(([resource, value]) => [resource, parseQuantity(value, `status.admission.podSetAssignments[${index}].resourceUsage["${resource}"]`)] as const)
      : [...(perPod.get(name) ?? new Map<string, Quantity>())].map(([resource, quantity]) => [resource, multiplyQuantity(quantity, count)] as const);
    for (const [resource, amount] of usage) {
      const flavor = flavors[resource];
      if (flavor) {
        result.push({ flavor, resource, amount });
      }
    }
  }
  return result;
}

export function isConditionTrue(workload: WorkloadLike, type: string): boolean {
  return (workload.status?.conditions ?? []).some((condition) => condition.type === type && condition.status === 'True');
}

/** Admitted and not finished: the workload counts toward its ClusterQueue's usage. */
export function holdsUsage(workload: WorkloadLike): boolean {
  return isConditionTrue(workload, 'Admitted') && !isConditionTrue(workload, 'Finished');
}

/** Quota reserved and not finished: the workload counts toward the reservation. */
export function holdsReservation(workload: WorkloadLike): boolean {
  return isConditionTrue(workload, 'QuotaReserved') && !isConditionTrue(workload, 'Finished');
}

export function workloadState(workload: WorkloadLike): ReturnType<typeof decideWorkloadState> {
  return decideWorkloadState(workload.status?.conditions, workload.spec?.active !== false);
}

/** Waiting for quota: the states a position in the queue applies to. */
export function isWaiting(workload: WorkloadLike): boolean {
  const { state } = workloadState(workload);
  return state === 'pending' || state === 'inadmissible' || state === 'evicted' || state === 'preempted';
}
