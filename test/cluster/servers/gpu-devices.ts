/**
 * The simulated accelerators of the local cluster: which devices each node
 * has (from its capacity and GPU Feature Discovery labels) and which running
 * pod uses which device. Pure logic over Node and Pod objects, so the
 * DCGM-style exporter and unit tests share it.
 *
 * Device modes, recognised from the node's capacity:
 * - MIG (`nvidia.com/mig-<profile>`): one device per MIG instance.
 * - time-slicing (`nvidia.com/gpu.shared`): physical GPUs with
 *   `nvidia.com/gpu.replicas` holders each.
 * - HAMi vGPU (`nvidia.com/gpumem`): physical GPUs shared by up to
 *   capacity(`nvidia.com/gpu`) / physical-count vGPUs each.
 * - whole cards (`nvidia.com/gpu`), and Ascend NPUs (`huawei.com/Ascend*`).
 */
import { createHash } from 'node:crypto';

import type { V1Node, V1Pod } from '@kubernetes/client-node';

/** Pod annotation: utilization in percent (0–100) of each device the pod holds. */
export const UTIL_ANNOTATION = 'd.run/fake-gpu-util';
/** Pod annotation: device memory the pod uses on each held device, in MiB. */
export const MEMORY_ANNOTATION = 'd.run/fake-gpu-memory-mib';
/** Utilization of a held device when the pod has no annotation: a busy training or serving job. */
export const DEFAULT_HELD_UTIL = 85;

export type DeviceVendor = 'nvidia' | 'ascend';
export type DeviceMode = 'whole' | 'mig' | 'time-slicing' | 'hami' | 'npu';

export interface DeviceHolder {
  namespace: string;
  pod: string;
  container: string;
  util: number;
  memoryUsedMiB: number;
}

export interface Device {
  node: string;
  vendor: DeviceVendor;
  mode: DeviceMode;
  /** Physical device index on the node (`gpu` label, `nvidia<index>`). */
  index: number;
  uuid: string;
  modelName: string;
  memoryTotalMiB: number;
  /** Board power at full load in watts, to scale the simulated power draw. */
  maxPowerWatts: number;
  /** Holders that may share the device at once: 1 unless time-sliced or HAMi. */
  slots: number;
  /** The extended resource that pods request to get (a share of) this device. */
  resource: string;
  migProfile?: string;
  migInstanceId?: number;
  holders: DeviceHolder[];
}

interface Request {
  container: string;
  resource: string;
  count: number;
  memoryMiB: number | undefined;
  coresPercent: number | undefined;
}

/**
 * Assigns devices to running pods and keeps each assignment for as long as
 * the pod runs, so a pod's `gpu` label does not move between scrapes when
 * other pods come and go. New pods take the lowest free devices, in order of
 * creation.
 */
export class DeviceAllocator {
  /** Key `<pod uid>/<container>/<resource>` to positions in the node's device list. */
  private readonly assignments = new Map<string, number[]>();

  devices(nodes: readonly V1Node[], pods: readonly V1Pod[]): Device[] {
    const podsByNode = groupRunningPods(pods);
    const liveKeys = new Set<string>();
    const all: Device[] = [];

    for (const node of [...nodes].sort(byName)) {
      const devices = nodeDevices(node);
      if (devices.length === 0) continue;

      const requests = (podsByNode.get(node.metadata?.name ?? '') ?? []).flatMap((pod) =>
        deviceRequests(pod, devices).map((request) => ({ pod, request, key: `${pod.metadata?.uid ?? ''}/${request.container}/${request.resource}` })),
      );
      for (const { key } of requests) liveKeys.add(key);

      // Keep earlier assignments first, so that a pod seen for the first time cannot take their devices.
      const fresh = requests.filter(({ pod, request, key }) => {
        const positions = this.assignments.get(key);
        if (!positions || positions.some((position) => devices[position]?.resource !== request.resource)) return true;
        for (const position of positions) pushHolder(devices, position, pod, request);
        return false;
      });
      for (const { pod, request, key } of fresh) {
        const positions = freePositions(devices, request);
        this.assignments.set(key, positions);
        for (const position of positions) pushHolder(devices, position, pod, request);
      }
      all.push(...devices);
    }

    for (const key of this.assignments.keys()) {
      if (!liveKeys.has(key)) this.assignments.delete(key);
    }
    return all;
  }
}

/**
 * Free devices with room for the request. Whole cards, MIG instances,
 * NPUs and HAMi vGPUs need distinct devices; time-sliced replicas of one
 * request may share a GPU, as with NVIDIA's device plugin.
 */
function freePositions(devices: readonly Device[], request: Request): number[] {
  const shared = request.resource === 'nvidia.com/gpu.shared';
  const positions: number[] = [];
  let remaining = request.count;
  // HAMi's default GPU policy is "spread": the least used card first. Everything else packs from index 0.
  const order = [...devices.entries()].sort(([leftPosition, left], [rightPosition, right]) =>
    left.mode === 'hami' ? left.holders.length - right.holders.length || leftPosition - rightPosition : leftPosition - rightPosition,
  );
  for (const [position, device] of order) {
    if (remaining === 0) break;
    if (device.resource !== request.resource) continue;
    const free = device.slots - device.holders.length;
    if (free <= 0) continue;
    positions.push(position);
    // NOTE: a request for several time-sliced replicas on one GPU counts as one holder there.
    remaining -= shared ? Math.min(free, remaining) : 1;
  }
  return positions;
}

function pushHolder(devices: Device[], position: number, pod: V1Pod, request: Request): void {
  const device = devices[position];
  if (device) device.holders.push(holderOf(pod, request, device));
}

/** Lists the devices a node offers, in index order, each with no holders yet. */
export function nodeDevices(node: V1Node): Device[] {
  const name = node.metadata?.name ?? '';
  const labels = node.metadata?.labels ?? {};
  const capacity = node.status?.capacity ?? {};
  // GFD appends -SHARED to the product of time-sliced GPUs; dcgm-exporter reports the card's own name.
  const modelName = (labels['nvidia.com/gpu.product'] ?? 'NVIDIA-GPU').replace(/-SHARED$/, '').replace(/-/g, ' ');
  const memoryTotalMiB = Number(labels['nvidia.com/gpu.memory'] ?? 81559);
  const maxPowerWatts = boardPower(modelName);
  const physical = Number(labels['nvidia.com/gpu.count'] ?? capacity['nvidia.com/gpu'] ?? 0);
  const base = { node: name, modelName, memoryTotalMiB, maxPowerWatts, holders: [] };

  const migResources = Object.keys(capacity).filter((key) => key.startsWith('nvidia.com/mig-')).sort();
  if (migResources.length > 0) return migDevices(base, migResources, capacity);

  if (capacity['nvidia.com/gpu.shared'] !== undefined) {
    const replicas = Number(labels['nvidia.com/gpu.replicas'] ?? Math.max(1, Number(capacity['nvidia.com/gpu.shared']) / Math.max(1, physical)));
    return range(physical).map((index) => ({ ...base, holders: [], vendor: 'nvidia', mode: 'time-slicing', index, uuid: deviceUuid('GPU', name, index), slots: replicas, resource: 'nvidia.com/gpu.shared' }));
  }

  if (capacity['nvidia.com/gpumem'] !== undefined) {
    const split = Math.max(1, Math.floor(Number(capacity['nvidia.com/gpu'] ?? physical) / Math.max(1, physical)));
    return range(physical).map((index) => ({ ...base, holders: [], vendor: 'nvidia', mode: 'hami', index, uuid: deviceUuid('GPU', name, index), slots: split, resource: 'nvidia.com/gpu' }));
  }

  if (capacity['nvidia.com/gpu'] !== undefined) {
    return range(physical).map((index) => ({ ...base, holders: [], vendor: 'nvidia', mode: 'whole', index, uuid: deviceUuid('GPU', name, index), slots: 1, resource: 'nvidia.com/gpu' }));
  }

  const ascend = Object.keys(capacity).find((key) => /^huawei\.com\/Ascend[0-9A-Za-z]+$/.test(key));
  if (ascend) {
    const chip = ascend.slice('huawei.com/'.length);
    // 64 GiB of HBM, as on Ascend 910B; 310 W board power.
    const npuBase = { ...base, modelName: chip, memoryTotalMiB: 65536, maxPowerWatts: 310 };
    return range(Number(capacity[ascend])).map((index) => ({ ...npuBase, holders: [], vendor: 'ascend', mode: 'npu', index, uuid: deviceUuid('NPU', name, index), slots: 1, resource: ascend }));
  }
  return [];
}

function migDevices(base: Omit<Device, 'vendor' | 'mode' | 'index' | 'uuid' | 'slots' | 'resource'>, resources: string[], capacity: Record<string, string>): Device[] {
  // Pack instances onto GPUs in order, 7 compute slices per GPU (A100/H100 MIG geometry).
  const devices: Device[] = [];
  let gpu = 0;
  let usedSlices = 0;
  let instanceId = 0;
  for (const resource of resources) {
    const profile = resource.slice('nvidia.com/mig-'.length);
    const slices = Number(/^(\d+)g\./.exec(profile)?.[1] ?? 1);
    const memoryMiB = Number(/\.(\d+)gb$/.exec(profile)?.[1] ?? 10) * 1024;
    for (let count = 0; count < Number(capacity[resource] ?? 0); count += 1) {
      if (usedSlices + slices > 7) {
        gpu += 1;
        usedSlices = 0;
        instanceId = 0;
      }
      usedSlices += slices;
      instanceId += 1;
      devices.push({
        ...base,
        holders: [],
        vendor: 'nvidia',
        mode: 'mig',
        index: gpu,
        uuid: deviceUuid('MIG', base.node, gpu * 100 + instanceId),
        memoryTotalMiB: memoryMiB,
        slots: 1,
        resource,
        migProfile: profile,
        migInstanceId: instanceId,
      });
    }
  }
  return devices;
}

function deviceRequests(pod: V1Pod, devices: readonly Device[]): Request[] {
  const resources = new Set(devices.map((device) => device.resource));
  const requests: Request[] = [];
  for (const container of pod.spec?.containers ?? []) {
    const amounts = { ...container.resources?.requests, ...container.resources?.limits };
    for (const resource of resources) {
      const count = Number(amounts[resource] ?? 0);
      if (count <= 0) continue;
      requests.push({
        container: container.name,
        resource,
        count,
        memoryMiB: amounts['nvidia.com/gpumem'] !== undefined ? Number(amounts['nvidia.com/gpumem']) : undefined,
        coresPercent: amounts['nvidia.com/gpucores'] !== undefined ? Number(amounts['nvidia.com/gpucores']) : undefined,
      });
    }
  }
  return requests;
}

function holderOf(pod: V1Pod, request: Request, device: Device): DeviceHolder {
  const annotations = pod.metadata?.annotations ?? {};
  const utilAnnotation = Number(annotations[UTIL_ANNOTATION]);
  let util = Number.isFinite(utilAnnotation) && annotations[UTIL_ANNOTATION] !== undefined ? clamp(utilAnnotation, 0, 100) : DEFAULT_HELD_UTIL;
  if (request.coresPercent !== undefined) util = Math.min(util, request.coresPercent);

  const memoryAnnotation = Number(annotations[MEMORY_ANNOTATION]);
  const memoryUsedMiB = annotations[MEMORY_ANNOTATION] !== undefined && Number.isFinite(memoryAnnotation)
    ? memoryAnnotation
    : request.memoryMiB ?? Math.round((device.memoryTotalMiB * 0.8) / device.slots);

  return {
    namespace: pod.metadata?.namespace ?? '',
    pod: pod.metadata?.name ?? '',
    container: request.container,
    util,
    memoryUsedMiB: Math.min(memoryUsedMiB, device.memoryTotalMiB),
  };
}

/** Device-level utilization: the sum over holders, as one GPU's engine is shared. */
export function deviceUtil(device: Device): number {
  return clamp(device.holders.reduce((sum, holder) => sum + holder.util, 0), 0, 100);
}

export function deviceMemoryUsedMiB(device: Device): number {
  return Math.min(device.memoryTotalMiB, device.holders.reduce((sum, holder) => sum + holder.memoryUsedMiB, 0));
}

/** Degrees Celsius: idle near 30, about 75 at full load, with a fixed offset per device. */
export function deviceTemperature(device: Device): number {
  return 30 + Math.round(deviceUtil(device) * 0.45) + (device.index % 3);
}

/** Watts: about 15% of board power at idle, rising linearly with utilization. */
export function devicePower(device: Device): number {
  const idle = device.maxPowerWatts * 0.15;
  return Math.round((idle + ((device.maxPowerWatts - idle) * deviceUtil(device)) / 100) * 10) / 10;
}

function groupRunningPods(pods: readonly V1Pod[]): Map<string, V1Pod[]> {
  const byNode = new Map<string, V1Pod[]>();
  const running = pods.filter((pod) => pod.status?.phase === 'Running' && pod.spec?.nodeName);
  running.sort((left, right) => {
    const leftTime = new Date(left.metadata?.creationTimestamp ?? 0).getTime();
    const rightTime = new Date(right.metadata?.creationTimestamp ?? 0).getTime();
    return leftTime - rightTime || podKey(left).localeCompare(podKey(right));
  });
  for (const pod of running) {
    const node = pod.spec?.nodeName ?? '';
    byNode.set(node, [...(byNode.get(node) ?? []), pod]);
  }
  return byNode;
}

function boardPower(modelName: string): number {
  const table: Array<[RegExp, number]> = [[/H100|H200|H800/, 700], [/H20/, 500], [/A100|A800/, 400], [/L40S/, 350], [/4090/, 450], [/A10\b/, 150], [/T4/, 70]];
  return table.find(([pattern]) => pattern.test(modelName))?.[1] ?? 300;
}

/** Builds a UUID-shaped id that stays the same for the same node and index across restarts. */
function deviceUuid(prefix: string, node: string, index: number): string {
  const hex = createHash('sha256').update(`${node}/${index}`).digest('hex');
  return `${prefix}-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function podKey(pod: V1Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

function byName(left: V1Node, right: V1Node): number {
  return (left.metadata?.name ?? '').localeCompare(right.metadata?.name ?? '');
}

function range(count: number): number[] {
  return Array.from({ length: Number.isFinite(count) && count > 0 ? count : 0 }, (_, index) => index);
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
