/**
 * GPU utilization against the local cluster: the numbers the app shows equal
 * what this test reads from the API server and from Prometheus directly, an
 * idle GPU is listed by owner once idle past the threshold, a Prometheus
 * Service is reached through a port-forward, and a broken source leaves the
 * allocation view working.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { V1Pod } from '@kubernetes/client-node';
import { gpuContract } from '../../../shared/contracts/gpu';
import type { GpuSeriesView, GpuSettings, GpuTelemetryView } from '../../../shared/models/gpu';
import { MEMORY_ANNOTATION, UTIL_ANNOTATION } from '../../cluster/servers/gpu-devices';
import { testNodes } from '../../cluster/profiles/test/fixtures';
import { cluster, coreApi, customObjectsApi, uniqueName, waitFor } from '../cluster/support';
import { nextValue, startApp, unwrap, type TestApp } from '../app/support';
import { directClient, freePort, startMetricsStack, type MetricsStack } from './support';

const NAMESPACE = 'default';
const NODE = testNodes.a100;
const idlePod = uniqueName('gpu-idle');
const busyPod = uniqueName('gpu-busy');
const promNamespace = 'monitoring';

function gpuPod(name: string, util: string, memoryMiB: string): V1Pod {
  return {
    metadata: { name, namespace: NAMESPACE, labels: { 'app.kubernetes.io/created-by': 'gpu-it' }, annotations: { [UTIL_ANNOTATION]: util, [MEMORY_ANNOTATION]: memoryMiB } },
    spec: {
      nodeSelector: { 'kubernetes.io/hostname': NODE },
      containers: [{ name: 'main', image: 'busybox', resources: { requests: { 'nvidia.com/gpu': '1' }, limits: { 'nvidia.com/gpu': '1' } } }],
      terminationGracePeriodSeconds: 0,
    },
  };
}

let testApp: TestApp;
let gpu: ReturnType<typeof directClient<typeof gpuContract>>;
let stack: MetricsStack;
let contextId: string;
let garbage: Server;

const telemetry = (predicate: (view: GpuTelemetryView) => boolean, timeoutMs = 60_000) =>
  nextValue<GpuTelemetryView>((listener) => gpu.client.telemetry({ contextId }, listener), predicate, timeoutMs);

const settings = (source: GpuSettings['source']): GpuSettings => ({ source, sampleIntervalSeconds: 2, idleUtilizationPercent: 5, idleMinutes: 1 });

beforeAll(async () => {
  stack = await startMetricsStack(cluster().kubeconfigs['admin']!);
  for (const [name, util, memory] of [[idlePod, '0', '1234'], [busyPod, '70', '20000']] as const) {
    await coreApi().createNamespacedPod({ namespace: NAMESPACE, body: gpuPod(name, util, memory) });
  }
  await waitFor('GPU pods running', async () => {
    const pods = await Promise.all([idlePod, busyPod].map((name) => coreApi().readNamespacedPod({ name, namespace: NAMESPACE })));
    return pods.every((pod) => pod.status?.phase === 'Running') ? true : undefined;
  });

  await waitFor('Prometheus to scrape the exporter', async () => ((await stack.query('DCGM_FI_DEV_GPU_UTIL')).length > 0 ? true : undefined));

  testApp = await startApp([cluster().kubeconfigs['admin']!]);
  const snapshot = unwrap(await testApp.kubeconfig.snapshot({}));
  contextId = snapshot.contexts.find((context) => context.name === 'drun-admin@drun-local')!.id;
  unwrap(await testApp.clusters.connect({ contextId }));
  gpu = directClient(testApp.app, gpuContract);

  garbage = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>'));
  await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
}, 180_000);


afterAll(async () => {
  for (const name of [idlePod, busyPod, 'prometheus-0']) {
    await coreApi().deleteNamespacedPod({ name, namespace: name === 'prometheus-0' ? promNamespace : NAMESPACE, gracePeriodSeconds: 0 }).catch(() => undefined);
  }
  await coreApi().deleteNamespacedService({ name: 'prometheus', namespace: promNamespace }).catch(() => undefined);
  await customObjectsApi().deleteNamespacedCustomObject({ group: 'kwok.x-k8s.io', version: 'v1alpha1', namespace: promNamespace, plural: 'portforwards', name: 'prometheus-0' }).catch(() => undefined);
  gpu?.close();
  await testApp?.close();
  await stack?.close();
  garbage?.close();
});

describe('GPU telemetry from Prometheus', () => {
  it('without a source says only allocation is known and still shows allocation', async () => {
    const view = await telemetry((value) => value.nodes.some((node) => node.node === NODE));
    expect(view.status.state).toBe('unconfigured');
    const node = view.nodes.find((entry) => entry.node === NODE)!;
    expect(node.devices).toEqual([]);
    expect(node.pods.map((pod) => pod.name)).toEqual(expect.arrayContaining([idlePod, busyPod]));
  });

  it('device maps equal Prometheus and the API server', async () => {
    unwrap(await gpu.client.saveSettings({ contextId, settings: settings({ kind: 'url', url: stack.prometheusUrl }) }));
    const view = await telemetry((value) => {
      const node = value.nodes.find((entry) => entry.node === NODE);
      return value.status.state === 'ok' && Boolean(node?.devices.some((device) => device.holders.some((holder) => holder.pod === busyPod)) && node?.devices.some((device) => device.holders.some((holder) => holder.pod === idlePod)));
    });

    const util = await stack.query(`DCGM_FI_DEV_GPU_UTIL{Hostname="${NODE}"}`);
    const node = view.nodes.find((entry) => entry.node === NODE)!;
    expect(node.devices).toHaveLength(new Set(util.map((series) => series.metric['gpu'])).size);
    for (const device of node.devices) {
      const series = util.find((candidate) => candidate.metric['gpu'] === device.index)!;
      expect(device.utilizationPercent).toBe(Number(series.value[1]));
      expect(device.holders.map((holder) => holder.pod)).toEqual(series.metric['pod'] ? [series.metric['pod']] : []);
    }

    const pods = (await coreApi().listPodForAllNamespaces()).items.filter((pod) => pod.spec?.nodeName === NODE && !['Succeeded', 'Failed'].includes(pod.status?.phase ?? ''));
    const requested = pods.flatMap((pod) => pod.spec?.containers ?? []).reduce((sum, container) => sum + Number(container.resources?.requests?.['nvidia.com/gpu'] ?? 0), 0);
    expect(node.requested).toBe(requested);
    expect(view.status.exporters).toEqual(['ascend', 'dcgm']);
  });

  it('lists the idle GPU by owner with its memory once idle past the threshold, and never the busy one', async () => {
    const view = await telemetry((value) => value.idle.some((row) => row.pod === idlePod), 110_000);
    const row = view.idle.find((entry) => entry.pod === idlePod)!;
    const memory = await stack.query(`DCGM_FI_DEV_FB_USED{pod="${idlePod}"}`);
    expect(row).toMatchObject({ namespace: NAMESPACE, node: NODE, workload: { kind: 'Pod', name: idlePod }, user: 'gpu-it', utilizationPercent: 0 });
    expect(row.memoryUsedMiB).toBe(Number(memory[0]!.value[1]));
    expect(row.idleSeconds).toBeGreaterThanOrEqual(60);
    expect(view.idle.some((entry) => entry.pod === busyPod)).toBe(false);
  }, 150_000);

  it('series carry utilization from Prometheus and allocation from the API server', async () => {
    const series = await nextValue<GpuSeriesView>((listener) => gpu.client.series({ contextId, scope: { kind: 'pod', namespace: NAMESPACE, name: busyPod }, maxPoints: 60 }, listener), (value) => value.points.some((point) => point.utilizationPercent !== undefined));
    expect(series.points.at(-1)?.utilizationPercent).toBe(70);
    const cluster = await nextValue<GpuSeriesView>((listener) => gpu.client.series({ contextId, scope: { kind: 'cluster' }, maxPoints: 60 }, listener), (value) => value.points.some((point) => point.allocated !== undefined));
    expect(cluster.points.length).toBeLessThanOrEqual(60);
  });
});

describe('metrics sources', () => {
  beforeAll(async () => {
    await coreApi().createNamespace({ body: { metadata: { name: promNamespace } } }).catch(() => undefined);
    await coreApi().createNamespacedService({
      namespace: promNamespace,
      body: { metadata: { name: 'prometheus', labels: { 'app.kubernetes.io/name': 'prometheus' } }, spec: { selector: { app: 'prometheus-it' }, ports: [{ name: 'web', port: 9090, targetPort: 9090 }] } },
    }).catch(() => undefined);
    await coreApi().createNamespacedPod({
      namespace: promNamespace,
      body: { metadata: { name: 'prometheus-0', labels: { app: 'prometheus-it' } }, spec: { containers: [{ name: 'prometheus', image: 'prometheus', ports: [{ containerPort: 9090, name: 'web' }] }], terminationGracePeriodSeconds: 0 } },
    }).catch(() => undefined);
    // kwok routes the pod's port 9090 to the local Prometheus, so nothing dials a pod IP; a route left by an earlier run points at an old port.
    await customObjectsApi().deleteNamespacedCustomObject({ group: 'kwok.x-k8s.io', version: 'v1alpha1', namespace: promNamespace, plural: 'portforwards', name: 'prometheus-0' }).catch(() => undefined);
    await customObjectsApi().createNamespacedCustomObject({
      group: 'kwok.x-k8s.io', version: 'v1alpha1', namespace: promNamespace, plural: 'portforwards',
      body: { apiVersion: 'kwok.x-k8s.io/v1alpha1', kind: 'PortForward', metadata: { name: 'prometheus-0', namespace: promNamespace }, spec: { forwards: [{ ports: [9090], target: { address: '127.0.0.1', port: stack.prometheusPort } }] } },
    });
    await waitFor('prometheus-0 running', async () => ((await coreApi().readNamespacedPod({ name: 'prometheus-0', namespace: promNamespace })).status?.phase === 'Running' ? true : undefined));
  });

  it('detects the Prometheus Service', async () => {
    const found = unwrap(await gpu.client.detectSources({ contextId }));
    expect(found).toContainEqual({ namespace: promNamespace, name: 'prometheus', port: 9090, reason: 'name' });
  });

  it('reaches the Service through a port-forward and samples through it', async () => {
    const source = { kind: 'service' as const, namespace: promNamespace, name: 'prometheus', port: 9090, via: 'port-forward' as const };
    const check = unwrap(await gpu.client.checkSource({ contextId, source }));
    expect(check).toMatchObject({ ok: true, exporters: ['ascend', 'dcgm'] });
    unwrap(await gpu.client.saveSettings({ contextId, settings: settings(source) }));
    const view = await telemetry((value) => value.status.state === 'ok' && value.status.source === 'monitoring/prometheus:9090 (port-forward)');
    expect(view.nodes.find((node) => node.node === NODE)?.devices.length).toBeGreaterThan(0);
  });

  it('a source that answers garbage or is gone is named, and allocation keeps working', async () => {
    const garbageUrl = `http://127.0.0.1:${(garbage.address() as { port: number }).port}`;
    const check = await gpu.client.checkSource({ contextId, source: { kind: 'url', url: garbageUrl } });
    expect(check.ok).toBe(false);
    expect(!check.ok && check.error.message).toMatch(/not Prometheus JSON/);

    const gone = `http://127.0.0.1:${await freePort()}`;
    unwrap(await gpu.client.saveSettings({ contextId, settings: settings({ kind: 'url', url: gone }) }));
    const view = await telemetry((value) => value.status.state === 'failing');
    expect(view.status.message).toMatch(/unreachable/);
    expect(view.nodes.find((node) => node.node === NODE)?.pods.map((pod) => pod.name)).toEqual(expect.arrayContaining([idlePod, busyPod]));
  });

  it('rejects a URL that is not http or https', async () => {
    const result = await gpu.client.saveSettings({ contextId, settings: settings({ kind: 'url', url: 'file:///etc/passwd' }) });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.kind).toBe('InvalidInput');
  });
});
