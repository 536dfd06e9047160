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

/** A small deterministic generator, so a failing sequence can be run again. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Applies one random watch-like change to the stores and records the key it touched. */
function churnOnce(next: () => number, nodes: Map<string, KubeObject>, pods: Map<string, KubeObject>, changed: { nodes: Set<string>; pods: Set<string> }, counter: { value: number }): void {
  const pick = <T>(values: readonly T[]): T | undefined => values[Math.floor(next() * values.length)];
  const podKeys = [...pods.keys()];
  const nodeNames = [...nodes.keys()];
  const edit = (store: Map<string, KubeObject>, key: string, change: (copy: Editable) => void) => {
    const copy = structuredClone(store.get(key)) as Editable;
    change(copy);
    store.set(key, copy);
  };
  const kind = Math.floor(next() * 9);
  const podKey = pick(podKeys);
  const nodeName = pick(nodeNames);
  if (kind <= 4 && podKey) {
    changed.pods.add(podKey);
    if (kind === 0) edit(pods, podKey, (copy) => void (copy.metadata.annotations = { churn: String(counter.value++) }));
    if (kind === 1) edit(pods, podKey, (copy) => void (copy.status = { ...copy.status, phase: pick(['Running', 'Pending', 'Succeeded', 'Failed'])! }));
    if (kind === 2) pods.delete(podKey);
    if (kind === 3) edit(pods, podKey, (copy) => (next() < 0.5 ? void delete copy.spec?.['nodeName'] : void (copy.spec = { ...copy.spec, nodeName: pick(nodeNames) ?? 'gone' })));
    if (kind === 4) {
      // Deleted and made again under the same name: a new uid, at the end of the store.
      const copy = structuredClone(pods.get(podKey)!);
      pods.delete(podKey);
      copy.metadata.uid = `recreated-${counter.value++}`;
      pods.set(podKey, copy);
    }
    return;
  }
  if (kind === 5 && podKey) {
    const copy = structuredClone(pods.get(podKey)!);
    copy.metadata.name = `copy-${counter.value}`;
    copy.metadata.uid = `copy-${counter.value++}`;
    const key = `${copy.metadata.namespace ?? ''}/${copy.metadata.name}`;
    pods.set(key, copy);
    changed.pods.add(key);
    return;
  }
  if (!nodeName) return;
  changed.nodes.add(nodeName);
  if (kind === 6) edit(nodes, nodeName, (copy) => void (copy.metadata.annotations = { heartbeat: String(counter.value++) }));
  if (kind === 7) edit(nodes, nodeName, (copy) => void (copy.spec = { ...copy.spec, unschedulable: next() < 0.5 }));
  if (kind === 8) {
    const copy = structuredClone(nodes.get(nodeName)!);
    nodes.delete(nodeName);
    copy.metadata.uid = `node-uid-${counter.value++}`;
    // Half of the time the node comes back at once, as a re-registered kubelet does.
    if (next() < 0.5) nodes.set(nodeName, copy);
  }
}

describe.each(FIXTURES)('overview builder update on %s', (fixture) => {
  it.each([1, 2, 3, 4, 5])('matches scratch after random changes #%i', (seed) => {
    const objects = load(fixture);
    const nodes = new Map(objects.nodes.map((node) => [node.metadata.name, node]));
    const pods = new Map(objects.pods.map((pod) => [`${pod.metadata.namespace ?? ''}/${pod.metadata.name}`, pod]));
    const builder = createOverviewModelBuilder();
    let model = builder.update(nodes, pods, { nodes: 'all', pods: 'all' });
    const next = random(seed);
    const counter = { value: 0 };
    for (let round = 0; round < 60; round++) {
      const changed = { nodes: new Set<string>(), pods: new Set<string>() };
      const batch = 1 + Math.floor(next() * 4);
      for (let step = 0; step < batch; step++) churnOnce(next, nodes, pods, changed, counter);
      const previous = model;
      model = builder.update(nodes, pods, changed);

      const scratch = createOverviewModelBuilder();
      const expected = scratch.compute([...nodes.values()], [...pods.values()]);
      const { changes, ...shown } = model;
      expect(shown).toEqual(expected);
      expect(builder.accelerators()).toEqual(scratch.accelerators());
      if (changes && model !== previous) {
        // The changes turn the previous rows into the new ones (as sets: the tables keep their own order).
        const rows = new Set(changes.allPods.from);
        expect(changes.allPods.from).toBe(previous.allPods);
        changes.allPods.removed.forEach((row) => expect(rows.delete(row)).toBe(true));
        changes.allPods.added.forEach((row) => rows.add(row));
        expect(rows).toEqual(new Set(model.allPods));
      }
    }
  });
});
