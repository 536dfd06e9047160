/**
 * The Queues service against the local cluster. No Kueue controller runs in
 * the `test` profile: the test writes the Workload statuses Kueue would write
 * (through /status) and checks what the service reads from them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeJson } from '../../../main/clusters/request';
import type { JobTemplateInput } from '../../../shared/models/queues';
import { isAppErrorException } from '../../../shared/result';
import { kubeConfigFor, uniqueName, waitFor } from '../cluster/support';
import { create, installCrds, kubectl, KUEUE_API, patchStatus, startService, type ServiceUnderTest } from './support';

const id = uniqueName('q');
const namespace = id;
const flavor = `${id}-h100`;
const clusterQueue = `${id}-cq`;
const localQueue = 'training';
const NOMINAL_GPUS = 4;

/** Builds a batch Job that Kueue would manage: suspended, labelled with the queue. */
function queuedJob(name: string, gpus: number, resource = 'nvidia.com/gpu'): object {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace, labels: { 'kueue.x-k8s.io/queue-name': localQueue } },
    spec: {
      suspend: true,
      parallelism: 1,
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36', resources: { requests: { [resource]: String(gpus) }, limits: { [resource]: String(gpus) } } }] } },
    },
  };
}

interface WorkloadSpec {
  job: string;
  gpus: number;
  count: number;
  state: 'admitted' | 'pending';
  ageMinutes: number;
  resource?: string;
}

const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Creates the job and its Workload (owned by the job, as Kueue names it), then writes the Workload's status. */
async function jobWithWorkload(spec: WorkloadSpec): Promise<string> {
  const resource = spec.resource ?? 'nvidia.com/gpu';
  const job = await create(`/apis/batch/v1/namespaces/${namespace}/jobs`, queuedJob(spec.job, spec.gpus, resource));
  const name = `job-${spec.job}-${job.metadata.uid.slice(0, 5)}`;
  const template = { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36', resources: { requests: { [resource]: String(spec.gpus) } } }] } };
  await create(`${KUEUE_API}/namespaces/${namespace}/workloads`, {
    apiVersion: 'kueue.x-k8s.io/v1beta2',
    kind: 'Workload',
    metadata: { name, namespace, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: spec.job, uid: job.metadata.uid, controller: true }] },
    spec: { queueName: localQueue, priority: 0, active: true, podSets: [{ name: 'main', count: spec.count, template }] },
  });
  const path = `${KUEUE_API}/namespaces/${namespace}/workloads/${name}`;
  const since = at(spec.ageMinutes);
  if (spec.state === 'admitted') {
    await patchStatus(path, {
      conditions: [
        { type: 'QuotaReserved', status: 'True', reason: 'QuotaReserved', message: `Quota reserved in ClusterQueue ${clusterQueue}`, lastTransitionTime: since },
        { type: 'Admitted', status: 'True', reason: 'Admitted', message: 'The workload is admitted', lastTransitionTime: since },
      ],
      admission: { clusterQueue, podSetAssignments: [{ name: 'main', count: spec.count, flavors: { [resource]: flavor }, resourceUsage: { [resource]: String(spec.gpus * spec.count) } }] },
    });
  } else {
    await patchStatus(path, {
      conditions: [{ type: 'QuotaReserved', status: 'False', reason: 'Pending', message: `couldn't assign flavors to pod set main: insufficient unused quota for ${resource} in flavor ${flavor}`, lastTransitionTime: since }],
    });
  }
  return name;
}

describe('Queues service on the local cluster', () => {
  let admin: ServiceUnderTest;

  beforeAll(async () => {
    await installCrds();
    await kubectl(['create', 'namespace', namespace]);
    await create(`${KUEUE_API}/resourceflavors`, { apiVersion: 'kueue.x-k8s.io/v1beta2', kind: 'ResourceFlavor', metadata: { name: flavor }, spec: { nodeLabels: { 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3' } } });
    await create(`${KUEUE_API}/clusterqueues`, {
      apiVersion: 'kueue.x-k8s.io/v1beta2',
      kind: 'ClusterQueue',
      metadata: { name: clusterQueue },
      spec: {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
        queueingStrategy: 'BestEffortFIFO',
        resourceGroups: [{ coveredResources: ['nvidia.com/gpu'], flavors: [{ name: flavor, resources: [{ name: 'nvidia.com/gpu', nominalQuota: String(NOMINAL_GPUS) }] }] }],
      },
    });
    await create(`${KUEUE_API}/namespaces/${namespace}/localqueues`, { apiVersion: 'kueue.x-k8s.io/v1beta2', kind: 'LocalQueue', metadata: { name: localQueue, namespace }, spec: { clusterQueue } });

    // 2 pods × 1 GPU + 1 pod × 1 GPU admitted: 3 of 4 GPUs used, 1 free.
    await jobWithWorkload({ job: 'running-a', gpus: 1, count: 2, state: 'admitted', ageMinutes: 30 });
    await jobWithWorkload({ job: 'running-b', gpus: 1, count: 1, state: 'admitted', ageMinutes: 25 });
    // Needs 2, only 1 is free: waits for quota, first in line.
    await jobWithWorkload({ job: 'needs-two', gpus: 2, count: 1, state: 'pending', ageMinutes: 10 });
    // Kueue orders equal priorities by creation time, which has whole-second resolution.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // Needs 1, which is free, but waits behind needs-two.
    await jobWithWorkload({ job: 'behind', gpus: 1, count: 1, state: 'pending', ageMinutes: 5 });
    // Asks for a resource the ClusterQueue has no quota for.
    await jobWithWorkload({ job: 'no-quota', gpus: 1, count: 1, state: 'pending', ageMinutes: 3, resource: 'huawei.com/Ascend910' });

    admin = await startService('admin');
  });

  afterAll(async () => {
    admin?.dispose();
    await kubectl(['delete', 'namespace', namespace, '--wait=false']).catch(() => undefined);
    await kubectl(['delete', 'clusterqueues.kueue.x-k8s.io', clusterQueue, '--ignore-not-found']).catch(() => undefined);
    await kubectl(['delete', 'resourceflavors.kueue.x-k8s.io', flavor, '--ignore-not-found']).catch(() => undefined);
  });

  it('reads Kueue in v1beta2', async () => {
    const snapshot = await admin.snapshot('the ClusterQueue', (s) => s.clusterQueues.some((row) => row.name === clusterQueue));
    expect(snapshot.capabilities.kueueVersion).toBe('v1beta2');
    expect(snapshot.missing).not.toContain('kueue.x-k8s.io');
  });

  it('computes queue usage from the admitted workloads', async () => {
    // What the test expects from its own objects: admitted pods × GPUs per pod.
    const expectedUsed = 2 * 1 + 1 * 1;
    const snapshot = await admin.snapshot('usage of 3 GPUs', (s) => s.clusterQueues.find((row) => row.name === clusterQueue)?.quotas[0]?.used === String(expectedUsed));
    const row = snapshot.clusterQueues.find((candidate) => candidate.name === clusterQueue)!;

    expect(row.quotas[0]).toMatchObject({ flavor, resource: 'nvidia.com/gpu', nominal: String(NOMINAL_GPUS), used: '3', reserved: '3', available: String(NOMINAL_GPUS - expectedUsed) });
    expect(row.admittedWorkloads).toBe(2);
    expect(row.pendingWorkloads).toBe(3);
    const local = snapshot.localQueues.find((queue) => queue.namespace === namespace)!;
    expect(local.used).toEqual([{ flavor, resource: 'nvidia.com/gpu', total: '3' }]);
  });

  it('explains a wait for quota with the arithmetic', async () => {
    const explanation = await admin.service.explain({ contextId: admin.contextId, kind: 'Job', namespace, name: 'needs-two' }, admin.context);

    expect(explanation.pending).toBe(true);
    expect(explanation.reasons[0]).toMatchObject({ code: 'insufficientQuota', params: { requested: '2', nominal: '4', used: '3', borrowable: '0', available: '1', missing: '1', flavor } });
    expect(explanation.position).toMatchObject({ inClusterQueue: 1, source: 'computed' });
  });

  it('explains a wait behind other workloads', async () => {
    const explanation = await admin.service.explain({ contextId: admin.contextId, kind: 'Job', namespace, name: 'behind' }, admin.context);

    expect(explanation.reasons.map((reason) => reason.code)).toEqual(['behindOthers']);
    expect(explanation.reasons[0]?.params).toEqual({ ahead: 1, source: 'computed' });
  });

  it('explains a resource without quota', async () => {
    const explanation = await admin.service.explain({ contextId: admin.contextId, kind: 'Job', namespace, name: 'no-quota' }, admin.context);

    expect(explanation.reasons[0]).toMatchObject({ code: 'noQuotaForResource', params: { resource: 'huawei.com/Ascend910', clusterQueue } });
  });

  it('explains a pod that fits no node', async () => {
    await create(`/apis/batch/v1/namespaces/${namespace}/jobs`, {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'too-big', namespace },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36', resources: { limits: { 'nvidia.com/gpu': '16' } } }] } } },
    });
    await waitFor('a FailedScheduling event for the too-big pod', async () => {
      const events = await kubeJson<{ items: Array<{ reason: string; involvedObject: { name: string } }> }>(kubeConfigFor('admin'), `/api/v1/namespaces/${namespace}/events`);
      return events.items.find((event) => event.reason === 'FailedScheduling' && event.involvedObject.name.startsWith('too-big')) ? true : undefined;
    });
    await admin.snapshot('the too-big pod', (s) => (s.jobs.find((job) => job.name === 'too-big')?.pods.length ?? 0) > 0);

    const explanation = await admin.service.explain({ contextId: admin.contextId, kind: 'Job', namespace, name: 'too-big' }, admin.context);

    expect(explanation.state).toBe('Pending');
    expect(explanation.reasons[0]).toMatchObject({ code: 'insufficientResource', params: { resource: 'nvidia.com/gpu' } });
    const snapshot = await admin.snapshot('the pending pod', (s) => s.pendingPods.some((pod) => pod.namespace === namespace));
    expect(snapshot.pendingPods.find((pod) => pod.namespace === namespace)?.reason).toBe('Unschedulable');
  });

  it('submits a PyTorchJob exactly as previewed', async () => {
    const input: JobTemplateInput = { template: 'pytorchjob', namespace, name: 'llama-lora', queue: localQueue, image: 'nvcr.io/nvidia/pytorch:24.07-py3', command: ['torchrun', 'finetune.py'], gpus: 2, gpuResource: 'nvidia.com/gpu', workers: 1 };
    const preview = await admin.service.preview({ contextId: admin.contextId, input }, admin.context);
    const dryRun = await admin.service.submit({ contextId: admin.contextId, input, dryRun: true }, admin.context);
    const afterDryRun = await kubeJson(kubeConfigFor('admin'), `/apis/kubeflow.org/v1/namespaces/${namespace}/pytorchjobs/llama-lora`).catch((error: { code?: number }) => error.code);

    expect(dryRun.dryRun).toBe(true);
    expect(dryRun.kubectl).toContain('--dry-run=server');
    expect(afterDryRun).toBe(404);

    const submitted = await admin.service.submit({ contextId: admin.contextId, input, dryRun: false }, admin.context);
    const stored = await kubeJson<Record<string, unknown>>(kubeConfigFor('admin'), `/apis/kubeflow.org/v1/namespaces/${namespace}/pytorchjobs/llama-lora`);

    expect(submitted.dryRun).toBe(false);
    expect(stored['spec']).toEqual(preview.object['spec']);
    expect(stored['metadata']).toMatchObject(preview.object['metadata'] as object);
  });

  it('refuses invalid template values before sending', async () => {
    const input: JobTemplateInput = { template: 'batch-job', namespace, name: 'bad', queue: 'no-such-queue', image: 'nvcr.io/nvidia/pytorch:24.07-py3', command: ['python'], gpus: -1, gpuResource: 'nvidia.com/gpu', workers: 0 };
    const failure = await admin.service.submit({ contextId: admin.contextId, input, dryRun: false }, admin.context).catch((error: unknown) => error);

    expect(isAppErrorException(failure)).toBe(true);
    const error = (failure as { appError: { kind: string; message: string } }).appError;
    expect(error.kind).toBe('InvalidInput');
    expect(error.message).toContain('GPU count -1');
    expect(error.message).toContain('Queue "no-such-queue"');
    const stored = await kubeJson(kubeConfigFor('admin'), `/apis/batch/v1/namespaces/${namespace}/jobs/bad`).catch((e: { code?: number }) => e.code);
    expect(stored).toBe(404);
  });

  it('suspends and deletes a job with the kubectl equivalent', async () => {
    await create(`/apis/batch/v1/namespaces/${namespace}/jobs`, { ...(queuedJob('plain', 0) as object), metadata: { name: 'plain', namespace }, spec: { suspend: false, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36' }] } } } });
    await admin.snapshot('the plain job', (s) => s.jobs.some((job) => job.name === 'plain'));

    const suspended = await admin.service.act({ contextId: admin.contextId, kind: 'Job', namespace, name: 'plain', action: 'suspend' }, admin.context);
    const job = await kubeJson<{ spec: { suspend: boolean } }>(kubeConfigFor('admin'), `/apis/batch/v1/namespaces/${namespace}/jobs/plain`);
    expect(suspended.kubectl).toBe(`kubectl patch jobs.batch plain -n ${namespace} --type=merge -p '{"spec":{"suspend":true}}'`);
    expect(job.spec.suspend).toBe(true);

    const deleted = await admin.service.act({ contextId: admin.contextId, kind: 'Job', namespace, name: 'plain', action: 'delete' }, admin.context);
    expect(deleted.kubectl).toBe(`kubectl delete jobs.batch plain -n ${namespace}`);
    await admin.snapshot('the plain job gone', (s) => !s.jobs.some((candidate) => candidate.name === 'plain'));
  });
});

describe('Queues service as a tenant', () => {
  let alice: ServiceUnderTest;
  const name = uniqueName('alice-ft');
  const input = (targetNamespace: string): JobTemplateInput => ({ template: 'batch-job', namespace: targetNamespace, name, queue: '', image: 'busybox:1.36', command: ['sh', '-c', 'echo done'], gpus: 0, gpuResource: 'nvidia.com/gpu', workers: 0 });

  beforeAll(async () => {
    await installCrds();
    alice = await startService('alice');
  });

  afterAll(async () => {
    alice?.dispose();
    await kubectl(['delete', 'job', name, '-n', 'team-a', '--ignore-not-found']).catch(() => undefined);
  });

  it('limits the lists to her namespace and names what she may not read', async () => {
    const snapshot = await alice.snapshot('a first snapshot', () => true);
    expect(snapshot.namespace).toBe('team-a');
    expect(snapshot.forbidden).toContainEqual({ resource: 'clusterqueues.kueue.x-k8s.io' });
  });

  it('submits in her own namespace', async () => {
    const result = await alice.service.submit({ contextId: alice.contextId, input: input('team-a'), dryRun: false }, alice.context);
    expect(result.object['metadata']).toMatchObject({ name, namespace: 'team-a' });
  });

  it('gets a clear Forbidden in another namespace', async () => {
    const failure = await alice.service.submit({ contextId: alice.contextId, input: input('default'), dryRun: true }, alice.context).catch((error: unknown) => error);

    expect(isAppErrorException(failure)).toBe(true);
    const error = (failure as { appError: { kind: string; message: string; denied?: object } }).appError;
    expect(error.kind).toBe('Forbidden');
    expect(error.denied).toEqual({ verb: 'patch', resource: 'jobs', group: 'batch', namespace: 'default' });
    expect(error.message).toContain('You may not patch jobs in namespace default');
  });

  it('may not delete a job in another namespace', async () => {
    const failure = await alice.service.act({ contextId: alice.contextId, kind: 'Job', namespace: 'default', name: 'anything', action: 'delete' }, alice.context).catch((error: unknown) => error);
    expect((failure as { appError: { kind: string } }).appError.kind).toBe('Forbidden');
  });
});
