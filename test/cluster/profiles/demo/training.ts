import { h100Selector, l40sSelector, podTemplate, type PodShape } from './pods';

/**
 * Training jobs of the demo: Kubeflow PyTorchJobs in each state the
 * training operator reports (Created, Running, Succeeded, Failed,
 * Suspended) with the pods the operator would have created, and plain batch
 * Jobs for Kueue. No training operator runs, so the seed writes the pods and
 * the jobs' status itself.
 */

export type PyTorchJobState = 'Created' | 'Running' | 'Succeeded' | 'Failed' | 'Suspended';

export interface ReplicaShape {
  replicas: number;
  pod: PodShape;
}

export interface PyTorchJobShape {
  namespace: string;
  name: string;
  state: PyTorchJobState;
  /** LocalQueue name; sets the `kueue.x-k8s.io/queue-name` label. */
  queue?: string;
  /** Minutes between creation of the job and now, for start and completion times. */
  ageMinutes: number;
  master: ReplicaShape;
  worker?: ReplicaShape;
}

const pytorchImage = 'nvcr.io/nvidia/pytorch:24.07-py3';

function trainer(gpus: Record<string, string>, cpu: string, memory: string, script: string): PodShape['containers'][number] {
  return {
    name: 'pytorch',
    image: pytorchImage,
    command: ['torchrun'],
    args: ['--nnodes=2', '--nproc-per-node=4', script],
    cpu,
    memory,
    accelerators: gpus,
    ports: [{ name: 'pytorchjob-port', containerPort: 23456 }],
  };
}

export const demoPyTorchJobs: PyTorchJobShape[] = [
  {
    namespace: 'team-a',
    name: 'llama3-8b-finetune',
    state: 'Running',
    queue: 'training',
    ageMinutes: 185,
    master: { replicas: 1, pod: { nodeSelector: h100Selector, containers: [trainer({ 'nvidia.com/gpu': '4' }, '32', '256Gi', 'finetune.py')] } },
    worker: { replicas: 1, pod: { nodeSelector: h100Selector, containers: [trainer({ 'nvidia.com/gpu': '4' }, '32', '256Gi', 'finetune.py')] } },
  },
  {
    namespace: 'team-a',
    name: 'mixtral-8x7b-dpo',
    state: 'Suspended',
    queue: 'training',
    ageMinutes: 42,
    master: { replicas: 1, pod: { nodeSelector: h100Selector, containers: [trainer({ 'nvidia.com/gpu': '8' }, '64', '512Gi', 'dpo.py')] } },
    worker: { replicas: 1, pod: { nodeSelector: h100Selector, containers: [trainer({ 'nvidia.com/gpu': '8' }, '64', '512Gi', 'dpo.py')] } },
  },
  {
    // Not managed by Kueue: its pods wait in the scheduler for 8 free H100 cards on one node.
    namespace: 'team-a',
    name: 'qwen2-72b-sft',
    state: 'Created',
    ageMinutes: 12,
    master: { replicas: 1, pod: { nodeSelector: h100Selector, containers: [trainer({ 'nvidia.com/gpu': '8' }, '64', '512Gi', 'sft.py')] } },
    worker: { replicas: 1, pod: { nodeSelector: h100Selector, containers: [trainer({ 'nvidia.com/gpu': '8' }, '64', '512Gi', 'sft.py')] } },
  },
  {
    namespace: 'team-a',
    name: 'bert-base-pretrain',
    state: 'Succeeded',
    ageMinutes: 1440,
    master: { replicas: 1, pod: { nodeSelector: l40sSelector, containers: [trainer({ 'nvidia.com/gpu': '1' }, '8', '64Gi', 'pretrain.py')] } },
    worker: { replicas: 1, pod: { nodeSelector: l40sSelector, containers: [trainer({ 'nvidia.com/gpu': '1' }, '8', '64Gi', 'pretrain.py')] } },
  },
  {
    namespace: 'team-b',
    name: 'resnet50-imagenet',
    state: 'Failed',
    ageMinutes: 300,
    master: { replicas: 1, pod: { nodeSelector: l40sSelector, containers: [trainer({ 'nvidia.com/gpu': '1' }, '16', '96Gi', 'train_imagenet.py')] } },
  },
  {
    namespace: 'team-b',
    name: 'pangu-alpha-pretrain',
    state: 'Running',
    queue: 'training',
    ageMinutes: 95,
    master: { replicas: 1, pod: { nodeSelector: { accelerator: 'huawei-Ascend910' }, containers: [{ ...trainer({ 'huawei.com/Ascend910': '4' }, '48', '384Gi', 'pretrain.py'), image: 'ascendhub.huawei.com/public-ascendhub/pytorch-modelzoo:24.0.RC2' }] } },
    worker: { replicas: 1, pod: { nodeSelector: { accelerator: 'huawei-Ascend910' }, containers: [{ ...trainer({ 'huawei.com/Ascend910': '4' }, '48', '384Gi', 'pretrain.py'), image: 'ascendhub.huawei.com/public-ascendhub/pytorch-modelzoo:24.0.RC2' }] } },
  },
];

type ReplicaType = 'Master' | 'Worker';

function replicas(job: PyTorchJobShape): Array<[ReplicaType, ReplicaShape]> {
  return job.worker ? [['Master', job.master], ['Worker', job.worker]] : [['Master', job.master]];
}

export function pytorchJobLabels(job: PyTorchJobShape): Record<string, string> {
  return job.queue ? { 'kueue.x-k8s.io/queue-name': job.queue } : {};
}

export function pytorchJobObject(job: PyTorchJobShape): object {
  const replicaSpecs = Object.fromEntries(
    replicas(job).map(([type, shape]) => [type, { replicas: shape.replicas, restartPolicy: 'OnFailure', template: podTemplate(shape.pod) }]),
  );
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'PyTorchJob',
    metadata: { name: job.name, namespace: job.namespace, labels: pytorchJobLabels(job) },
    spec: {
      runPolicy: { cleanPodPolicy: 'None', backoffLimit: 3, suspend: job.state === 'Suspended' },
      pytorchReplicaSpecs: replicaSpecs,
    },
  };
}

/** Lists the pod names the training operator gives: `<job>-<replica type>-<index>`. */
export function pytorchJobPodNames(job: PyTorchJobShape): string[] {
  if (job.state === 'Suspended') return [];
  return replicas(job).flatMap(([type, shape]) => Array.from({ length: shape.replicas }, (_, index) => `${job.name}-${type.toLowerCase()}-${index}`));
}

/** Builds the pods the training operator would create, owned by the PyTorchJob with `uid`. */
export function pytorchJobPods(job: PyTorchJobShape, uid: string): object[] {
  if (job.state === 'Suspended') return [];
  const worldSize = replicas(job).reduce((sum, [, shape]) => sum + shape.replicas, 0);
  let rank = 0;
  return replicas(job).flatMap(([type, shape]) =>
    Array.from({ length: shape.replicas }, (_, index) => {
      const template = podTemplate(shape.pod) as { metadata: object; spec: { containers: Array<Record<string, unknown>> } };
      const env = [
        { name: 'MASTER_ADDR', value: `${job.name}-master-0` },
        { name: 'MASTER_PORT', value: '23456' },
        { name: 'WORLD_SIZE', value: String(worldSize) },
        { name: 'RANK', value: String(rank) },
        { name: 'PYTHONUNBUFFERED', value: '1' },
      ];
      rank += 1;
      return {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `${job.name}-${type.toLowerCase()}-${index}`,
          namespace: job.namespace,
          labels: {
            'training.kubeflow.org/job-name': job.name,
            'training.kubeflow.org/operator-name': 'pytorchjob-controller',
            'training.kubeflow.org/replica-type': type.toLowerCase(),
            'training.kubeflow.org/replica-index': String(index),
            ...(type === 'Master' ? { 'training.kubeflow.org/job-role': 'master' } : {}),
          },
          ownerReferences: [{ apiVersion: 'kubeflow.org/v1', kind: 'PyTorchJob', name: job.name, uid, controller: true, blockOwnerDeletion: true }],
        },
        spec: {
          ...template.spec,
          restartPolicy: 'OnFailure',
          containers: template.spec.containers.map((entry) => ({ ...entry, env })),
        },
      };
    }),
  );
}

function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function condition(type: string, reason: string, message: string, at: string): object {
  return { type, status: 'True', reason, message, lastUpdateTime: at, lastTransitionTime: at };
}

/** Builds the status the training operator writes for the job's state. The last condition is the state. */
export function pytorchJobStatus(job: PyTorchJobShape): object {
  const created = minutesAgo(job.ageMinutes);
  const started = minutesAgo(Math.max(0, job.ageMinutes - 2));
  const finished = minutesAgo(Math.max(0, job.ageMinutes - 2) * 0.2);
  const conditions: object[] = [condition('Created', 'PyTorchJobCreated', `PyTorchJob ${job.namespace}/${job.name} is created.`, created)];
  const replicaStatuses: Record<string, object> = {};
  const selector = (type: ReplicaType) => `training.kubeflow.org/job-name=${job.name},training.kubeflow.org/operator-name=pytorchjob-controller,training.kubeflow.org/replica-type=${type.toLowerCase()}`;

  for (const [type, shape] of replicas(job)) {
    const counts = {
      Created: {},
      Running: { active: shape.replicas },
      Succeeded: { succeeded: shape.replicas },
      Failed: type === 'Master' ? { failed: 1 } : { active: 0 },
      Suspended: {},
    }[job.state];
    replicaStatuses[type] = { ...counts, selector: selector(type) };
  }

  switch (job.state) {
    case 'Running':
      conditions.push(condition('Running', 'PyTorchJobRunning', `PyTorchJob ${job.namespace}/${job.name} is running.`, started));
      return { conditions, replicaStatuses, startTime: started, lastReconcileTime: minutesAgo(1) };
    case 'Succeeded':
      conditions.push({ ...condition('Running', 'PyTorchJobRunning', `PyTorchJob ${job.namespace}/${job.name} is running.`, started), status: 'False' });
      conditions.push(condition('Succeeded', 'PyTorchJobSucceeded', `PyTorchJob ${job.namespace}/${job.name} successfully completed.`, finished));
      return { conditions, replicaStatuses, startTime: started, completionTime: finished };
    case 'Failed':
      conditions.push({ ...condition('Running', 'PyTorchJobRunning', `PyTorchJob ${job.namespace}/${job.name} is running.`, started), status: 'False' });
      conditions.push(condition('Failed', 'PyTorchJobFailed', `PyTorchJob ${job.namespace}/${job.name} has failed because 1 Master replica(s) failed.`, finished));
      return { conditions, replicaStatuses, startTime: started, completionTime: finished };
    case 'Suspended':
      conditions.push(condition('Suspended', 'PyTorchJobSuspended', `PyTorchJob ${job.namespace}/${job.name} is suspended.`, created));
      return { conditions, replicaStatuses };
    case 'Created':
      return { conditions, replicaStatuses };
  }
}

/** Builds the terminal status of a Succeeded or Failed job's pod, as a kubelet would report it. */
export function terminalPodStatus(job: PyTorchJobShape, podName: string): object | undefined {
  if (job.state !== 'Succeeded' && job.state !== 'Failed') return undefined;
  const failed = job.state === 'Failed' && podName.includes('-master-');
  const started = minutesAgo(Math.max(0, job.ageMinutes - 2));
  const finished = minutesAgo(Math.max(0, job.ageMinutes - 2) * 0.2);
  const terminated = failed
    ? { exitCode: 1, reason: 'Error', message: 'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.50 GiB', startedAt: started, finishedAt: finished }
    : { exitCode: 0, reason: 'Completed', startedAt: started, finishedAt: finished };
  return {
    phase: failed ? 'Failed' : 'Succeeded',
    conditions: [
      { type: 'Ready', status: 'False', reason: 'PodCompleted', lastTransitionTime: finished },
      { type: 'ContainersReady', status: 'False', reason: 'PodCompleted', lastTransitionTime: finished },
    ],
    containerStatuses: [{ name: 'pytorch', image: pytorchImage, imageID: '', ready: false, restartCount: failed ? 3 : 0, started: false, state: { terminated } }],
  };
}

/** Plain batch Jobs for Kueue: finished ones run to completion under kwok, pending ones stay suspended. */
export interface BatchJobShape {
  namespace: string;
  name: string;
  queue: string;
  suspended: boolean;
  gpus: Record<string, string>;
  nodeSelector: Record<string, string>;
  parallelism: number;
}

export const demoBatchJobs: BatchJobShape[] = [
  { namespace: 'team-a', name: 'eval-harness-mmlu', queue: 'training', suspended: false, gpus: { 'nvidia.com/gpu': '1' }, nodeSelector: h100Selector, parallelism: 1 },
  { namespace: 'team-a', name: 'llama3-70b-eval', queue: 'training', suspended: true, gpus: { 'nvidia.com/gpu': '8' }, nodeSelector: h100Selector, parallelism: 2 },
  { namespace: 'team-b', name: 'detector-train', queue: 'training', suspended: true, gpus: { 'nvidia.com/gpu': '2' }, nodeSelector: l40sSelector, parallelism: 2 },
  { namespace: 'team-c', name: 'nightly-regression', queue: 'batch', suspended: false, gpus: { 'nvidia.com/gpu': '1' }, nodeSelector: l40sSelector, parallelism: 1 },
];

export function batchJobObject(job: BatchJobShape): object {
  const template = podTemplate({
    restartPolicy: 'Never',
    nodeSelector: job.nodeSelector,
    containers: [{ name: 'main', image: 'python:3.12-slim', command: ['python', '-m', 'eval'], cpu: '8', memory: '32Gi', accelerators: job.gpus }],
  });
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: job.name, namespace: job.namespace, labels: { 'kueue.x-k8s.io/queue-name': job.queue } },
    spec: { suspend: job.suspended, parallelism: job.parallelism, completions: job.parallelism, backoffLimit: 2, template },
  };
}
