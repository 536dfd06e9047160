import { join } from 'node:path';
import { startJupyter } from '../../jupyter';
import { appendPodLog } from '../../kwok';
import { startPrometheus } from '../../prometheus';
import type { ClusterContext, Profile } from '../../profile';
import { resolveServerPorts } from '../../servers/ports';
import { startDcgmExporterProcess, startOpenAIServerProcess } from '../../servers/spawn';
import { installDemoCrds } from './crds';
import { startKueueController } from './kueue-controller';
import { demoQueues, clusterQueueStatus, flavorObjects, localQueueStatus, queueObjects, workloadObject, workloadStatus, type QueuedJob } from './kueue';
import { demoNodeObjects, demoNodes, notReadyLabel } from './nodes';
import { demoEndpoints, inferenceServiceStatus, routeRules, servedModels, serviceObjects } from './services';
import { demoTenants, tenantObjects } from './tenants';
import {
  batchJobObject,
  demoBatchJobs,
  demoPyTorchJobs,
  pytorchJobObject,
  pytorchJobPodNames,
  pytorchJobPods,
  pytorchJobStatus,
  terminalPodStatus,
} from './training';
import { queuedJobs } from './workloads';

/**
 * What a new user sees in `npm run sandbox`. The cluster has GPU nodes of
 * several vendors and sharing modes, and three tenants with quotas and
 * members. Kueue queues hold admitted and pending workloads, and PyTorchJobs
 * exist in every state. Model endpoints are routed to a local
 * OpenAI-compatible server and a notebook to JupyterLab. Prometheus scrapes
 * DCGM-style GPU metrics.
 */
const demoProfile: Profile = {
  name: 'demo',
  description: 'realistic: 15 nodes (NVIDIA whole/MIG/time-sliced/HAMi, Ascend, Cambricon, MetaX, Hygon), 3 tenants, Kueue, PyTorchJobs, endpoints, notebook, Prometheus',
  includes: [],
  // kwok's node-not-ready stage keeps the node labelled with notReadyLabel NotReady.
  kwokStages: ['stage/fast', 'stage/node/chaos/node-not-ready.yaml'],

  async startLocalServers(context) {
    const [, openaiPort, dcgmPort] = await Promise.all([
      startJupyter(context),
      startOpenAIServerProcess(context, servedModels),
      startDcgmExporterProcess(context),
    ]);
    await startPrometheus(context, [
      { job: 'vllm', address: `127.0.0.1:${openaiPort}` },
      { job: 'dcgm-exporter', address: `127.0.0.1:${dcgmPort}` },
    ]);
  },

  async seed(context) {
    await installDemoCrds(context);
    await seedNodes(context);

    await context.apply(demoTenants.flatMap(tenantObjects));
    for (const tenant of demoTenants) {
      await context.waitForServiceAccount(tenant.namespace);
      // The quota admission plugin rejects objects with "status unknown for quota" until the quota controller has counted usage.
      await context.kubectl(['wait', '-n', tenant.namespace, 'resourcequota/tenant-quota', '--for=jsonpath={.status.hard.pods}', '--timeout=60s']);
    }
    await context.apply([...flavorObjects(), ...demoQueues.flatMap(queueObjects)]);

    const owners = await seedTraining(context);
    await context.apply(serviceObjects());
    await patchStatus(context, 'inferenceservices.serving.kserve.io', demoEndpoints.kserve.namespace, demoEndpoints.kserve.name, inferenceServiceStatus());

    await seedKueueStatus(context, queuedJobs(owners, await readJobTemplates(context)));
    await routeEndpoints(context);
    await seedDefaultLog(context);
    // Opt-in (DRUN_DEMO_KUEUE=1): the real Kueue manager then re-evaluates the seeded workloads.
    await startKueueController(context);
  },
};

export default demoProfile;

async function seedNodes(context: ClusterContext): Promise<void> {
  await context.apply(demoNodeObjects());
  await context.kubectl(['wait', '--for=condition=Ready', 'node', '-l', `!${notReadyLabel}`, '--timeout=60s']);
  // Pods must not land on the broken node before the node lifecycle controller taints it.
  await context.kubectl([
    'wait', `node/${demoNodes.h100Broken}`, '--timeout=90s',
    // The node also gets a NoExecute taint with the same key, so select by effect.
    '--for=jsonpath={.spec.taints[?(@.effect=="NoSchedule")].key}=node.kubernetes.io/not-ready',
  ]);
}

/** Job uid by `<namespace>/<name>`, for PyTorchJobs and batch Jobs. */
export type OwnerUids = Map<string, string>;

async function seedTraining(context: ClusterContext): Promise<OwnerUids> {
  await context.apply([...demoPyTorchJobs.map(pytorchJobObject), ...demoBatchJobs.map(batchJobObject)]);
  const owners = new Map<string, string>([
    ...(await readUids(context, 'pytorchjobs.kubeflow.org')),
    ...(await readUids(context, 'jobs.batch')),
  ]);

  const pods = demoPyTorchJobs.flatMap((job) => pytorchJobPods(job, owners.get(`${job.namespace}/${job.name}`) ?? ''));
  await context.apply(pods);

  // Finished jobs' pods first run, then get the terminal status a kubelet would report.
  for (const job of demoPyTorchJobs) {
    const names = pytorchJobPodNames(job);
    if (job.state === 'Succeeded' || job.state === 'Failed') {
      await context.kubectl(['wait', '-n', job.namespace, '--for=jsonpath={.status.phase}=Running', '--timeout=90s', ...names.map((name) => `pod/${name}`)]);
      for (const name of names) {
        const status = terminalPodStatus(job, name);
        if (status) await patchStatus(context, 'pods', job.namespace, name, status, 'strategic');
      }
    }
    await patchStatus(context, 'pytorchjobs.kubeflow.org', job.namespace, job.name, pytorchJobStatus(job));
  }
  return owners;
}

async function seedKueueStatus(context: ClusterContext, jobs: QueuedJob[]): Promise<void> {
  await context.apply(jobs.map(workloadObject));
  for (const job of jobs) {
    const name = (workloadObject(job) as { metadata: { name: string } }).metadata.name;
    await patchStatus(context, 'workloads.kueue.x-k8s.io', job.namespace, name, workloadStatus(job));
  }
  for (const queue of demoQueues) {
    await patchStatus(context, 'clusterqueues.kueue.x-k8s.io', undefined, queue.clusterQueue, clusterQueueStatus(queue, jobs));
    await patchStatus(context, 'localqueues.kueue.x-k8s.io', queue.namespace, queue.localQueue, localQueueStatus(queue, jobs));
  }
}

/**
 * Writes a short training log into the file that every pod without a route of
 * its own reads, so `logs` of a demo pod shows something instead of nothing.
 * ANSI colours are included on purpose: the log view renders them.
 */
async function seedDefaultLog(context: ClusterContext): Promise<void> {
  const lines = [
    '[2026-12-04 09:00:01] INFO  torch.distributed: initialized process group (backend=nccl, world_size=8)',
    '[2026-12-04 09:00:03] INFO  loading checkpoint shards: 100%|██████████| 30/30',
    '\u001b[33m[2026-12-04 09:00:04] WARN  gradient checkpointing is on; throughput will be lower\u001b[0m',
    ...Array.from({ length: 20 }, (_, step) => `[2026-12-04 09:${String(1 + step).padStart(2, '0')}:00] step ${(step + 1) * 50}/1000 loss=${(2.4 - step * 0.07).toFixed(3)} lr=2.0e-5 tokens/s=${31_000 + step * 40}`),
    '\u001b[32m[2026-12-04 09:21:10] INFO  saved checkpoint to /workspace/ckpt/step-1000\u001b[0m',
  ];
  await appendPodLog(join(context.runDir, 'pod-logs', 'default.log'), lines);
}

/**
 * Routes the endpoint and notebook pods to the local servers once they run.
 * NOTE: kwok matches routes by pod name, so a pod that its Deployment
 * replaces later (rollout restart, eviction) has no port-forward route.
 */
async function routeEndpoints(context: ClusterContext): Promise<void> {
  const localPorts = { openai: resolveServerPorts().openai, jupyter: context.ports.jupyter };
  for (const rule of routeRules) {
    await context.kubectl(['wait', '-n', rule.namespace, 'pod', '-l', rule.selector, '--for=jsonpath={.status.phase}=Running', '--timeout=120s']);
    const names = (await context.kubectl(['get', 'pods', '-n', rule.namespace, '-l', rule.selector, '-o', 'jsonpath={.items[*].metadata.name}'])).split(/\s+/).filter(Boolean);
    for (const name of names) {
      await context.routePod({ namespace: rule.namespace, name, ports: [{ podPort: rule.podPort, localPort: localPorts[rule.target] }] });
    }
  }
}

/**
 * Reads the batch Jobs' pod templates as stored, with the API server's
 * defaults, because Kueue deletes a Workload whose pod sets differ from its job's.
 */
async function readJobTemplates(context: ClusterContext): Promise<Map<string, { metadata: object; spec: object }>> {
  const list = JSON.parse(await context.kubectl(['get', 'jobs.batch', '-A', '-o', 'json'])) as {
    items: Array<{ metadata: { namespace: string; name: string }; spec: { template: { metadata?: object; spec: object } } }>;
  };
  return new Map(list.items.map((item) => [`${item.metadata.namespace}/${item.metadata.name}`, { metadata: item.spec.template.metadata ?? {}, spec: item.spec.template.spec }]));
}

async function readUids(context: ClusterContext, resource: string): Promise<OwnerUids> {
  const list = JSON.parse(await context.kubectl(['get', resource, '-A', '-o', 'json'])) as { items: Array<{ metadata: { namespace: string; name: string; uid: string } }> };
  return new Map(list.items.map((item) => [`${item.metadata.namespace}/${item.metadata.name}`, item.metadata.uid]));
}

/** Writes an object's status through the /status subresource, as its controller would. */
async function patchStatus(context: ClusterContext, resource: string, namespace: string | undefined, name: string, status: object, type: 'merge' | 'strategic' = 'merge'): Promise<void> {
  await context.kubectl([
    'patch', resource, name, ...(namespace ? ['-n', namespace] : []),
    '--subresource=status', `--type=${type}`, '-p', JSON.stringify({ status }),
  ]);
}
