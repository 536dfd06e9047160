import { describe, expect, it } from 'vitest';
import {
  mergeAcceleratorTable,
  formatQuantity,
  summarizeAccelerators,
  type AcceleratorPool,
  type AcceleratorTotal,
  type NodeLike,
  type PodLike,
} from '../../../shared/resources';
import { loadList } from './fixtures';

function totalFor(totals: readonly AcceleratorTotal[], resourceName: string): AcceleratorTotal {
  const total = totals.find((item) => item.resourceName === resourceName);
  if (!total) throw new Error(`no total for ${resourceName}`);
  return total;
}

function poolFor(pools: readonly AcceleratorPool[], resourceName: string): AcceleratorPool {
  const pool = pools.find((item) => item.resourceName === resourceName);
  if (!pool) throw new Error(`no pool for ${resourceName}`);
  return pool;
}

describe('summarizeAccelerators on BR-18', () => {
  const { nodes, pods } = loadList('BR-18-gpu-allocation-pod-phases.yaml');
  const summary = summarizeAccelerators(nodes, pods);
  const gpu = totalFor(summary.totals, 'nvidia.com/gpu');

  it('allocates 6 of 8 GPUs', () => {
    expect(formatQuantity(gpu.requested)).toBe('6');
    expect(formatQuantity(gpu.allocatable)).toBe('8');
  });

  it('leaves 2 GPUs free for new work', () => {
    expect(formatQuantity(gpu.freeForNewWork)).toBe('2');
  });

  it('counts the bound, unfinished pods', () => {
    const names = summary.holders.map((holder) => holder.name).sort();
    expect(names).toEqual(['gpu-running-limits-only', 'gpu-scheduled-pulling', 'gpu-two-containers']);
  });

  it('shows the unbound pod as pending demand of 8 GPUs', () => {
    expect(summary.pendingDemand.map((use) => use.name)).toEqual(['gpu-unscheduled']);
    expect(formatQuantity(summary.pendingDemand[0]?.resources[0]?.amount ?? { nanos: 0n, format: 'DecimalSI' })).toBe('8');
  });

  it('splits allocation by namespace', () => {
    const byNamespace = Object.fromEntries(summary.namespaces.map((entry) => [
      entry.namespace,
      [formatQuantity(entry.held.get('nvidia.com/gpu') ?? { nanos: 0n, format: 'DecimalSI' }), formatQuantity(entry.pending.get('nvidia.com/gpu') ?? { nanos: 0n, format: 'DecimalSI' })],
    ]));
    expect(byNamespace).toEqual({ 'team-a': ['4', '0'], 'team-b': ['2', '8'] });
  });

  it('reads the NVIDIA model as unknown without GFD labels', () => {
    expect(gpu.vendor).toBe('nvidia');
    expect(gpu.model).toBeUndefined();
  });
});

describe('summarizeAccelerators on BR-19', () => {
  const { nodes, pods } = loadList('BR-19-gpu-alternate-resource-names.yaml');
  const summary = summarizeAccelerators(nodes, pods);
  const node = (name: string) => {
    const found = summary.nodes.find((item) => item.name === name);
    if (!found) throw new Error(`no node ${name}`);
    return found;
  };

  it('lists every node with accelerators', () => {
    expect(summary.nodes.filter((item) => item.pools.length > 0).map((item) => item.name)).toEqual(['node-timeslice', 'node-mig', 'node-npu']);
  });

  it('shows 24 shared slots on 6 GPUs with 1 in use', () => {
    const pool = poolFor(node('node-timeslice').pools, 'nvidia.com/gpu.shared');
    expect(pool.mode).toBe('time-sliced');
    expect(pool.measure).toBe('slots');
    expect(formatQuantity(pool.capacity)).toBe('24');
    expect(pool.physicalDevices).toBe(6);
    expect(pool.replicasPerDevice).toBe(4);
    expect(formatQuantity(pool.requested)).toBe('1');
    expect(pool.model).toBe('NVIDIA-L40S');
  });

  it('hides the zero nvidia.com/gpu pool', () => {
    expect(node('node-timeslice').pools.map((pool) => pool.resourceName)).toEqual(['nvidia.com/gpu.shared']);
  });

  it('shows 4 MIG instances in 3 profiles', () => {
    const pools = node('node-mig').pools;
    expect(pools.map((pool) => [pool.profile, formatQuantity(pool.capacity)])).toEqual([
      ['1g.12gb', '2'],
      ['2g.24gb', '1'],
      ['3g.47gb', '1'],
    ]);
    expect(pools.every((pool) => pool.mode === 'mig' && pool.measure === 'instances')).toBe(true);
  });

  it('uses 1 of 2 mig-1g.12gb instances', () => {
    const pool = poolFor(node('node-mig').pools, 'nvidia.com/mig-1g.12gb');
    expect(formatQuantity(pool.requested)).toBe('1');
    expect(formatQuantity(pool.free)).toBe('1');
    expect(pool.model).toBe('NVIDIA-H100-NVL');
  });

  it('shows 8 Ascend NPUs with 4 in use', () => {
    const pool = poolFor(node('node-npu').pools, 'huawei.com/Ascend910');
    expect(pool.vendor).toBe('huawei');
    expect(pool.measure).toBe('devices');
    expect(pool.model).toBe('Ascend910');
    expect(formatQuantity(pool.capacity)).toBe('8');
    expect(formatQuantity(pool.requested)).toBe('4');
  });

  it('keeps slots, instances and devices in separate totals', () => {
    const measures = summary.totals.map((total) => `${total.resourceName}:${total.measure}`).sort();
    expect(measures).toEqual([
      'huawei.com/Ascend910:devices',
      'nvidia.com/gpu.shared:slots',
      'nvidia.com/mig-1g.12gb:instances',
      'nvidia.com/mig-2g.24gb:instances',
      'nvidia.com/mig-3g.47gb:instances',
    ]);
  });
});

describe('summarizeAccelerators on BR-25', () => {
  const { nodes, pods } = loadList('BR-25-gpu-capacity-notready-cordoned.yaml');
  const summary = summarizeAccelerators(nodes, pods);
  const gpu = totalFor(summary.totals, 'nvidia.com/gpu');
  const node = (name: string) => summary.nodes.find((item) => item.name === name);

  it('installs 24 GPUs', () => {
    expect(formatQuantity(gpu.capacity)).toBe('24');
  });

  it('allocates 3 GPUs', () => {
    expect(formatQuantity(gpu.requested)).toBe('3');
  });

  it('has 6 GPUs free for new work, not 21', () => {
    expect(formatQuantity(gpu.freeForNewWork)).toBe('6');
    expect(formatQuantity(gpu.free)).toBe('21');
  });

  it('lists 15 idle GPUs as unavailable', () => {
    expect(formatQuantity(gpu.unavailable)).toBe('15');
  });

  it('says gpu-notready is NotReady since 10:00', () => {
    const notReady = node('gpu-notready');
    expect(notReady?.availability.acceptsNewWork).toBe(false);
    expect(notReady?.availability.reasons[0]).toMatchObject({ kind: 'NotReady', status: 'Unknown', since: '2025-01-01T10:00:00Z', reason: 'NodeStatusUnknown' });
    expect(formatQuantity(notReady?.pools[0]?.unavailable ?? { nanos: 0n, format: 'DecimalSI' })).toBe('8');
  });

  it('lists the unreachable taint once', () => {
    const taints = node('gpu-notready')?.availability.reasons.filter((reason) => reason.kind === 'Tainted') ?? [];
    expect(taints).toEqual([{ kind: 'Tainted', key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', since: '2025-01-01T10:00:40Z' }]);
  });

  it('says gpu-cordoned is cordoned with 7 idle GPUs', () => {
    const cordoned = node('gpu-cordoned');
    expect(cordoned?.availability.reasons).toEqual([{ kind: 'Cordoned' }]);
    expect(formatQuantity(cordoned?.pools[0]?.unavailable ?? { nanos: 0n, format: 'DecimalSI' })).toBe('7');
  });

  it('keeps gpu-ready available', () => {
    expect(node('gpu-ready')?.availability).toEqual({ acceptsNewWork: true, ready: true, unschedulable: false, reasons: [] });
  });
});

describe('summarizeAccelerators edge cases', () => {
  const readyNode = (name: string, extra: Partial<NodeLike> = {}, allocatable: Record<string, string> = { 'nvidia.com/gpu': '8' }): NodeLike => ({
    metadata: { name, ...(extra.metadata ?? {}) },
    ...(extra.spec ? { spec: extra.spec } : {}),
    status: { capacity: allocatable, allocatable, conditions: [{ type: 'Ready', status: 'True' }] },
  });
  const gpuPod = (name: string, nodeName: string | undefined, amount: string, resource = 'nvidia.com/gpu'): PodLike => ({
    metadata: { name, namespace: 'ns' },
    spec: { ...(nodeName ? { nodeName } : {}), containers: [{ resources: { limits: { [resource]: amount } } }] },
    status: { phase: 'Running' },
  });

  it('ignores a workload taint on a GPU node', () => {
    const node = readyNode('tainted', { spec: { taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }] } });
    expect(summarizeAccelerators([node], []).nodes[0]?.availability.acceptsNewWork).toBe(true);
  });

  it('treats a node without a Ready condition as not ready', () => {
    const node: NodeLike = { metadata: { name: 'silent' }, status: { allocatable: { 'nvidia.com/gpu': '4' } } };
    const summary = summarizeAccelerators([node], []);
    expect(summary.nodes[0]?.availability.reasons[0]).toMatchObject({ kind: 'NotReady', status: 'Missing' });
    expect(formatQuantity(summary.totals[0]?.freeForNewWork ?? { nanos: 0n, format: 'DecimalSI' })).toBe('0');
  });

  it('never reports negative free capacity when over-committed', () => {
    const summary = summarizeAccelerators([readyNode('small', {}, { 'nvidia.com/gpu': '1' })], [gpuPod('a', 'small', '2')]);
    expect(formatQuantity(summary.totals[0]?.free ?? { nanos: 1n, format: 'DecimalSI' })).toBe('0');
    expect(formatQuantity(summary.totals[0]?.requested ?? { nanos: 0n, format: 'DecimalSI' })).toBe('2');
  });

  it('reports pods on nodes it cannot see', () => {
    const summary = summarizeAccelerators([], [gpuPod('ghost', 'gone-node', '1')]);
    expect(summary.podsOnUnknownNodes.map((use) => use.name)).toEqual(['ghost']);
  });

  it('skips a pod with an invalid quantity and says why', () => {
    const summary = summarizeAccelerators([readyNode('n1')], [gpuPod('broken', 'n1', 'two'), gpuPod('fine', 'n1', '1')]);
    expect(summary.problems).toHaveLength(1);
    expect(summary.problems[0]).toContain('ns/broken');
    expect(summary.problems[0]).toContain('"two"');
    expect(formatQuantity(summary.totals[0]?.requested ?? { nanos: 0n, format: 'DecimalSI' })).toBe('1');
  });

  it('skips a node pool with an invalid allocatable and says why', () => {
    const summary = summarizeAccelerators([readyNode('n1', {}, { 'nvidia.com/gpu': '8x' })], []);
    expect(summary.problems[0]).toContain('Node n1');
    expect(summary.problems[0]).toContain('"8x"');
  });

  it('sums fractional quantities exactly', () => {
    const nodes = [readyNode('frac', {}, { 'example.com/share': '1' })];
    const custom = mergeAcceleratorTable([{ name: 'example.com/share', vendor: 'nvidia', mode: 'vgpu', measure: 'vdevices' }]);
    const pods = Array.from({ length: 10 }, (_, index) => gpuPod(`p${index}`, 'frac', '100m', 'example.com/share'));
    const total = summarizeAccelerators(nodes, pods, custom).totals[0];
    expect(formatQuantity(total?.free ?? { nanos: 1n, format: 'DecimalSI' })).toBe('0');
    expect(formatQuantity(total?.requested ?? { nanos: 0n, format: 'DecimalSI' })).toBe('1');
  });

  it('reads HAMi virtual GPUs from the register annotation', () => {
    const register = 'GPU-a,10,32768,100,NVIDIA-Tesla V100-PCIE-32GB,0,true:GPU-b,10,32768,100,NVIDIA-Tesla V100-PCIE-32GB,0,true:';
    const node = readyNode('hami', { metadata: { annotations: { 'hami.io/node-nvidia-register': register } } }, { 'nvidia.com/gpu': '20' });
    const pool = summarizeAccelerators([node], [gpuPod('v', 'hami', '1')]).nodes[0]?.pools[0];
    expect(pool).toMatchObject({ mode: 'vgpu', measure: 'vdevices', physicalDevices: 2, replicasPerDevice: 10, model: 'NVIDIA-Tesla V100-PCIE-32GB', modelSource: 'hami-annotation' });
    expect(formatQuantity(pool?.requested ?? { nanos: 0n, format: 'DecimalSI' })).toBe('1');
  });

  it('reads a MIG single-strategy node from GFD labels', () => {
    const labels = { 'nvidia.com/mig.strategy': 'single', 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-40GB-MIG-1g.5gb' };
    const pool = summarizeAccelerators([readyNode('mig', { metadata: { labels } }, { 'nvidia.com/gpu': '14' })], []).nodes[0]?.pools[0];
    expect(pool).toMatchObject({ mode: 'mig', measure: 'instances', profile: '1g.5gb', model: 'NVIDIA-A100-SXM4-40GB' });
  });

  it('reads time-slicing without the rename from GFD labels', () => {
    const labels = { 'nvidia.com/gpu.replicas': '4', 'nvidia.com/gpu.count': '2', 'nvidia.com/gpu.product': 'NVIDIA-A10-SHARED' };
    const pool = summarizeAccelerators([readyNode('ts', { metadata: { labels } }, { 'nvidia.com/gpu': '8' })], []).nodes[0]?.pools[0];
    expect(pool).toMatchObject({ mode: 'time-sliced', measure: 'slots', physicalDevices: 2, replicasPerDevice: 4, model: 'NVIDIA-A10' });
  });

  it('keeps HAMi memory shares apart from device counts', () => {
    const node = readyNode('shares', {}, { 'nvidia.com/gpu': '4', 'nvidia.com/gpumem': '81920' });
    const totals = summarizeAccelerators([node], []).totals;
    expect(totals.map((total) => [total.resourceName, total.countsDevices])).toEqual([['nvidia.com/gpu', true], ['nvidia.com/gpumem', false]]);
  });
});
