/**
 * The Queues model of one context, computed from the cached objects: queue
 * rows with quota arithmetic, workloads with states and positions, job rows
 * and pods the scheduler could not place.
 */
import type { KubeObject } from '../../shared/k8s/object';
import { objectKey } from '../../shared/k8s/object';
import type { JobKind, JobRow, LocalQueueRow, PendingPodRow, QueuePosition, WorkloadRow } from '../../shared/models/queues';
import { conditionView } from '../../shared/queues/conditions';
import { jobNameOfPod, jobRow, type JobLike } from '../../shared/queues/jobs';
import { computePositions } from '../../shared/queues/positions';
import { clusterQueueRows, quotaEntries, sumWorkloadQuota, usageKey, type ClusterQueueLike, type QuotaEntry } from '../../shared/queues/quota';
import { admissionUsage, holdsUsage, isWaiting, workloadRequests, workloadState, type WorkloadLike } from '../../shared/queues/workloads';
import { formatQuantity, ZERO, type Quantity } from '../../shared/resources/quantity';

export interface ModelInput {
  clusterQueues: ClusterQueueLike[];
  localQueues: KubeObject[];
  workloads: WorkloadLike[];
  jobs: Array<{ kind: JobKind; object: JobLike }>;
  pods: KubeObject[];
  /** Positions from Kueue's visibility API, keyed namespace/name; empty when not served. */
  visibilityPositions: ReadonlyMap<string, QueuePosition>;
}

export interface QueuesModel {
  clusterQueues: ReturnType<typeof clusterQueueRows>;
  localQueues: LocalQueueRow[];
  workloads: WorkloadRow[];
  jobs: JobRow[];
  pendingPods: PendingPodRow[];
  /** Parsed quota entries and usage, kept for "why pending". */
  quotaEntries: QuotaEntry[];
  usedOf(entry: QuotaEntry): Quantity;
  /** ClusterQueue of a LocalQueue, keyed namespace/name. */
  clusterQueueOf(namespace: string, localQueue: string): string | undefined;
  workloadOfJob(kind: JobKind, namespace: string, name: string): WorkloadLike | undefined;
  positionOf(workload: WorkloadLike): QueuePosition | undefined;
  errors: string[];
}

function jobKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

function controllerOwner(object: KubeObject): { apiVersion: string; kind: string; name: string } | undefined {
  const owner = object.metadata.ownerReferences?.find((reference) => reference.controller) ?? object.metadata.ownerReferences?.[0];
  return owner ? { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.name } : undefined;
}

function localQueueRows(localQueues: readonly KubeObject[], workloads: readonly WorkloadLike[]): LocalQueueRow[] {
  return localQueues.map((queue) => {
    const namespace = queue.metadata.namespace ?? '';
    const mine = workloads.filter((workload) => workload.metadata.namespace === namespace && workload.spec?.queueName === queue.metadata.name);
    const used = new Map<string, { flavor: string; resource: string; total: Quantity }>();
    for (const workload of mine.filter(holdsUsage)) {
      for (const { flavor, resource, amount } of admissionUsage(workload)) {
        const key = `${flavor}|${resource}`;
        const current = used.get(key);
        used.set(key, { flavor, resource, total: current ? { nanos: current.total.nanos + amount.nanos, format: current.total.format } : amount });
      }
    }
    return {
      namespace,
      name: queue.metadata.name,
      clusterQueue: String((queue['spec'] as { clusterQueue?: string } | undefined)?.clusterQueue ?? ''),
      pendingWorkloads: mine.filter(isWaiting).length,
      admittedWorkloads: mine.filter(holdsUsage).length,
      used: [...used.values()].map((entry) => ({ flavor: entry.flavor, resource: entry.resource, total: formatQuantity(entry.total) })),
    };
  });
}

function pendingPodRows(pods: readonly KubeObject[]): PendingPodRow[] {
  return pods.flatMap((pod) => {
    const status = pod['status'] as { phase?: string; conditions?: Array<{ type?: string; status?: string; reason?: string; message?: string; lastTransitionTime?: string }> } | undefined;
    if (status?.phase !== 'Pending') {
      return [];
    }
    const scheduled = status.conditions?.find((condition) => condition.type === 'PodScheduled');
    if (scheduled?.status !== 'False') {
      return [];
    }
    const owner = controllerOwner(pod);
    return [
      {
        namespace: pod.metadata.namespace ?? '',
        name: pod.metadata.name,
        ...(scheduled.reason ? { reason: scheduled.reason } : {}),
        ...(scheduled.message ? { message: scheduled.message } : {}),
        ...(scheduled.lastTransitionTime ? { since: scheduled.lastTransitionTime } : {}),
        ...(owner ? { owner: { kind: owner.kind, name: owner.name } } : {}),
      },
    ];
  });
}

export function computeQueuesModel(input: ModelInput): QueuesModel {
  const errors: string[] = [];
  const localQueueTargets = new Map(input.localQueues.map((queue) => [objectKey(queue.metadata), String((queue['spec'] as { clusterQueue?: string } | undefined)?.clusterQueue ?? '')]));
  const clusterQueueOf = (namespace: string, localQueue: string) => localQueueTargets.get(`${namespace}/${localQueue}`) || undefined;

  const computed = computePositions(input.workloads, clusterQueueOf);
  const positionOf = (workload: WorkloadLike) => {
    if (!isWaiting(workload)) {
      return undefined;
    }
    const key = objectKey(workload.metadata);
    return input.visibilityPositions.get(key) ?? computed.get(key);
  };

  const workloadsByJob = new Map<string, WorkloadLike>();
  for (const workload of input.workloads) {
    const owner = controllerOwner(workload);
    if (owner) {
      workloadsByJob.set(jobKey(owner.kind, workload.metadata.namespace ?? '', owner.name), workload);
    }
  }

  const podsByJob = new Map<string, string[]>();
  for (const pod of input.pods) {
    const job = jobNameOfPod(pod);
    if (job) {
      const key = jobKey(job.kind, pod.metadata.namespace ?? '', job.name);
      podsByJob.set(key, [...(podsByJob.get(key) ?? []), pod.metadata.name]);
    }
  }

  let clusterQueues: QueuesModel['clusterQueues'] = [];
  let entries: QuotaEntry[] = [];
  try {
    clusterQueues = clusterQueueRows(input.clusterQueues, input.workloads);
    entries = input.clusterQueues.flatMap((queue) => quotaEntries(queue));
  } catch (error) {
    errors.push(error instanceof Error ? error.message : String(error));
  }
  const used = sumWorkloadQuota(input.workloads, holdsUsage);
  const usedOf = (entry: QuotaEntry) => used.get(usageKey(entry.clusterQueue, entry.flavor, entry.resource)) ?? ZERO;

  // Counts come from the workloads, so they are right without a Kueue controller writing the queue's status.
  for (const row of clusterQueues) {
    const mine = input.workloads.filter((workload) => clusterQueueOf(workload.metadata.namespace ?? '', workload.spec?.queueName ?? '') === row.name);
    row.pendingWorkloads = mine.filter(isWaiting).length;
    row.admittedWorkloads = input.workloads.filter((workload) => workload.status?.admission?.clusterQueue === row.name && holdsUsage(workload)).length;
    row.reservingWorkloads = input.workloads.filter((workload) => workload.status?.admission?.clusterQueue === row.name && workloadState(workload).state !== 'finished' && (workloadState(workload).state === 'admitted' || workloadState(workload).state === 'quotaReserved')).length;
  }

  const workloads: WorkloadRow[] = input.workloads.map((workload) => {
    const { state, condition } = workloadState(workload);
    const namespace = workload.metadata.namespace ?? '';
    const queue = workload.spec?.queueName ?? '';
    const clusterQueue = workload.status?.admission?.clusterQueue ?? clusterQueueOf(namespace, queue);
    const owner = controllerOwner(workload);
    const position = positionOf(workload);
    const flavors: Record<string, string> = {};
    for (const { flavor, resource } of admissionUsage(workload)) {
      flavors[resource] = flavor;
    }
    let requests: WorkloadRow['requests'] = [];
    try {
      requests = [...workloadRequests(workload)].map(([resource, amount]) => ({ resource, amount: formatQuantity(amount) }));
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
    return {
      namespace,
      name: workload.metadata.name,
      queue,
      ...(clusterQueue ? { clusterQueue } : {}),
      state,
      ...(condition?.reason ? { stateReason: condition.reason } : {}),
      ...(condition?.message ? { stateMessage: condition.message } : {}),
      priority: workload.spec?.priority ?? 0,
      ...(workload.metadata.creationTimestamp ? { createdAt: workload.metadata.creationTimestamp } : {}),
      ...(owner ? { owner } : {}),
      requests,
      flavors,
      ...(position ? { position } : {}),
      conditions: (workload.status?.conditions ?? []).map(conditionView),
    };
  });

  const jobs: JobRow[] = [];
  for (const { kind, object } of input.jobs) {
    const key = jobKey(kind, object.metadata.namespace ?? '', object.metadata.name);
    const workload = workloadsByJob.get(key);
    const queuedByKueue = workload !== undefined && isWaiting(workload);
    try {
      jobs.push(jobRow(kind, object, { ...(workload ? { workload: workload.metadata.name } : {}), queuedByKueue, pods: podsByJob.get(key) ?? [] }));
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
  }

  return {
    clusterQueues,
    localQueues: localQueueRows(input.localQueues, input.workloads),
    workloads,
    jobs,
    pendingPods: pendingPodRows(input.pods),
    quotaEntries: entries,
    usedOf,
    clusterQueueOf,
    workloadOfJob: (kind, namespace, name) => workloadsByJob.get(jobKey(kind, namespace, name)),
    positionOf,
    errors,
  };
}
