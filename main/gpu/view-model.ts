/**
 * Builds the GPU telemetry view from the cached API objects (allocation)
 * and the newest exporter report (utilization): device maps per node, idle
 * GPUs by owner, unattributed busy devices and tenant allocation.
 */
import type { KubeObject } from '../../shared/k8s/object';
import type { DeviceCard, GpuSettings, GpuTelemetryView, MetricsStatus, NodeDeviceMap } from '../../shared/models/gpu';
import { findIdleGpus, type HoldingPod, type IdleReport } from '../../shared/gpu/idle';
import type { OwnerLookup } from '../../shared/gpu/owners';
import { tenantAllocations } from '../../shared/gpu/tenants';
import type { ClusterAcceleratorSummary, PodAcceleratorUse } from '../../shared/resources/capacity';
import type { DeviceTelemetry, PodDeviceUsage } from '../../shared/resources/metrics';
import { quantityToNumber } from '../../shared/resources/quantity';
import type { ResourceQuotaLike } from '../../shared/resources/types';
import type { Allocation } from './series-store';

export interface Telemetry {
  t: number;
  devices: DeviceTelemetry[];
  /** One entry per pod and device. */
  usage: PodDeviceUsage[];
}

export interface ViewInput {
  contextId: string;
  now: number;
  settings: GpuSettings;
  status: MetricsStatus;
  summary: ClusterAcceleratorSummary;
  pods: readonly KubeObject[];
  namespaces: readonly KubeObject[];
  quotas: readonly KubeObject[];
  forbidden: string[];
  telemetry: Telemetry | undefined;
  history(key: string): ReturnType<Parameters<typeof findIdleGpus>[0]['history']>;
  owners: OwnerLookup;
}

/** Device-counting units allocatable and requested per node, and for the cluster. */
export function allocationOf(summary: ClusterAcceleratorSummary): { cluster: Allocation; nodes: Map<string, Allocation> } {
  const nodes = new Map<string, Allocation>();
  const cluster = { allocated: 0, allocatable: 0 };
  for (const node of summary.nodes) {
    const pools = node.pools.filter((pool) => pool.countsDevices);
    if (pools.length === 0) continue;
    const allocation = {
      allocated: pools.reduce((sum, pool) => sum + quantityToNumber(pool.requested), 0),
      allocatable: pools.reduce((sum, pool) => sum + quantityToNumber(pool.allocatable), 0),
    };
    nodes.set(node.name, allocation);
    cluster.allocated += allocation.allocated;
    cluster.allocatable += allocation.allocatable;
  }
  return { cluster, nodes };
}

export function computeTelemetryView(input: ViewInput): GpuTelemetryView {
  const holdingPods = holdingPodMap(input.summary.holders, input.pods);
  const namespaceLabels = new Map(input.namespaces.map((namespace) => [namespace.metadata.name, namespace.metadata.labels ?? {}]));
  const report: IdleReport = input.telemetry
    ? findIdleGpus({
        now: input.now,
        devices: input.telemetry.devices,
        usage: input.telemetry.usage,
        history: input.history,
        holdingPods,
        namespaceLabels,
        owners: input.owners,
        thresholds: { utilizationPercent: input.settings.idleUtilizationPercent, durationMs: input.settings.idleMinutes * 60_000 },
      })
    : { idle: [], unattributedBusy: [], podsWithoutTelemetry: [] };
  const { tenants } = tenantAllocations({
    holders: input.summary.holders,
    pending: input.summary.pendingDemand,
    quotas: input.quotas as unknown as ResourceQuotaLike[],
    namespaceLabels,
  });

  return {
    contextId: input.contextId,
    status: input.status,
    settings: input.settings,
    nodes: nodeMaps(input.summary, input.telemetry, holdingPods, input.settings.idleUtilizationPercent),
    idle: report.idle,
    unattributedBusy: report.unattributedBusy,
    podsWithoutTelemetry: input.telemetry ? report.podsWithoutTelemetry.length : 0,
    tenants,
    forbidden: input.forbidden,
    updatedAt: new Date(input.now).toISOString(),
  };
}

function holdingPodMap(holders: readonly PodAcceleratorUse[], pods: readonly KubeObject[]): Map<string, HoldingPod> {
  const byKey = new Map(pods.map((pod) => [`${pod.metadata.namespace ?? ''}/${pod.metadata.name}`, pod]));
  const map = new Map<string, HoldingPod>();
  for (const use of holders) {
    if (!use.resources.some((resource) => resource.countsDevices)) continue;
    const key = `${use.namespace}/${use.name}`;
    const pod = byKey.get(key);
    const started = (pod?.status as { startTime?: string } | undefined)?.startTime ?? pod?.metadata.creationTimestamp;
    map.set(key, {
      ...(pod?.metadata ?? { name: use.name }),
      namespace: use.namespace,
      ...(use.nodeName ? { nodeName: use.nodeName } : {}),
      ...(started ? { started } : {}),
    });
  }
  return map;
}

function nodeMaps(summary: ClusterAcceleratorSummary, telemetry: Telemetry | undefined, holdingPods: ReadonlyMap<string, HoldingPod>, idlePercent: number): NodeDeviceMap[] {
  const devicesByNode = new Map<string, DeviceTelemetry[]>();
  for (const device of telemetry?.devices ?? []) {
    const list = devicesByNode.get(device.node ?? '?') ?? [];
    list.push(device);
    devicesByNode.set(device.node ?? '?', list);
  }

  const maps: NodeDeviceMap[] = [];
  for (const node of summary.nodes) {
    const pools = node.pools.filter((pool) => pool.countsDevices);
    const devices = devicesByNode.get(node.name) ?? [];
    devicesByNode.delete(node.name);
    if (pools.length === 0 && devices.length === 0) continue;
    const primary = pools[0];
    maps.push({
      node: node.name,
      ...(primary ? { vendor: primary.vendorName } : {}),
      ...(primary?.model ? { model: primary.model } : {}),
      allocatable: pools.reduce((sum, pool) => sum + quantityToNumber(pool.allocatable), 0),
      requested: pools.reduce((sum, pool) => sum + quantityToNumber(pool.requested), 0),
      pods: node.holders.map((use) => ({ namespace: use.namespace, name: use.name, gpus: use.resources.filter((r) => r.countsDevices).reduce((sum, r) => sum + quantityToNumber(r.amount), 0) })),
      devices: sortDevices(devices).map((device) => deviceCard(device, holdingPods, idlePercent)),
    });
  }
  // Devices on hosts the API server does not list (an exporter label naming no node) are still shown, under their label.
  for (const [node, devices] of devicesByNode) {
    maps.push({ node, allocatable: 0, requested: 0, pods: [], devices: sortDevices(devices).map((device) => deviceCard(device, holdingPods, idlePercent)) });
  }
  return maps;
}

function sortDevices(devices: DeviceTelemetry[]): DeviceTelemetry[] {
  return devices.sort((a, b) => Number(a.index ?? Infinity) - Number(b.index ?? Infinity) || (a.migInstance ?? '').localeCompare(b.migInstance ?? '') || a.key.localeCompare(b.key));
}

function deviceCard(device: DeviceTelemetry, holdingPods: ReadonlyMap<string, HoldingPod>, idlePercent: number): DeviceCard {
  const holders = device.holders.map((holder) => ({ ...holder, known: holdingPods.has(`${holder.namespace}/${holder.pod}`) }));
  const held = holders.some((holder) => holder.known);
  return {
    key: device.key,
    exporter: device.exporter,
    ...(device.index !== undefined ? { index: device.index } : {}),
    ...(device.uuid !== undefined ? { uuid: device.uuid } : {}),
    ...(device.modelName !== undefined ? { modelName: device.modelName } : {}),
    ...(device.migProfile !== undefined ? { migProfile: device.migProfile } : {}),
    ...(device.utilizationPercent !== undefined ? { utilizationPercent: device.utilizationPercent } : {}),
    ...(device.memoryUsedMiB !== undefined ? { memoryUsedMiB: device.memoryUsedMiB } : {}),
    ...(device.memoryTotalMiB !== undefined ? { memoryTotalMiB: device.memoryTotalMiB } : {}),
    ...(device.temperatureCelsius !== undefined ? { temperatureCelsius: device.temperatureCelsius } : {}),
    ...(device.powerWatts !== undefined ? { powerWatts: device.powerWatts } : {}),
    holders,
    idleNow: held && device.utilizationPercent !== undefined && device.utilizationPercent < idlePercent,
  };
}
