/**
 * Kueue quota arithmetic with exact quantities: per ClusterQueue, flavor and
 * resource, what is nominal, used, borrowable from the cohort and available.
 *
 * The model follows Kueue's cohort semantics (Kueue 0.9 and later):
 * - a queue guarantees itself nominal − lendingLimit; the rest of its nominal
 *   quota (all of it without a lendingLimit) goes into the cohort's pool;
 * - the pool's usage is each member's usage above its guaranteed part;
 * - a queue may use at most nominal + borrowingLimit (no cap without one).
 * available = max(0, guaranteed − used) + free pool, capped by the borrowing
 * limit; borrowable and lentOut are the parts of it above or below nominal,
 * so available = nominal + borrowable − used − lentOut.
 * NOTE: hierarchical cohorts (Cohort objects with a parent) and fair sharing
 * weights are not modelled; each cohort is one flat pool.
 */
import type { KubeObject } from '../k8s/object';
import type { ClusterQueueRow, QuotaCell } from '../models/queues';
import { addQuantities, clampToZero, compareQuantities, formatQuantity, parseQuantity, subtractQuantities, ZERO, type Quantity } from '../resources/quantity';
import { admissionUsage, holdsReservation, holdsUsage, type WorkloadLike } from './workloads';

interface ResourceQuotaLike {
  name?: string;
  nominalQuota?: string | number;
  borrowingLimit?: string | number;
  lendingLimit?: string | number;
}

interface FlavorStatusLike {
  name?: string;
  resources?: Array<{ name?: string; total?: string | number; borrowed?: string | number }>;
}

export interface ClusterQueueLike extends KubeObject {
  spec?: {
    /** v1beta2 name of the cohort. */
    cohortName?: string;
    /** v1beta1 name of the cohort. */
    cohort?: string;
    queueingStrategy?: string;
    stopPolicy?: string;
    resourceGroups?: Array<{ coveredResources?: string[]; flavors?: Array<{ name?: string; resources?: ResourceQuotaLike[] }> }>;
  };
  status?: {
    conditions?: Array<{ type?: string; status?: string; reason?: string; message?: string }>;
    pendingWorkloads?: number;
    reservingWorkloads?: number;
    admittedWorkloads?: number;
    flavorsUsage?: FlavorStatusLike[];
  };
}

/** One flavor/resource quota entry of a queue, parsed. */
export interface QuotaEntry {
  clusterQueue: string;
  cohort?: string;
  flavor: string;
  resource: string;
  nominal: Quantity;
  borrowingLimit?: Quantity;
  lendingLimit?: Quantity;
}

export function cohortOf(queue: ClusterQueueLike): string | undefined {
  return queue.spec?.cohortName ?? queue.spec?.cohort ?? undefined;
}

/** Parses a queue's resourceGroups into quota entries; invalid quantities throw naming the field. */
export function quotaEntries(queue: ClusterQueueLike): QuotaEntry[] {
  const cohort = cohortOf(queue);
  const entries: QuotaEntry[] = [];
  (queue.spec?.resourceGroups ?? []).forEach((group, groupIndex) => {
    (group.flavors ?? []).forEach((flavor, flavorIndex) => {
      (flavor.resources ?? []).forEach((resource, resourceIndex) => {
        const field = `ClusterQueue ${queue.metadata.name} spec.resourceGroups[${groupIndex}].flavors[${flavorIndex}].resources[${resourceIndex}]`;
        const optional = (value: string | number | undefined, name: string) => (value === undefined ? undefined : parseQuantity(value, `${field}.${name}`));
        const borrowingLimit = optional(resource.borrowingLimit, 'borrowingLimit');
        const lendingLimit = optional(resource.lendingLimit, 'lendingLimit');
        entries.push({
          clusterQueue: queue.metadata.name,
          ...(cohort ? { cohort } : {}),
          flavor: flavor.name ?? '',
          resource: resource.name ?? '',
          nominal: parseQuantity(resource.nominalQuota ?? 0, `${field}.nominalQuota`),
          ...(borrowingLimit ? { borrowingLimit } : {}),
          ...(lendingLimit ? { lendingLimit } : {}),
        });
      });
    });
  });
  return entries;
}

/** Sums the quota that workloads hold, keyed `queue|flavor|resource`. */
export function sumWorkloadQuota(workloads: Iterable<WorkloadLike>, holds: (workload: WorkloadLike) => boolean): Map<string, Quantity> {
  const totals = new Map<string, Quantity>();
  for (const workload of workloads) {
    const queue = workload.status?.admission?.clusterQueue;
    if (!queue || !holds(workload)) {
      continue;
    }
    for (const { flavor, resource, amount } of admissionUsage(workload)) {
      const key = usageKey(queue, flavor, resource);
      totals.set(key, addQuantities(totals.get(key) ?? ZERO, amount));
    }
  }
  return totals;
}

export function usageKey(queue: string, flavor: string, resource: string): string {
  return `${queue}|${flavor}|${resource}`;
}

function minQuantity(a: Quantity, b: Quantity): Quantity {
  return compareQuantities(a, b) <= 0 ? a : b;
}

/** Returns the part of nominal quota a queue keeps for itself: nominal − lendingLimit, or 0 without a lending limit. */
function guaranteed(entry: QuotaEntry): Quantity {
  return entry.lendingLimit ? clampToZero(subtractQuantities(entry.nominal, entry.lendingLimit)) : ZERO;
}

export interface QuotaNumbers {
  used: Quantity;
  borrowable: Quantity;
  lentOut: Quantity;
  available: Quantity;
}

/**
 * Computes one entry's numbers. `members` are the entries of the same flavor
 * and resource in the same cohort (this entry included); `usedOf` gives each
 * member's usage.
 */
export function quotaNumbers(entry: QuotaEntry, members: readonly QuotaEntry[], usedOf: (entry: QuotaEntry) => Quantity): QuotaNumbers {
  const used = usedOf(entry);
  const ownFree = clampToZero(subtractQuantities(entry.nominal, used));
  let available = ownFree;

  if (entry.cohort) {
    let capacity = ZERO;
    let poolUsed = ZERO;
    for (const member of members) {
      capacity = addQuantities(capacity, clampToZero(subtractQuantities(member.nominal, guaranteed(member))));
      poolUsed = addQuantities(poolUsed, clampToZero(subtractQuantities(usedOf(member), guaranteed(member))));
    }
    const poolFree = clampToZero(subtractQuantities(capacity, poolUsed));
    available = addQuantities(clampToZero(subtractQuantities(guaranteed(entry), used)), poolFree);
  }
  if (entry.borrowingLimit || !entry.cohort) {
    const ceiling = entry.cohort ? addQuantities(entry.nominal, entry.borrowingLimit!) : entry.nominal;
    available = minQuantity(available, clampToZero(subtractQuantities(ceiling, used)));
  }

  if (!entry.cohort) {
    // Nothing to borrow or lend; usage above nominal (quota lowered after admission) leaves 0 available.
    return { used, borrowable: ZERO, lentOut: ZERO, available };
  }

  // available = nominal + borrowable − used − lentOut, with one of borrowable and lentOut zero.
  const aboveNominal = subtractQuantities(addQuantities(available, used), entry.nominal);
  return {
    used,
    borrowable: clampToZero(aboveNominal),
    lentOut: clampToZero({ nanos: -aboveNominal.nanos, format: aboveNominal.format }),
    available,
  };
}

function statusUsed(queue: ClusterQueueLike, flavor: string, resource: string): string | undefined {
  const entry = queue.status?.flavorsUsage?.find((candidate) => candidate.name === flavor)?.resources?.find((candidate) => candidate.name === resource);
  return entry?.total === undefined ? undefined : formatQuantity(parseQuantity(entry.total, `ClusterQueue ${queue.metadata.name} status.flavorsUsage`));
}

/**
 * Builds the ClusterQueue rows. Usage is summed from the admitted workloads,
 * as Kueue itself sums it, so it stays right when the queue's status is stale.
 * The status figure is kept beside it.
 */
export function clusterQueueRows(queues: readonly ClusterQueueLike[], workloads: readonly WorkloadLike[]): ClusterQueueRow[] {
  const used = sumWorkloadQuota(workloads, holdsUsage);
  const reserved = sumWorkloadQuota(workloads, holdsReservation);
  const entries = queues.flatMap((queue) => quotaEntries(queue));
  const usedOf = (entry: QuotaEntry) => used.get(usageKey(entry.clusterQueue, entry.flavor, entry.resource)) ?? ZERO;

  return queues.map((queue) => {
    const active = queue.status?.conditions?.find((condition) => condition.type === 'Active');
    const cohort = cohortOf(queue);
    const quotas: QuotaCell[] = quotaEntries(queue).map((entry) => {
      const members = entry.cohort ? entries.filter((other) => other.cohort === entry.cohort && other.flavor === entry.flavor && other.resource === entry.resource) : [entry];
      const numbers = quotaNumbers(entry, members, usedOf);
      const fromStatus = statusUsed(queue, entry.flavor, entry.resource);
      return {
        flavor: entry.flavor,
        resource: entry.resource,
        nominal: formatQuantity(entry.nominal),
        ...(entry.borrowingLimit ? { borrowingLimit: formatQuantity(entry.borrowingLimit) } : {}),
        ...(entry.lendingLimit ? { lendingLimit: formatQuantity(entry.lendingLimit) } : {}),
        used: formatQuantity(numbers.used),
        reserved: formatQuantity(reserved.get(usageKey(entry.clusterQueue, entry.flavor, entry.resource)) ?? ZERO),
        borrowable: formatQuantity(numbers.borrowable),
        lentOut: formatQuantity(numbers.lentOut),
        available: formatQuantity(numbers.available),
        ...(fromStatus !== undefined ? { statusUsed: fromStatus } : {}),
      };
    });
    return {
      name: queue.metadata.name,
      ...(cohort ? { cohort } : {}),
      ...(queue.spec?.queueingStrategy ? { queueingStrategy: queue.spec.queueingStrategy } : {}),
      ...(queue.spec?.stopPolicy ? { stopPolicy: queue.spec.stopPolicy } : {}),
      // A queue without status has not been seen by a Kueue controller yet; it is not reported inactive for that alone.
      active: active ? active.status === 'True' : true,
      ...(active?.reason ? { activeReason: active.reason } : {}),
      ...(active?.message ? { activeMessage: active.message } : {}),
      pendingWorkloads: queue.status?.pendingWorkloads ?? 0,
      reservingWorkloads: queue.status?.reservingWorkloads ?? 0,
      admittedWorkloads: queue.status?.admittedWorkloads ?? 0,
      quotas,
    };
  });
}
