/**
 * "Why is it pending": combines the workload's conditions, the quota
 * arithmetic of its ClusterQueue, its position, the scheduler's events on
 * its pods and the namespace's ResourceQuotas into reasons with values. The
 * renderer words each reason in the user's language.
 */
import type { PendingReason, QueuePosition } from '../models/queues';
import { addQuantities, compareQuantities, formatQuantity, parseQuantity, subtractQuantities, ZERO, type Quantity } from '../resources/quantity';
import type { ResourceAmounts } from '../resources/requests';
import { quotaNumbers, type QuotaEntry, type QuotaNumbers } from './quota';
import { workloadState, workloadRequests, type WorkloadLike } from './workloads';

export interface ResourceQuotaLike {
  metadata: { name: string };
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
}

export interface EventLike {
  type?: string;
  reason?: string;
  message?: string;
  involvedObject?: { kind?: string; name?: string };
}

export interface PendingInput {
  /** The job is suspended and no Workload admits it (or Kueue is absent). */
  jobSuspended: boolean;
  /** True when the cluster serves Kueue. */
  kueue: boolean;
  /** The job names a LocalQueue (label kueue.x-k8s.io/queue-name). */
  queueName?: string;
  workload?: WorkloadLike;
  localQueueExists: boolean;
  clusterQueue?: { name: string; exists: boolean; active: boolean; reason?: string; message?: string };
  /** Quota entries of every ClusterQueue (for cohort sums). */
  quotaEntries: readonly QuotaEntry[];
  usedOf: (entry: QuotaEntry) => Quantity;
  position?: QueuePosition;
  /** Events on the job and its pods, newest last. */
  events: readonly EventLike[];
  /** Requests of the job's pods that do not exist yet (empty once they do), checked against the ResourceQuotas. */
  jobRequests: ResourceAmounts;
  resourceQuotas: readonly ResourceQuotaLike[];
}

/** Reasons from the workload's Kueue conditions and its queue. */
function queueReasons(input: PendingInput): PendingReason[] {
  const { workload } = input;
  if (!input.queueName) {
    return [];
  }
  if (!input.localQueueExists) {
    return [{ code: 'queueNotFound', params: { queue: input.queueName } }];
  }
  if (input.clusterQueue && !input.clusterQueue.exists) {
    return [{ code: 'clusterQueueNotFound', params: { queue: input.queueName, clusterQueue: input.clusterQueue.name } }];
  }
  if (!workload) {
    return [{ code: 'noWorkload', params: { queue: input.queueName } }];
  }
  const reasons: PendingReason[] = [];
  if (input.clusterQueue && !input.clusterQueue.active) {
    reasons.push({ code: 'clusterQueueInactive', params: { clusterQueue: input.clusterQueue.name, reason: input.clusterQueue.reason ?? '' }, ...(input.clusterQueue.message ? { detail: input.clusterQueue.message } : {}) });
  }
  const { state, condition } = workloadState(workload);
  if (state === 'deactivated') {
    reasons.push({ code: 'workloadDeactivated', params: { workload: workload.metadata.name } });
  } else if (state === 'preempted' || state === 'evicted') {
    reasons.push({ code: state, params: { reason: condition?.reason ?? '' }, ...(condition?.message ? { detail: condition.message } : {}) });
  } else if (state === 'quotaReserved') {
    reasons.push({ code: 'admissionChecks', params: { clusterQueue: workload.status?.admission?.clusterQueue ?? '' } });
  }
  return reasons;
}

interface ResourceShortage {
  resource: string;
  requested: Quantity;
  /** The flavor that came closest, with its numbers; absent when no flavor covers the resource. */
  best?: { entry: QuotaEntry; numbers: QuotaNumbers };
}

/** Compares the workload's total requests with what each flavor of its ClusterQueue has available. */
export function quotaShortages(requests: ResourceAmounts, clusterQueue: string, entries: readonly QuotaEntry[], usedOf: (entry: QuotaEntry) => Quantity): ResourceShortage[] {
  const shortages: ResourceShortage[] = [];
  for (const [resource, requested] of requests) {
    if (requested.nanos <= 0n) {
      continue;
    }
    const candidates = entries.filter((entry) => entry.clusterQueue === clusterQueue && entry.resource === resource);
    if (candidates.length === 0) {
      shortages.push({ resource, requested });
      continue;
    }
    let best: ResourceShortage['best'];
    for (const entry of candidates) {
      const members = entry.cohort ? entries.filter((other) => other.cohort === entry.cohort && other.flavor === entry.flavor && other.resource === resource) : [entry];
      const numbers = quotaNumbers(entry, members, usedOf);
      if (!best || compareQuantities(numbers.available, best.numbers.available) > 0) {
        best = { entry, numbers };
      }
    }
    if (best && compareQuantities(best.numbers.available, requested) < 0) {
      shortages.push({ resource, requested, best });
    }
  }
  return shortages;
}

function quotaReasons(input: PendingInput): PendingReason[] {
  const { workload } = input;
  const clusterQueue = input.clusterQueue;
  if (!workload || !clusterQueue?.exists) {
    return [];
  }
  const { state } = workloadState(workload);
  if (state !== 'pending' && state !== 'inadmissible' && state !== 'evicted' && state !== 'preempted') {
    return [];
  }
  return quotaShortages(workloadRequests(workload), clusterQueue.name, input.quotaEntries, input.usedOf).map((shortage) => {
    if (!shortage.best) {
      return { code: 'noQuotaForResource', params: { resource: shortage.resource, clusterQueue: clusterQueue.name, requested: formatQuantity(shortage.requested) } };
    }
    const { entry, numbers } = shortage.best;
    return {
      code: 'insufficientQuota',
      params: {
        resource: shortage.resource,
        flavor: entry.flavor,
        clusterQueue: clusterQueue.name,
        requested: formatQuantity(shortage.requested),
        nominal: formatQuantity(entry.nominal),
        borrowable: formatQuantity(numbers.borrowable),
        used: formatQuantity(numbers.used),
        lentOut: formatQuantity(numbers.lentOut),
        available: formatQuantity(numbers.available),
        missing: formatQuantity(subtractQuantities(shortage.requested, numbers.available)),
      },
    };
  });
}

/** Splits the scheduler's FailedScheduling message ("0/4 nodes are available: 1 …, 3 …") into reasons. */
export function schedulingReasons(message: string): PendingReason[] {
  const summary = message.split(/\.\s+preemption:/)[0] ?? message;
  const colon = summary.indexOf(':');
  const total = /^0\/(\d+) nodes/.exec(summary)?.[1];
  const parts = colon >= 0 ? summary.slice(colon + 1).split(/,\s*(?=\d+ )/) : [];
  const reasons: PendingReason[] = [];

  for (const part of parts) {
    const text = part.trim().replace(/\.$/, '');
    const nodes = Number(/^(\d+)/.exec(text)?.[1] ?? 0);
    const insufficient = /Insufficient (\S+)/.exec(text);
    const taint = /untolerated taint\(?s?\)?\s*(\{[^}]*\})?/.exec(text);
    if (insufficient) {
      reasons.push({ code: 'insufficientResource', params: { resource: insufficient[1]!, nodes, total: Number(total ?? nodes) }, detail: message });
    } else if (taint) {
      reasons.push({ code: 'untoleratedTaint', params: { taint: taint[1] ?? '', nodes, total: Number(total ?? nodes) }, detail: message });
    } else if (/node affinity|node selector|nodeSelector/i.test(text)) {
      reasons.push({ code: 'nodeSelectorMismatch', params: { nodes, total: Number(total ?? nodes) }, detail: message });
    }
  }
  return reasons.length > 0 ? reasons : [{ code: 'unschedulable', params: {}, detail: message }];
}

/** The newest FailedScheduling event per pod, turned into reasons; repeated reasons are merged. */
function eventReasons(events: readonly EventLike[]): PendingReason[] {
  const newestPerPod = new Map<string, EventLike>();
  for (const event of events) {
    if (event.reason === 'FailedScheduling' && event.involvedObject?.kind === 'Pod') {
      newestPerPod.set(event.involvedObject.name ?? '', event);
    }
  }
  const seen = new Set<string>();
  const reasons: PendingReason[] = [];
  for (const event of newestPerPod.values()) {
    for (const reason of schedulingReasons(event.message ?? '')) {
      const key = `${reason.code}|${JSON.stringify(reason.params)}`;
      if (!seen.has(key)) {
        seen.add(key);
        reasons.push(reason);
      }
    }
  }
  const quotaEvent = [...events].reverse().find((event) => event.reason === 'FailedCreate' && /exceeded quota/i.test(event.message ?? ''));
  if (quotaEvent) {
    reasons.push({ code: 'resourceQuotaExceeded', params: { quota: /exceeded quota: ([^,]+)/.exec(quotaEvent.message ?? '')?.[1] ?? '' }, detail: quotaEvent.message ?? '' });
  }
  return reasons;
}

/** ResourceQuota keys that a request of `resource` counts against. */
function quotaKeys(resource: string): string[] {
  return resource === 'cpu' || resource === 'memory' || resource === 'ephemeral-storage' ? [resource, `requests.${resource}`] : [`requests.${resource}`];
}

/** Checks the job's requests against the namespace's ResourceQuotas: used + requested ≤ hard. */
export function resourceQuotaReasons(requests: ResourceAmounts, quotas: readonly ResourceQuotaLike[]): PendingReason[] {
  const reasons: PendingReason[] = [];
  for (const quota of quotas) {
    for (const [resource, requested] of requests) {
      for (const key of quotaKeys(resource)) {
        const hardText = quota.status?.hard?.[key];
        if (hardText === undefined) {
          continue;
        }
        const hard = parseQuantity(hardText, `ResourceQuota ${quota.metadata.name} status.hard["${key}"]`);
        const usedText = quota.status?.used?.[key];
        const used = usedText === undefined ? ZERO : parseQuantity(usedText, `ResourceQuota ${quota.metadata.name} status.used["${key}"]`);
        if (compareQuantities(addQuantities(used, requested), hard) > 0) {
          reasons.push({ code: 'resourceQuotaExceeded', params: { quota: quota.metadata.name, resource: key, hard: formatQuantity(hard), used: formatQuantity(used), requested: formatQuantity(requested) } });
        }
      }
    }
  }
  return reasons;
}

/**
 * Explains why a job or workload waits. Reasons come in the order a person
 * would act on them: the queue itself, quota, position, the scheduler, then
 * the namespace's ResourceQuota.
 */
export function explainPending(input: PendingInput): PendingReason[] {
  const reasons: PendingReason[] = [];
  reasons.push(...queueReasons(input));
  reasons.push(...quotaReasons(input));

  const ahead = (input.position?.inClusterQueue ?? input.position?.inLocalQueue ?? 1) - 1;
  if (input.workload && ahead > 0) {
    reasons.push({ code: 'behindOthers', params: { ahead, source: input.position!.source } });
  }
  if (input.jobSuspended && !input.workload) {
    reasons.push({ code: 'jobSuspended', params: {} });
  }
  reasons.push(...eventReasons(input.events));
  if (input.resourceQuotas.length > 0) {
    const existing = reasons.some((reason) => reason.code === 'resourceQuotaExceeded');
    if (!existing) {
      reasons.push(...resourceQuotaReasons(input.jobRequests, input.resourceQuotas));
    }
  }

  // Kueue's own sentence is kept when nothing above explains the wait.
  const kueueCondition = input.workload ? workloadState(input.workload).condition : undefined;
  if (reasons.length === 0 && input.workload && kueueCondition?.status === 'False' && kueueCondition.message) {
    reasons.push({ code: 'kueueMessage', params: {}, detail: kueueCondition.message });
  }
  if (reasons.length === 0 && input.workload) {
    reasons.push({ code: 'waitingForAdmission', params: {} });
  }
  return reasons;
}
