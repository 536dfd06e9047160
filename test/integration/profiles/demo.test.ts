import { spawn, type ChildProcess } from 'node:child_process';

import { PatchStrategy, RbacAuthorizationV1Api, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, describe, expect, it } from 'vitest';

import { demoNodeAccelerators, demoNodes } from '../../cluster/profiles/demo/nodes';
import { demoEndpoints } from '../../cluster/profiles/demo/services';
import { demoTenants, tenantLabel } from '../../cluster/profiles/demo/tenants';
import { demoPyTorchJobs } from '../../cluster/profiles/demo/training';
import { UTIL_ANNOTATION } from '../../cluster/servers/gpu-devices';
import { cluster, coreApi, customObjectsApi, kubeConfigFor, kubectlPath, waitFor } from '../cluster/support';

/**
 * Checks the demo profile against the running cluster. These tests run only
 * on a demo cluster (vitest.demo.config.ts starts one); the integration
 * project, whose cluster runs the test profile, skips them.
 */
const onDemo = cluster().profile === 'demo';

interface Condition {
  type: string;
  status: string;
  reason?: string;
}

function rbacApi(): RbacAuthorizationV1Api {
  return kubeConfigFor('admin').makeApiClient(RbacAuthorizationV1Api);
}

async function listCustom<T>(group: string, version: string, plural: string): Promise<T[]> {
  const list = (await customObjectsApi().listClusterCustomObject({ group, version, plural })) as { items: T[] };
  return list.items;
}

async function portForward(namespace: string, target: string, podPort: number): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(kubectlPath(), [
    `--kubeconfig=${cluster().kubeconfigs['admin'] ?? ''}`, '-n', namespace, 'port-forward', '--address=127.0.0.1', target, `:${podPort}`,
  ]);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const port = await waitFor(`kubectl port-forward to print its local port (output so far: ${output})`, async () => {
    if (child.exitCode !== null) throw new Error(`kubectl port-forward exited with ${child.exitCode}: ${output}`);
    const match = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(output);
    return match?.[1] ? Number(match[1]) : undefined;
  }, 30_000);
  return { child, port };
}

describe.skipIf(!onDemo)('demo profile', () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) child.kill('SIGTERM');
  });

  it('has every vendor node with its accelerator capacity', async () => {
    const nodes = (await coreApi().listNode()).items;
    for (const [name, accelerators] of Object.entries(demoNodeAccelerators)) {
      const node = nodes.find((entry) => entry.metadata?.name === name);
      expect(node, `node ${name}`).toBeDefined();
      for (const [resource, count] of Object.entries(accelerators)) {
        expect(node?.status?.capacity?.[resource], `${name} capacity ${resource}`).toBe(count);
        expect(node?.status?.allocatable?.[resource], `${name} allocatable ${resource}`).toBe(count);
      }
    }
  });

  it('has one NotReady and one cordoned node', async () => {
    const api = coreApi();
    const broken = await api.readNode({ name: demoNodes.h100Broken });
    const ready = broken.status?.conditions?.find((condition) => condition.type === 'Ready');
    expect(ready?.status).toBe('False');
    const cordoned = await api.readNode({ name: demoNodes.a100Cordoned });
    expect(cordoned.spec?.unschedulable).toBe(true);
  });

  it('has tenants with GPU quotas, members, limits and Pod Security labels', async () => {
    const api = coreApi();
    for (const tenant of demoTenants) {
      const namespace = await api.readNamespace({ name: tenant.namespace });
      expect(namespace.metadata?.labels?.[tenantLabel]).toBe(tenant.namespace);
      expect(namespace.metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe('baseline');
      expect(namespace.metadata?.labels?.['pod-security.kubernetes.io/warn']).toBe('restricted');

      const quota = await api.readNamespacedResourceQuota({ namespace: tenant.namespace, name: 'tenant-quota' });
      expect(quota.spec?.hard?.['requests.nvidia.com/gpu']).toBe(tenant.quota['requests.nvidia.com/gpu']);
      expect(quota.status?.used?.['requests.nvidia.com/gpu'], `${tenant.namespace} quota usage`).toBeDefined();

      const bindings = await rbacApi().listNamespacedRoleBinding({ namespace: tenant.namespace });
      for (const [role, users] of Object.entries(tenant.members)) {
        const subjects = bindings.items.find((binding) => binding.metadata?.name === `members-${role}`)?.subjects?.map((subject) => subject.name) ?? [];
        expect(subjects, `${tenant.namespace} ${role} members`).toEqual(users);
      }

      const limitRanges = await api.listNamespacedLimitRange({ namespace: tenant.namespace });
      expect(limitRanges.items.length, `${tenant.namespace} LimitRanges`).toBeGreaterThan(0);
    }
  });

  it('has Kueue queues with admitted and pending workloads', async () => {
    const clusterQueues = await listCustom<{ metadata: { name: string }; spec: { cohortName?: string }; status?: { pendingWorkloads?: number; admittedWorkloads?: number } }>('kueue.x-k8s.io', 'v1beta2', 'clusterqueues');
    expect(clusterQueues.map((queue) => queue.metadata.name).sort()).toEqual(['team-a-cq', 'team-b-cq', 'team-c-cq']);
    expect(clusterQueues.every((queue) => queue.spec.cohortName === 'ai-platform')).toBe(true);
    const teamA = clusterQueues.find((queue) => queue.metadata.name === 'team-a-cq');
    expect(teamA?.status?.admittedWorkloads).toBe(1);
    expect(teamA?.status?.pendingWorkloads).toBe(2);

    const workloads = await listCustom<{ metadata: { name: string }; status?: { admission?: { clusterQueue: string }; conditions?: Condition[] } }>('kueue.x-k8s.io', 'v1beta2', 'workloads');
    const admitted = workloads.filter((workload) => workload.status?.conditions?.some((condition) => condition.type === 'Admitted' && condition.status === 'True'));
    const pending = workloads.filter((workload) => workload.status?.conditions?.some((condition) => condition.type === 'QuotaReserved' && condition.status === 'False'));
    expect(admitted.length).toBeGreaterThanOrEqual(2);
    expect(pending.length).toBeGreaterThanOrEqual(3);
    expect(admitted.every((workload) => workload.status?.admission?.clusterQueue)).toBe(true);
  });

  it('has PyTorchJobs in every state', async () => {
    const jobs = await listCustom<{ metadata: { namespace: string; name: string }; status?: { conditions?: Condition[] } }>('kubeflow.org', 'v1', 'pytorchjobs');
    for (const shape of demoPyTorchJobs) {
      const job = jobs.find((entry) => entry.metadata.namespace === shape.namespace && entry.metadata.name === shape.name);
      expect(job?.status?.conditions?.at(-1)?.type, `${shape.namespace}/${shape.name}`).toBe(shape.state);
    }
    expect(new Set(demoPyTorchJobs.map((job) => job.state))).toEqual(new Set(['Created', 'Running', 'Succeeded', 'Failed', 'Suspended']));
  });

  it('has a ready KServe InferenceService', async () => {
    const { namespace, name } = demoEndpoints.kserve;
    const service = (await customObjectsApi().getNamespacedCustomObject({ group: 'serving.kserve.io', version: 'v1beta1', plural: 'inferenceservices', namespace, name })) as { status?: { url?: string; conditions?: Condition[] } };
    expect(service.status?.url).toContain(name);
    expect(service.status?.conditions?.find((condition) => condition.type === 'Ready')?.status).toBe('True');
  });

  it('answers OpenAI requests through a port-forward of the vLLM pods', async () => {
    const { namespace, name, port: podPort, model } = demoEndpoints.vllm;
    const { child, port } = await portForward(namespace, `deployment/${name}`, podPort);
    children.push(child);

    const models = (await (await fetch(`http://127.0.0.1:${port}/v1/models`)).json()) as { data: Array<{ id: string }> };
    expect(models.data.map((entry) => entry.id)).toContain(model);

    const response = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Which GPU am I on?' }], stream: true }),
    });
    const text = await response.text();
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });

  it('serves DCGM series for a GPU pod through Prometheus', async () => {
    const prometheus = cluster().info['prometheus.url'];
    expect(prometheus, 'prometheus.url published by the demo profile').toBeDefined();
    const query = `DCGM_FI_DEV_GPU_UTIL{namespace="${demoEndpoints.notebook.namespace}",pod="${demoEndpoints.notebook.name}-0"}`;
    // Prometheus scrapes every 5 s, so the first series can take one interval to appear.
    const value = await waitFor('Prometheus to return the notebook pod\'s GPU utilization', async () => {
      const body = (await (await fetch(`${prometheus}/api/v1/query?query=${encodeURIComponent(query)}`)).json()) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
      return body.data.result[0];
    }, 30_000);
    expect(value.metric['modelName']).toBe('NVIDIA H100 80GB HBM3');
    expect(value.value[1]).toBe('0');
  });

  it('follows the utilization annotation of a pod', async () => {
    const exporter = cluster().info['dcgm.url'];
    expect(exporter, 'dcgm.url published by the demo profile').toBeDefined();
    const pod = `${demoEndpoints.notebook.name}-0`;
    const { namespace } = demoEndpoints.notebook;
    const api = coreApi();
    const seriesValue = async (): Promise<string | undefined> => {
      const text = await (await fetch(exporter ?? '')).text();
      return text.split('\n').find((line) => line.startsWith('DCGM_FI_DEV_GPU_UTIL{') && line.includes(`pod="${pod}"`))?.split(' ').at(-1);
    };

    const patch = (value: string) => api.patchNamespacedPod({ namespace, name: pod, body: { metadata: { annotations: { [UTIL_ANNOTATION]: value } } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    await patch('63');
    try {
      expect(await waitFor('the exporter to report 63 for the notebook pod', async () => ((await seriesValue()) === '63' ? '63' : undefined), 30_000)).toBe('63');
    } finally {
      await patch('0');
    }
  });
});

