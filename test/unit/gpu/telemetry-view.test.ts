import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/k8s/object';
import type { GpuTelemetryView } from '../../../shared/models/gpu';
import { DEFAULT_GPU_SETTINGS } from '../../../shared/models/gpu';
import { summarizeAccelerators } from '../../../shared/resources/capacity';
import type { NodeLike, PodLike } from '../../../shared/resources/types';
import { changedTelemetry } from '../../../main/gpu/telemetry-changes';
import { createTelemetryViewBuilder, type Telemetry, type ViewInput } from '../../../main/gpu/view-model';
import { createOverviewModelBuilder, type AcceleratorState } from '../../../main/views/overview-builder';
import { mergeTelemetry } from '../../../renderer/src/screens/overview/gpu/telemetry-merge';
import { loadList } from '../resources/fixtures';
import { syntheticCluster, withPodReplaced } from './synthetic-cluster';

const FIXTURES = ['BR-18-gpu-allocation-pod-phases.yaml', 'BR-19-gpu-alternate-resource-names.yaml', 'BR-22-pod-effective-requests-sidecars.yaml', 'BR-25-gpu-capacity-notready-cordoned.yaml'];

function viewInput(accelerators: AcceleratorState, telemetry: Telemetry | undefined, namespaces: KubeObject[] = []): ViewInput {
  return {
    contextId: 'ctx',
    now: Date.parse('2026-12-04T00:00:00Z'),
    settings: DEFAULT_GPU_SETTINGS,
    status: { state: 'ok', exporters: ['dcgm'], warnings: [], sampleIntervalSeconds: 10 },
    accelerators,
    namespaces,
    quotas: [],
    forbidden: [],
    telemetry,
    history: () => [],
    owners: () => undefined,
  };
}

/** Accelerator state from one full summarizeAccelerators pass, as the view was built before it went incremental. */
function fromScratch(nodes: readonly KubeObject[], pods: readonly KubeObject[]): AcceleratorState {
  const summary = summarizeAccelerators(nodes as readonly NodeLike[], pods as readonly PodLike[]);
  const byKey = new Map(pods.map((pod) => [`${pod.metadata.namespace ?? ''}/${pod.metadata.name}`, pod]));
  return { nodes: summary.nodes, holders: summary.holders, holderPods: summary.holders.map((use) => byKey.get(`${use.namespace}/${use.name}`)!), pendingDemand: summary.pendingDemand };
}

function incremental(nodes: readonly KubeObject[], pods: readonly KubeObject[], builder = createOverviewModelBuilder()): AcceleratorState {
  builder.compute(nodes, pods);
  return builder.accelerators();
}

describe.each(FIXTURES)('GPU view on %s', (fixture) => {
  it('equals the view built from summarizeAccelerators over every pod', () => {
    const { nodes, pods } = loadList(fixture) as unknown as { nodes: KubeObject[]; pods: KubeObject[] };
    const view = createTelemetryViewBuilder().compute(viewInput(incremental(nodes, pods), undefined));
    const expected = createTelemetryViewBuilder().compute(viewInput(fromScratch(nodes, pods), undefined));
    expect(view).toEqual(expected);
  });
});

describe('GPU view of 200 nodes and 5,000 pods after one pod changed', () => {
  const cluster = syntheticCluster(200, 5_000);
  const changedIndex = 1_005;
  const changedNode = cluster.pods[changedIndex]!.spec as { nodeName: string };

  it.each<[string, (copy: KubeObject & { status?: Record<string, unknown> }) => void]>([
    ['finished', (copy) => void (copy.status = { ...copy.status, phase: 'Succeeded' })],
    ['got a new annotation', (copy) => void (copy.metadata.annotations = { churn: '1' })],
    ['got a new user label', (copy) => void (copy.metadata.labels = { ...copy.metadata.labels, 'd.run/user': 'someone-else' })],
  ])('keeps every other node map as the same object when the pod %s', (name, change) => {
    const allocation = createOverviewModelBuilder();
    const views = createTelemetryViewBuilder();
    const first = views.compute(viewInput(incremental(cluster.nodes, cluster.pods, allocation), cluster.telemetry, cluster.namespaces));
    const pods = withPodReplaced(cluster.pods, changedIndex, change);
    const second = views.compute(viewInput(incremental(cluster.nodes, pods, allocation), cluster.telemetry, cluster.namespaces));

    const rebuilt = second.nodes.filter((map, index) => map !== first.nodes[index]).map((map) => map.node);
    expect(rebuilt).toEqual(name === 'finished' ? [changedNode.nodeName] : []);
    expect(second).toEqual(createTelemetryViewBuilder().compute(viewInput(fromScratch(cluster.nodes, pods), cluster.telemetry, cluster.namespaces)));
  });

  it('derives accelerator use again only for the replaced pod', () => {
    const allocation = createOverviewModelBuilder();
    const before = incremental(cluster.nodes, cluster.pods, allocation);
    const pods = withPodReplaced(cluster.pods, changedIndex, (copy) => void (copy.status = { ...copy.status, phase: 'Succeeded' }));
    const after = incremental(cluster.nodes, pods, allocation);
    const fresh = after.holders.filter((use) => !before.holders.includes(use));
    expect(fresh).toEqual([]);
    expect(before.holders.length - after.holders.length).toBe(1);
  });
});

describe('telemetry messages', () => {
  const cluster = syntheticCluster(50, 1_000);
  const build = () => {
    const allocation = createOverviewModelBuilder();
    const views = createTelemetryViewBuilder();
    return (pods: KubeObject[], nodes = cluster.nodes) => views.compute(viewInput(incremental(nodes, pods, allocation), cluster.telemetry, cluster.namespaces));
  };

  it('sends only changed maps, or nothing', () => {
    const view = build();
    const sent: GpuTelemetryView[] = [];
    const emit = changedTelemetry((message) => sent.push(message), true);
    const first = view(cluster.pods);
    emit(first);
    emit(view(withPodReplaced(cluster.pods, 5, (copy) => void (copy.metadata.annotations = { churn: '1' }))));
    expect(sent).toHaveLength(1);

    const pods = withPodReplaced(cluster.pods, 5, (copy) => void (copy.status = { ...copy.status, phase: 'Succeeded' }));
    const second = view(pods);
    emit(second);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.nodesChangedOnly).toBe(true);
    expect(sent[1]!.nodes.map((map) => map.node)).toEqual(['gpu-node-5']);
    expect(sent[1]!.nodeOrder).toBeUndefined();
    expect(mergeTelemetry(mergeTelemetry(undefined, sent[0]!), sent[1]!)).toEqual(second);
  });

  it('names the new order when the maps moved', () => {
    const view = build();
    const sent: GpuTelemetryView[] = [];
    const emit = changedTelemetry((message) => sent.push(message), true);
    emit(view(cluster.pods));
    // Without its Node, the first node's devices are still shown, under the exporter's label, last.
    const next = view(cluster.pods, cluster.nodes.slice(1));
    emit(next);
    expect(next.nodes.at(-1)?.node).toBe('gpu-node-0');
    expect(sent[1]!.nodeOrder).toEqual(next.nodes.map((map) => map.node));
    expect(mergeTelemetry(mergeTelemetry(undefined, sent[0]!), sent[1]!)).toEqual(next);
  });

  it('sends every map without changedNodesOnly', () => {
    const view = build();
    const sent: GpuTelemetryView[] = [];
    const emit = changedTelemetry((message) => sent.push(message), false);
    emit(view(cluster.pods));
    const second = view(withPodReplaced(cluster.pods, 5, (copy) => void (copy.status = { ...copy.status, phase: 'Succeeded' })));
    emit(second);
    expect(sent[1]).toBe(second);
  });
});
