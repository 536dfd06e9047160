import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';

import { renderMetrics } from '../../cluster/servers/dcgm-exporter';
import { DeviceAllocator, deviceMemoryUsedMiB, deviceUtil, nodeDevices, UTIL_ANNOTATION } from '../../cluster/servers/gpu-devices';

function node(name: string, capacity: Record<string, string>, labels: Record<string, string> = {}): V1Node {
  return { metadata: { name, labels }, status: { capacity, allocatable: capacity } };
}

let podCounter = 0;
function pod(name: string, nodeName: string, resources: Record<string, string>, annotations: Record<string, string> = {}): V1Pod {
  podCounter += 1;
  return {
    metadata: { name, namespace: 'team-a', uid: `uid-${name}`, annotations, creationTimestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, podCounter)) },
    spec: { nodeName, containers: [{ name: 'main', resources: { limits: resources, requests: resources } }] },
    status: { phase: 'Running' },
  };
}

const h100 = node('gpu-h100-01', { 'nvidia.com/gpu': '8' }, { 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3', 'nvidia.com/gpu.memory': '81559' });

function holdersByIndex(devices: ReturnType<DeviceAllocator['devices']>, nodeName: string): Record<number, string[]> {
  const result: Record<number, string[]> = {};
  for (const device of devices.filter((entry) => entry.node === nodeName)) {
    if (device.holders.length > 0) result[device.index] = device.holders.map((holder) => holder.pod);
  }
  return result;
}

describe('nodeDevices', () => {
  it('lists whole cards from capacity', () => {
    const devices = nodeDevices(h100);
    expect(devices).toHaveLength(8);
    expect(devices[0]?.modelName).toBe('NVIDIA H100 80GB HBM3');
    expect(devices[0]?.memoryTotalMiB).toBe(81559);
    expect(new Set(devices.map((device) => device.uuid)).size).toBe(8);
  });

  it('packs MIG instances onto GPUs by profile', () => {
    const mig = node('gpu-a100-mig-01', { 'nvidia.com/mig-1g.10gb': '14', 'nvidia.com/mig-2g.20gb': '6', 'nvidia.com/mig-3g.40gb': '4', 'nvidia.com/mig-7g.80gb': '2' }, { 'nvidia.com/gpu.count': '8' });
    const devices = nodeDevices(mig);
    const gpusOf = (profile: string) => [...new Set(devices.filter((device) => device.migProfile === profile).map((device) => device.index))];
    expect(gpusOf('1g.10gb')).toEqual([0, 1]);
    expect(gpusOf('2g.20gb')).toEqual([2, 3]);
    expect(gpusOf('3g.40gb')).toEqual([4, 5]);
    expect(gpusOf('7g.80gb')).toEqual([6, 7]);
    expect(devices.find((device) => device.migProfile === '3g.40gb')?.memoryTotalMiB).toBe(40 * 1024);
  });

  it('reads time-slicing replicas from GFD labels', () => {
    const shared = node('gpu-a10-ts-01', { 'nvidia.com/gpu.shared': '16' }, { 'nvidia.com/gpu.count': '4', 'nvidia.com/gpu.replicas': '4', 'nvidia.com/gpu.product': 'NVIDIA-A10-SHARED' });
    const devices = nodeDevices(shared);
    expect(devices).toHaveLength(4);
    expect(devices[0]?.slots).toBe(4);
    expect(devices[0]?.modelName).toBe('NVIDIA A10');
  });

  it('splits HAMi cards by vGPU count', () => {
    const hami = node('gpu-4090-hami-01', { 'nvidia.com/gpu': '80', 'nvidia.com/gpumem': '196512' }, { 'nvidia.com/gpu.count': '8' });
    const devices = nodeDevices(hami);
    expect(devices).toHaveLength(8);
    expect(devices[0]?.mode).toBe('hami');
    expect(devices[0]?.slots).toBe(10);
  });

  it('lists Ascend NPUs', () => {
    const devices = nodeDevices(node('npu-910b-01', { 'huawei.com/Ascend910': '8' }));
    expect(devices).toHaveLength(8);
    expect(devices[0]?.vendor).toBe('ascend');
  });

  it('ignores nodes without accelerators', () => {
    expect(nodeDevices(node('cpu-01', { cpu: '64' }))).toEqual([]);
  });
});

describe('DeviceAllocator', () => {
  it('gives pods the lowest free cards', () => {
    const allocator = new DeviceAllocator();
    const devices = allocator.devices([h100], [pod('a', h100.metadata!.name!, { 'nvidia.com/gpu': '2' }), pod('b', h100.metadata!.name!, { 'nvidia.com/gpu': '1' })]);
    expect(holdersByIndex(devices, 'gpu-h100-01')).toEqual({ 0: ['a'], 1: ['a'], 2: ['b'] });
  });

  it('keeps assignments when earlier pods leave', () => {
    const allocator = new DeviceAllocator();
    const first = pod('first', 'gpu-h100-01', { 'nvidia.com/gpu': '1' });
    const second = pod('second', 'gpu-h100-01', { 'nvidia.com/gpu': '1' });
    allocator.devices([h100], [first, second]);
    const third = pod('third', 'gpu-h100-01', { 'nvidia.com/gpu': '1' });
    const devices = allocator.devices([h100], [second, third]);
    expect(holdersByIndex(devices, 'gpu-h100-01')).toEqual({ 0: ['third'], 1: ['second'] });
  });

  it('does not let a newly seen older pod take assigned cards', () => {
    const allocator = new DeviceAllocator();
    const older = pod('older', 'gpu-h100-01', { 'nvidia.com/gpu': '1' });
    const younger = pod('younger', 'gpu-h100-01', { 'nvidia.com/gpu': '1' });
    allocator.devices([h100], [younger]);
    const devices = allocator.devices([h100], [older, younger]);
    expect(holdersByIndex(devices, 'gpu-h100-01')).toEqual({ 0: ['younger'], 1: ['older'] });
  });

  it('skips pods that are not running', () => {
    const pending = pod('pending', 'gpu-h100-01', { 'nvidia.com/gpu': '1' });
    pending.status = { phase: 'Pending' };
    expect(holdersByIndex(new DeviceAllocator().devices([h100], [pending]), 'gpu-h100-01')).toEqual({});
  });

  it('reads utilization from the pod annotation', () => {
    const allocator = new DeviceAllocator();
    const devices = allocator.devices([h100], [
      pod('idle', 'gpu-h100-01', { 'nvidia.com/gpu': '1' }, { [UTIL_ANNOTATION]: '0' }),
      pod('busy', 'gpu-h100-01', { 'nvidia.com/gpu': '1' }),
    ]);
    const utils = devices.slice(0, 3).map(deviceUtil);
    expect(utils).toEqual([0, 85, 0]);
  });

  it('shares time-sliced GPUs between pods', () => {
    const shared = node('gpu-a10-ts-01', { 'nvidia.com/gpu.shared': '16' }, { 'nvidia.com/gpu.count': '4', 'nvidia.com/gpu.replicas': '4' });
    const pods = ['x', 'y', 'z'].map((name) => pod(name, 'gpu-a10-ts-01', { 'nvidia.com/gpu.shared': '1' }, { [UTIL_ANNOTATION]: '40' }));
    const devices = new DeviceAllocator().devices([shared], pods);
    expect(holdersByIndex(devices, 'gpu-a10-ts-01')).toEqual({ 0: ['x', 'y', 'z'] });
    expect(deviceUtil(devices[0]!)).toBe(100);
  });

  it('caps HAMi pods by gpucores and uses gpumem', () => {
    const hami = node('gpu-4090-hami-01', { 'nvidia.com/gpu': '80', 'nvidia.com/gpumem': '196512' }, { 'nvidia.com/gpu.count': '8', 'nvidia.com/gpu.memory': '24564' });
    const devices = new DeviceAllocator().devices([hami], [pod('vgpu', 'gpu-4090-hami-01', { 'nvidia.com/gpu': '1', 'nvidia.com/gpumem': '8000', 'nvidia.com/gpucores': '30' })]);
    expect(deviceUtil(devices[0]!)).toBe(30);
    expect(deviceMemoryUsedMiB(devices[0]!)).toBe(8000);
  });
});

describe('renderMetrics', () => {
  it('labels held GPUs with the pod', () => {
    const devices = new DeviceAllocator().devices([h100], [pod('trainer', 'gpu-h100-01', { 'nvidia.com/gpu': '1' })]);
    const text = renderMetrics(devices);
    expect(text).toContain('DCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="');
    expect(text).toMatch(/DCGM_FI_DEV_GPU_UTIL\{gpu="0",[^}]*Hostname="gpu-h100-01",container="main",namespace="team-a",pod="trainer"\} 85/);
    expect(text).toMatch(/DCGM_FI_DEV_GPU_UTIL\{gpu="1",[^}]*Hostname="gpu-h100-01"\} 0/);
    expect(text).toContain('# TYPE DCGM_FI_DEV_POWER_USAGE gauge');
  });

  it('writes npu-exporter series for Ascend', () => {
    const ascend = node('npu-910b-01', { 'huawei.com/Ascend910': '8' });
    const text = renderMetrics(new DeviceAllocator().devices([ascend], [pod('npu-job', 'npu-910b-01', { 'huawei.com/Ascend910': '2' })]));
    expect(text).toMatch(/npu_chip_info_utilization\{id="1",[^}]*pod_name="npu-job"[^}]*\} 85/);
    expect(text).not.toContain('DCGM_FI_DEV_GPU_UTIL');
  });
});
