import { h100Selector, l40sSelector } from './pods';

/**
 * Kueue objects of the demo (API version v1beta2, the storage version of
 * Kueue 0.17): ResourceFlavors per accelerator, one ClusterQueue per tenant
 * in a shared cohort with borrowing and lending limits, LocalQueues, and
 * Workloads for the queued jobs. No Kueue controller runs, so the seed
 * writes the statuses Kueue would write, through the /status subresource.
 */

const api = 'kueue.x-k8s.io/v1beta2';
export const cohortName = 'ai-platform';

export function flavorObjects(): object[] {
  const flavor = (name: string, nodeLabels: Record<string, string>) => ({ apiVersion: api, kind: 'ResourceFlavor', metadata: { name }, spec: { nodeLabels } });
  return [
    flavor('default-cpu', {}),
    flavor('h100', h100Selector),
    flavor('l40s', l40sSelector),
    flavor('ascend-910b', { accelerator: 'huawei-Ascend910' }),
    { apiVersion: api, kind: 'Cohort', metadata: { name: cohortName }, spec: {} },
  ];
}

interface QueueQuota {
  cpu: string;
  memory: string;
  /** Per GPU flavor: nominal quota, borrowing and lending limits. */
  gpu: Array<{ flavor: 'h100' | 'l40s'; nominal: number; borrowingLimit?: number; lendingLimit?: number }>;
  ascend?: number;
}

export interface QueueShape {
  namespace: string;
  clusterQueue: string;
  localQueue: string;
  quota: QueueQuota;
}

export const demoQueues: QueueShape[] = [
  {
    namespace: 'team-a',
    clusterQueue: 'team-a-cq',
    localQueue: 'training',
    quota: { cpu: '256', memory: '2Ti', gpu: [{ flavor: 'h100', nominal: 12, borrowingLimit: 4, lendingLimit: 4 }] },
  },
  {
    namespace: 'team-b',
    clusterQueue: 'team-b-cq',
    localQueue: 'training',
    quota: { cpu: '192', memory: '1536Gi', gpu: [{ flavor: 'h100', nominal: 4, lendingLimit: 4 }, { flavor: 'l40s', nominal: 1, borrowingLimit: 1 }], ascend: 8 },
  },
  {
    namespace: 'team-c',
    clusterQueue: 'team-c-cq',
    localQueue: 'batch',
    quota: { cpu: '128', memory: '1Ti', gpu: [{ flavor: 'l40s', nominal: 3, lendingLimit: 1 }] },
  },
];

export function queueObjects(queue: QueueShape): object[] {
  const limit = (name: string, value: number | undefined) => (value === undefined ? {} : { [name]: String(value) });
  const resourceGroups: object[] = [
    { coveredResources: ['cpu', 'memory'], flavors: [{ name: 'default-cpu', resources: [{ name: 'cpu', nominalQuota: queue.quota.cpu }, { name: 'memory', nominalQuota: queue.quota.memory }] }] },
    {
      coveredResources: ['nvidia.com/gpu'],
      flavors: queue.quota.gpu.map((entry) => ({
        name: entry.flavor,
        resources: [{ name: 'nvidia.com/gpu', nominalQuota: String(entry.nominal), ...limit('borrowingLimit', entry.borrowingLimit), ...limit('lendingLimit', entry.lendingLimit) }],
      })),
    },
  ];
  if (queue.quota.ascend !== undefined) {
    resourceGroups.push({ coveredResources: ['huawei.com/Ascend910'], flavors: [{ name: 'ascend-910b', resources: [{ name: 'huawei.com/Ascend910', nominalQuota: String(queue.quota.ascend) }] }] });
  }
  return [
    {
      apiVersion: api,
      kind: 'ClusterQueue',
      metadata: { name: queue.clusterQueue },
      spec: {
        cohortName,
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': queue.namespace } },
        queueingStrategy: 'BestEffortFIFO',
        preemption: { reclaimWithinCohort: 'Any', borrowWithinCohort: { policy: 'Never' }, withinClusterQueue: 'LowerPriority' },
        flavorFungibility: { whenCanBorrow: 'MayStopSearch', whenCanPreempt: 'TryNextFlavor' },
        resourceGroups,
      },
    },
    { apiVersion: api, kind: 'LocalQueue', metadata: { name: queue.localQueue, namespace: queue.namespace }, spec: { clusterQueue: queue.clusterQueue } },
  ];
}

/** A queued job in Kueue's terms: one Workload per job, owned by the job. */
export interface QueuedJob {
  namespace: string;
  /** Kind and API version of the owner (PyTorchJob or Job). */
  owner: { apiVersion: string; kind: string; name: string; uid: string };
  queue: string;
  clusterQueue: string;
  /** Pod sets with their pod templates (spec.containers carry the requests). */
  podSets: Array<{ name: string; count: number; template: { metadata: object; spec: object }; flavors: Record<string, string> }>;
  state: 'admitted' | 'pending' | 'finished';
  /** For pending workloads: Kueue's message about the missing quota. */
  pendingMessage?: string;
  ageMinutes: number;
}

/** Kueue's Workload name: `<kind lowercased>-<job name>-<5 hex chars of the job uid>`. */
export function workloadName(job: QueuedJob): string {
  return `${job.owner.kind.toLowerCase()}-${job.owner.name}-${job.owner.uid.replace(/-/g, '').slice(0, 5)}`;
}

export function workloadObject(job: QueuedJob): object {
  return {
    apiVersion: api,
    kind: 'Workload',
    metadata: {
      name: workloadName(job),
      namespace: job.namespace,
      labels: { 'kueue.x-k8s.io/job-uid': job.owner.uid },
      ownerReferences: [{ ...job.owner, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      queueName: job.queue,
      priority: 0,
      active: true,
      podSets: job.podSets.map((podSet) => ({ name: podSet.name, count: podSet.count, template: podSet.template })),
    },
  };
}

function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Resources of one pod of a pod set: the sum of its containers' requests. */
export function podRequests(template: { spec: object }): Record<string, string> {
  const totals: Record<string, number> = {};
  const containers = (template.spec as { containers?: Array<{ resources?: { requests?: Record<string, string> } }> }).containers ?? [];
  for (const entry of containers) {
    for (const [name, value] of Object.entries(entry.resources?.requests ?? {})) {
      totals[name] = (totals[name] ?? 0) + parseQuantity(value);
    }
  }
  return Object.fromEntries(Object.entries(totals).map(([name, value]) => [name, formatQuantity(name, value)]));
}

/** Status Kueue writes for the workload's state. */
export function workloadStatus(job: QueuedJob): object {
  const created = minutesAgo(job.ageMinutes);
  const admittedAt = minutesAgo(Math.max(0, job.ageMinutes - 1));
  const condition = (type: string, status: 'True' | 'False', reason: string, message: string, at: string) => ({ type, status, reason, message, lastTransitionTime: at, observedGeneration: 1 });
  const resourceRequests = job.podSets.map((podSet) => ({ name: podSet.name, resources: scale(podRequests(podSet.template), 1) }));

  if (job.state === 'pending') {
    return {
      conditions: [condition('QuotaReserved', 'False', 'Pending', job.pendingMessage ?? 'couldn\'t assign flavors to pod set main: insufficient unused quota', created)],
      resourceRequests,
      requeueState: { count: 1, requeueAt: minutesAgo(-2) },
    };
  }

  const admission = {
    clusterQueue: job.clusterQueue,
    podSetAssignments: job.podSets.map((podSet) => ({
      name: podSet.name,
      count: podSet.count,
      flavors: podSet.flavors,
      resourceUsage: scale(podRequests(podSet.template), podSet.count),
    })),
  };
  const conditions = [
    condition('QuotaReserved', 'True', 'QuotaReserved', `Quota reserved in ClusterQueue ${job.clusterQueue}`, admittedAt),
    condition('Admitted', 'True', 'Admitted', 'The workload is admitted', admittedAt),
    condition('PodsReady', 'True', 'PodsReady', 'All pods reached readiness and the workload is running', admittedAt),
  ];
  if (job.state === 'finished') {
    conditions.push(condition('Finished', 'True', 'Succeeded', 'Job finished successfully', minutesAgo(Math.max(0, job.ageMinutes - 3))));
  }
  return { admission, conditions, resourceRequests };
}

/** Status of a ClusterQueue computed from its workloads. */
export function clusterQueueStatus(queue: QueueShape, jobs: readonly QueuedJob[]): object {
  const mine = jobs.filter((job) => job.clusterQueue === queue.clusterQueue);
  const admitted = mine.filter((job) => job.state === 'admitted');
  const pending = mine.filter((job) => job.state === 'pending');
  const usage = flavorUsage(queue, admitted);
  return {
    conditions: [{ type: 'Active', status: 'True', reason: 'Ready', message: 'Can admit new workloads', lastTransitionTime: minutesAgo(600), observedGeneration: 1 }],
    pendingWorkloads: pending.length,
    reservingWorkloads: admitted.length,
    admittedWorkloads: admitted.length,
    flavorsReservation: usage,
    flavorsUsage: usage,
  };
}

export function localQueueStatus(queue: QueueShape, jobs: readonly QueuedJob[]): object {
  const mine = jobs.filter((job) => job.clusterQueue === queue.clusterQueue && job.queue === queue.localQueue);
  const admitted = mine.filter((job) => job.state === 'admitted');
  const usage = flavorUsage(queue, admitted).map((entry) => ({
    name: entry.name,
    resources: entry.resources.map(({ name, total }) => ({ name, total })),
  }));
  return {
    conditions: [{ type: 'Active', status: 'True', reason: 'Ready', message: 'Can submit new workloads to localQueue', lastTransitionTime: minutesAgo(600), observedGeneration: 1 }],
    pendingWorkloads: mine.filter((job) => job.state === 'pending').length,
    reservingWorkloads: admitted.length,
    admittedWorkloads: admitted.length,
    flavorsReservation: usage,
    flavorsUsage: usage,
  };
}

function flavorUsage(queue: QueueShape, admitted: readonly QueuedJob[]): Array<{ name: string; resources: Array<{ name: string; total: string; borrowed: string }> }> {
  const totals = new Map<string, Map<string, number>>();
  for (const job of admitted) {
    for (const podSet of job.podSets) {
      for (const [resource, value] of Object.entries(podRequests(podSet.template))) {
        const flavor = podSet.flavors[resource];
        if (!flavor) continue;
        const byResource = totals.get(flavor) ?? new Map<string, number>();
        byResource.set(resource, (byResource.get(resource) ?? 0) + parseQuantity(value) * podSet.count);
        totals.set(flavor, byResource);
      }
    }
  }
  const nominal = (flavor: string, resource: string): number => {
    if (resource === 'nvidia.com/gpu') return queue.quota.gpu.find((entry) => entry.flavor === flavor)?.nominal ?? 0;
    if (resource === 'huawei.com/Ascend910') return queue.quota.ascend ?? 0;
    return parseQuantity(resource === 'cpu' ? queue.quota.cpu : queue.quota.memory);
  };
  const flavors = ['default-cpu', ...queue.quota.gpu.map((entry) => entry.flavor), ...(queue.quota.ascend !== undefined ? ['ascend-910b'] : [])];
  return flavors.map((flavor) => {
    const resources = flavor === 'default-cpu' ? ['cpu', 'memory'] : flavor === 'ascend-910b' ? ['huawei.com/Ascend910'] : ['nvidia.com/gpu'];
    return {
      name: flavor,
      resources: resources.map((resource) => {
        const total = totals.get(flavor)?.get(resource) ?? 0;
        return { name: resource, total: formatQuantity(resource, total), borrowed: formatQuantity(resource, Math.max(0, total - nominal(flavor, resource))) };
      }),
    };
  });
}

function scale(requests: Record<string, string>, count: number): Record<string, string> {
  return Object.fromEntries(Object.entries(requests).map(([name, value]) => [name, formatQuantity(name, parseQuantity(value) * count)]));
}

const binarySuffixes: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };

/** Parses the quantities this profile writes: plain numbers, `m` millicores and binary suffixes. */
export function parseQuantity(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|Ti)?$/.exec(value);
  if (!match) throw new Error(`demo: quantity ${JSON.stringify(value)} is not in a supported form (e.g. 8, 500m, 64Gi)`);
  const number = Number(match[1]);
  const suffix = match[2];
  if (suffix === 'm') return number / 1000;
  return suffix ? number * (binarySuffixes[suffix] ?? 1) : number;
}

function formatQuantity(resource: string, value: number): string {
  if (resource === 'memory') return value % 2 ** 40 === 0 && value > 0 ? `${value / 2 ** 40}Ti` : `${Math.round(value / 2 ** 30)}Gi`;
  return Number.isInteger(value) ? String(value) : `${Math.round(value * 1000)}m`;
}
