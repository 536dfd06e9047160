import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import type { OverviewSummary, PodRow, TableWindow } from '../../../shared/models/overview';
import { cluster, coreApi, uniqueName } from '../cluster/support';
import { nextValue, startApp, unwrap, type TestApp } from './support';

/** Whole NVIDIA GPUs by the test's own arithmetic: allocatable, and requests of bound, unfinished pods. */
function expectedNvidia(nodes: V1Node[], pods: V1Pod[]): { allocatable: number; requested: number } {
  const allocatable = nodes.reduce((sum, node) => sum + Number(node.status?.allocatable?.['nvidia.com/gpu'] ?? 0), 0);
  const requested = pods
    .filter((pod) => pod.spec?.nodeName && !['Succeeded', 'Failed'].includes(pod.status?.phase ?? ''))
    .flatMap((pod) => pod.spec?.containers ?? [])
    .reduce((sum, container) => sum + Number(container.resources?.limits?.['nvidia.com/gpu'] ?? container.resources?.requests?.['nvidia.com/gpu'] ?? 0), 0);
  return { allocatable, requested };
}

function nvidiaTotals(summary: OverviewSummary): { allocatable: number; requested: number } {
  const rows = summary.accelerators.filter((row) => row.resourceName === 'nvidia.com/gpu');
  return {
    allocatable: rows.reduce((sum, row) => sum + row.allocatable, 0),
    requested: rows.reduce((sum, row) => sum + row.requested, 0),
  };
}

describe('Overview view', () => {
  let testApp: TestApp;
  let adminId: string;
  let aliceId: string;
  const namespace = 'default';
  const podName = uniqueName('gpu-probe');

  beforeAll(async () => {
    testApp = await startApp([cluster().kubeconfigs['admin']!, cluster().kubeconfigs['alice']!]);
    const snapshot = unwrap(await testApp.kubeconfig.snapshot({}));
    adminId = snapshot.contexts.find((context) => context.name === 'drun-admin@drun-local')!.id;
    aliceId = snapshot.contexts.find((context) => context.name === 'alice@drun-local')!.id;
    unwrap(await testApp.clusters.connect({ contextId: adminId }));
    unwrap(await testApp.clusters.connect({ contextId: aliceId }));
  });

  afterAll(async () => {
    await coreApi().deleteNamespacedPod({ name: podName, namespace, gracePeriodSeconds: 0 }).catch(() => undefined);
    await testApp?.close();
  });

  it('matches the API server and follows a new GPU pod', async () => {
    const subscribe = (listener: Parameters<typeof testApp.overview.summary>[1]) => testApp.overview.summary({ contextId: adminId }, listener);

    // Other test files may create GPU pods meanwhile, so the expectation is read again until the view agrees.
    const expectedNow = async () => {
      const nodes = (await coreApi().listNode()).items;
      const pods = (await coreApi().listPodForAllNamespaces()).items;
      return { nodes: nodes.length, gpus: expectedNvidia(nodes, pods) };
    };
    let expected = await expectedNow();
    let first: OverviewSummary | undefined;
    for (let attempt = 0; attempt < 10 && !first; attempt++) {
      const target = expected;
      first = await nextValue(subscribe, (summary) => summary.synced && JSON.stringify(nvidiaTotals(summary)) === JSON.stringify(target.gpus), 5_000).catch(() => undefined);
      if (!first) expected = await expectedNow();
    }
    expect(first?.nodes.total).toBe(expected.nodes);
    expect(nvidiaTotals(first!)).toEqual(expected.gpus);

    await coreApi().createNamespacedPod({
      namespace,
      body: {
        metadata: { name: podName },
        spec: {
          containers: [{ name: 'train', image: 'pytorch/pytorch:2.5', resources: { limits: { 'nvidia.com/gpu': '2' } } }],
          tolerations: [{ operator: 'Exists' }],
        },
      },
    });
    const after = await nextValue(subscribe, (summary) => nvidiaTotals(summary).requested >= expected.gpus.requested + 2);
    expect(nvidiaTotals(after).requested).toBeGreaterThanOrEqual(expected.gpus.requested + 2);
    expect(after.pods.gpuPods).toBeGreaterThanOrEqual(1);
  });

  it('lists the GPU pod in the windowed pod table', async () => {
    const window = await nextValue<TableWindow<PodRow>>(
      (listener) => testApp.overview.pods({ contextId: adminId, offset: 0, limit: 50, filter: podName, sortBy: 'name', sortDirection: 'asc', allPods: false }, listener),
      (value) => value.total === 1,
    );
    expect(window.rows[0]?.name).toBe(podName);
    expect(window.rows[0]?.gpus).toBe(2);
  });

  it('scopes a tenant user to its namespace and names what it cannot list', async () => {
    const summary = await nextValue<OverviewSummary>(
      (listener) => testApp.overview.summary({ contextId: aliceId }, listener),
      (value) => value.forbidden.includes('nodes'),
    );
    expect(summary.podsNamespace).toBe('team-a');
    expect(summary.forbidden).not.toContain('pods');
    expect(summary.nodes.total).toBe(0);
  });

  it('rejects a table window larger than the limit', async () => {
    const error = await new Promise<string>((resolve) => {
      const unsubscribe = testApp.overview.nodes({ contextId: adminId, offset: 0, limit: 100_000, filter: '', sortBy: 'name', sortDirection: 'asc' }, (event) => {
        if (event.type === 'error') resolve(`${event.error.kind}: ${event.error.message}`);
        unsubscribe();
      });
    });
    expect(error).toMatch(/InvalidInput: .*limit/);
  });
});
