import { demoQueues, type QueuedJob } from './kueue';
import { podTemplate } from './pods';
import { batchJobObject, demoBatchJobs, demoPyTorchJobs, type PyTorchJobShape } from './training';

/**
 * The Kueue Workloads of the demo's queued jobs: Kueue-managed PyTorchJobs
 * (admitted while running, pending while suspended) and batch Jobs
 * (finished once complete, pending while suspended).
 */

/** Messages in the form Kueue's scheduler writes to QuotaReserved=False. */
const pendingMessages: Record<string, string> = {
  'team-a/mixtral-8x7b-dpo': 'couldn\'t assign flavors to pod set master: insufficient unused quota for nvidia.com/gpu in flavor h100, 4 more needed',
  'team-a/llama3-70b-eval': 'couldn\'t assign flavors to pod set main: insufficient unused quota for nvidia.com/gpu in flavor h100, 8 more needed',
  'team-b/detector-train': 'couldn\'t assign flavors to pod set main: insufficient quota for nvidia.com/gpu in flavor l40s, request > maximum capacity (4 > 2)',
};

function clusterQueueOf(namespace: string): string {
  const queue = demoQueues.find((entry) => entry.namespace === namespace);
  if (!queue) throw new Error(`demo: no ClusterQueue for namespace ${namespace}`);
  return queue.clusterQueue;
}

/** Flavor of each requested resource, from the pod's node selector. */
function flavorsFor(template: { spec: object }): Record<string, string> {
  const spec = template.spec as { nodeSelector?: Record<string, string>; containers?: Array<{ resources?: { requests?: Record<string, string> } }> };
  const product = spec.nodeSelector?.['nvidia.com/gpu.product'];
  const flavors: Record<string, string> = { cpu: 'default-cpu', memory: 'default-cpu' };
  for (const entry of spec.containers ?? []) {
    for (const resource of Object.keys(entry.resources?.requests ?? {})) {
      if (resource === 'nvidia.com/gpu') flavors[resource] = product === 'NVIDIA-L40S' ? 'l40s' : 'h100';
      if (resource === 'huawei.com/Ascend910') flavors[resource] = 'ascend-910b';
    }
  }
  return flavors;
}

function pytorchQueuedJob(job: PyTorchJobShape, uid: string): QueuedJob {
  const replicaSets = job.worker ? [['master', job.master], ['worker', job.worker]] as const : [['master', job.master]] as const;
  return {
    namespace: job.namespace,
    owner: { apiVersion: 'kubeflow.org/v1', kind: 'PyTorchJob', name: job.name, uid },
    queue: job.queue ?? '',
    clusterQueue: clusterQueueOf(job.namespace),
    podSets: replicaSets.map(([name, shape]) => {
      const template = podTemplate(shape.pod);
      return { name, count: shape.replicas, template, flavors: flavorsFor(template) };
    }),
    state: workloadState(job),
    ...(pendingMessages[`${job.namespace}/${job.name}`] ? { pendingMessage: pendingMessages[`${job.namespace}/${job.name}`] as string } : {}),
    ageMinutes: job.ageMinutes,
  };
}

function workloadState(job: PyTorchJobShape): QueuedJob['state'] {
  if (job.state === 'Running') return 'admitted';
  if (job.state === 'Succeeded') return 'finished';
  return 'pending';
}

/**
 * Builds the Workload inputs of every queued job. `owners` maps
 * `<namespace>/<name>` to the job's uid, `jobTemplates` to a batch Job's
 * stored pod template.
 */
export function queuedJobs(owners: Map<string, string>, jobTemplates: Map<string, { metadata: object; spec: object }>): QueuedJob[] {
  const uid = (namespace: string, name: string): string => {
    const value = owners.get(`${namespace}/${name}`);
    if (!value) throw new Error(`demo: job ${namespace}/${name} was not found after it was applied`);
    return value;
  };

  const fromPyTorch = demoPyTorchJobs.filter((job) => job.queue).map((job) => pytorchQueuedJob(job, uid(job.namespace, job.name)));
  const fromBatch = demoBatchJobs.map((job): QueuedJob => {
    const template = jobTemplates.get(`${job.namespace}/${job.name}`) ?? (batchJobObject(job) as { spec: { template: { metadata: object; spec: object } } }).spec.template;
    const message = pendingMessages[`${job.namespace}/${job.name}`];
    return {
      namespace: job.namespace,
      owner: { apiVersion: 'batch/v1', kind: 'Job', name: job.name, uid: uid(job.namespace, job.name) },
      queue: job.queue,
      clusterQueue: clusterQueueOf(job.namespace),
      podSets: [{ name: 'main', count: job.parallelism, template, flavors: flavorsFor(template) }],
      state: job.suspended ? 'pending' : 'finished',
      ...(message ? { pendingMessage: message } : {}),
      ageMinutes: job.suspended ? 20 : 240,
    };
  });
  return [...fromPyTorch, ...fromBatch];
}
