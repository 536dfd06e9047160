import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/k8s/object';
import { summarizeAccelerators } from '../../../shared/resources/capacity';
import { quantityToNumber } from '../../../shared/resources/quantity';
import { computeOverviewModel, createOverviewModelBuilder } from '../../../main/views/overview-builder';
import { loadList } from '../resources/fixtures';

type Objects = { nodes: KubeObject[]; pods: KubeObject[] };
type Editable = KubeObject & { spec?: Record<string, unknown>; status?: Record<string, unknown> };

const FIXTURES = ['BR-18-gpu-allocation-pod-phases.yaml', 'BR-19-gpu-alternate-resource-names.yaml', 'BR-22-pod-effective-requests-sidecars.yaml', 'BR-25-gpu-capacity-notready-cordoned.yaml'];

function load(name: string): Objects {
  const { nodes, pods } = loadList(name);
  return { nodes: nodes as KubeObject[], pods: pods as KubeObject[] };
}

/** Replaces one object with an edited copy, as a watch event does; returns the list unchanged when there is no such object. */
function replaced(objects: KubeObject[], index: number, change: (copy: Editable) => void): KubeObject[] {
  if (objects[index] === undefined) return objects;
  const copy = structuredClone(objects[index]) as Editable;
  change(copy);
  return objects.map((object, at) => (at === index ? copy : object));
}

describe.each(FIXTURES)('overview builder on %s', (fixture) => {
  it('matches the cluster summary of the shared resource maths', () => {
    const { nodes, pods } = load(fixture);
    const model = computeOverviewModel(nodes, pods);
    const expected = summarizeAccelerators(nodes, pods);
    expect(model.summary.accelerators.map((total) => [total.resourceName, total.capacity, total.requested])).toEqual(
      expected.totals.map((total) => [total.resourceName, quantityToNumber(total.capacity), quantityToNumber(total.requested)]),
    );
    expect(model.summary.pods.gpuPods).toBe(expected.holders.length);
    expect(model.summary.pendingGpuPods).toBe(expected.pendingDemand.length);
  });

  it('returns the same model when only an annotation changed', () => {
    const { nodes, pods } = load(fixture);
    const builder = createOverviewModelBuilder();
    const first = builder.compute(nodes, pods);
    const churned = replaced(pods, 0, (copy) => void (copy.metadata.annotations = { ...copy.metadata.annotations, 'drun.io/churn-sequence': '1' }));
    expect(builder.compute(nodes, churned)).toBe(first);
  });

  it.each<[string, (objects: Objects) => Objects]>([
    ['a pod finished', ({ nodes, pods }) => ({ nodes, pods: replaced(pods, pods.length - 1, (copy) => void (copy.status = { ...copy.status, phase: 'Succeeded' })) })],
    ['a pod was deleted', ({ nodes, pods }) => ({ nodes, pods: pods.slice(1) })],
    ['a pod was unbound', ({ nodes, pods }) => ({ nodes, pods: replaced(pods, 0, (copy) => void delete copy.spec?.['nodeName']) })],
    ['a node was cordoned', ({ nodes, pods }) => ({ pods, nodes: replaced(nodes, 0, (copy) => void (copy.spec = { ...copy.spec, unschedulable: true })) })],
    ['a node was deleted', ({ nodes, pods }) => ({ pods, nodes: nodes.slice(1) })],
  ])('after %s, equals a model computed from scratch', (_name, change) => {
    const objects = load(fixture);
    const builder = createOverviewModelBuilder();
    builder.compute(objects.nodes, objects.pods);
    const next = change(objects);
    expect(builder.compute(next.nodes, next.pods)).toEqual(computeOverviewModel(next.nodes, next.pods));
  });
});
