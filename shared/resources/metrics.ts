/**
 * Device telemetry from accelerator exporters, normalised across exporter
 * versions and attributed to pods only where the exporter names the pod.
 *
 * Sources: NVIDIA dcgm-exporter (`DCGM_FI_*`), the Huawei Ascend npu-exporter
 * (`npu_chip_info_*`) and HAMi's vGPU monitor (current `hami_*` names and the
 * legacy names it still emits with `legacyMetrics`). Label names differ
 * between versions and scrape setups; every known variant is read.
 */

import type { MetricSample } from './exposition';

export type Exporter = 'dcgm' | 'ascend' | 'hami';

type DeviceField = 'utilizationPercent' | 'memoryUsedMiB' | 'memoryFreeMiB' | 'memoryTotalMiB' | 'temperatureCelsius' | 'powerWatts';

interface MetricMapping {
  exporter: Exporter;
  field: DeviceField;
  /** Multiplier to the field's unit. */
  scale: number;
  /** Lower wins when several metrics feed the same field of one device. */
  rank: number;
  /** Per-container samples of a shared device (HAMi) rather than device samples. */
  perContainer?: boolean;
}

const MIB = 1 / (1024 * 1024);

/** Metric name to device field. */
export const DEVICE_METRICS: Readonly<Record<string, MetricMapping>> = {
  DCGM_FI_DEV_GPU_UTIL: { exporter: 'dcgm', field: 'utilizationPercent', scale: 1, rank: 0 },
  // MIG instances report no GPU_UTIL; the graphics engine activity (0..1) is used instead.
  DCGM_FI_PROF_GR_ENGINE_ACTIVE: { exporter: 'dcgm', field: 'utilizationPercent', scale: 100, rank: 1 },
  DCGM_FI_DEV_FB_USED: { exporter: 'dcgm', field: 'memoryUsedMiB', scale: 1, rank: 0 },
  DCGM_FI_DEV_FB_FREE: { exporter: 'dcgm', field: 'memoryFreeMiB', scale: 1, rank: 0 },
  DCGM_FI_DEV_GPU_TEMP: { exporter: 'dcgm', field: 'temperatureCelsius', scale: 1, rank: 0 },
  DCGM_FI_DEV_POWER_USAGE: { exporter: 'dcgm', field: 'powerWatts', scale: 1, rank: 0 },

  npu_chip_info_utilization: { exporter: 'ascend', field: 'utilizationPercent', scale: 1, rank: 0 },
  npu_chip_info_hbm_used_memory: { exporter: 'ascend', field: 'memoryUsedMiB', scale: 1, rank: 0 },
  npu_chip_info_used_memory: { exporter: 'ascend', field: 'memoryUsedMiB', scale: 1, rank: 1 },
  npu_chip_info_hbm_total_memory: { exporter: 'ascend', field: 'memoryTotalMiB', scale: 1, rank: 0 },
  npu_chip_info_total_memory: { exporter: 'ascend', field: 'memoryTotalMiB', scale: 1, rank: 1 },
  npu_chip_info_temperature: { exporter: 'ascend', field: 'temperatureCelsius', scale: 1, rank: 0 },
  npu_chip_info_power: { exporter: 'ascend', field: 'powerWatts', scale: 1, rank: 0 },

  // NOTE: the scale of HAMi's *_ratio metrics (0..1 or 0..100) is unconfirmed;
  // 0..1 follows the Prometheus naming convention for ratios.
  hami_host_gpu_utilization_ratio: { exporter: 'hami', field: 'utilizationPercent', scale: 100, rank: 0 },
  hami_host_gpu_memory_used_bytes: { exporter: 'hami', field: 'memoryUsedMiB', scale: MIB, rank: 0 },
  HostCoreUtilization: { exporter: 'hami', field: 'utilizationPercent', scale: 1, rank: 1 },
  HostGPUMemoryUsage: { exporter: 'hami', field: 'memoryUsedMiB', scale: MIB, rank: 1 },
  hami_container_device_utilization_ratio: { exporter: 'hami', field: 'utilizationPercent', scale: 100, rank: 0, perContainer: true },
  hami_vgpu_memory_used_bytes: { exporter: 'hami', field: 'memoryUsedMiB', scale: MIB, rank: 0, perContainer: true },
  Device_utilization_desc_of_container: { exporter: 'hami', field: 'utilizationPercent', scale: 1, rank: 1, perContainer: true },
  vGPU_device_memory_usage_in_bytes: { exporter: 'hami', field: 'memoryUsedMiB', scale: MIB, rank: 1, perContainer: true },
};

/** Label variants, most specific first. */
const HOST_LABELS = ['Hostname', 'hostname', 'node', 'kubernetes_node', 'node_name', 'nodename'];
const UUID_LABELS = ['UUID', 'uuid', 'device_uuid', 'deviceuuid', 'vdie_id'];
const INDEX_LABELS = ['gpu', 'minor_number', 'device_index', 'deviceidx', 'id'];
const MODEL_LABELS = ['modelName', 'model_name', 'device_type', 'devicetype'];

/** Pod that the exporter names as the user of a device. */
export interface PodRef {
  namespace: string;
  pod: string;
  container?: string;
}

export interface DeviceTelemetry {
  /** Stable id: node plus UUID, else node plus index, plus the MIG instance. */
  key: string;
  exporter: Exporter;
  node?: string;
  /** `label` when a host label named a node, `instance` when only the scrape target did. */
  nodeSource?: 'label' | 'instance';
  uuid?: string;
  index?: string;
  modelName?: string;
  migProfile?: string;
  migInstance?: string;
  utilizationPercent?: number;
  memoryUsedMiB?: number;
  memoryFreeMiB?: number;
  memoryTotalMiB?: number;
  temperatureCelsius?: number;
  powerWatts?: number;
  /** Pods the exporter attributes the device to; empty when it names none. */
  holders: PodRef[];
}

/** One pod's use of one device. */
export interface PodDeviceUsage extends PodRef {
  deviceKey: string;
  node?: string;
  utilizationPercent?: number;
  memoryUsedMiB?: number;
}

export interface TelemetryReport {
  devices: DeviceTelemetry[];
  podUsage: PodDeviceUsage[];
  /** Devices in use that no pod is attributed to: worth a warning, never idle. */
  unattributedBusy: DeviceTelemetry[];
  /** Devices that are idle and attributed to no pod. */
  idleUnattributed: DeviceTelemetry[];
  /** Metric names that were read, so a caller can report which exporters returned data. */
  metricsSeen: string[];
}

export interface TelemetryOptions {
  /** Node names from the API server; a host label that names none of them is not trusted. */
  nodeNames?: ReadonlySet<string>;
  /** A device above this utilization is in use. Default 0. */
  busyUtilizationPercent?: number;
  /** A device holding more framebuffer memory than this is in use. Default 100 MiB, above what drivers reserve. */
  busyMemoryMiB?: number;
}

/**
 * Builds per-device telemetry from exporter samples and attributes devices to
 * pods. A device is attributed only when its samples carry a non-empty
 * namespace and pod; an empty or missing pod label leaves it unattributed,
 * never matched to some other pod or shown as a pod without a name.
 */
export function readDeviceTelemetry(samples: readonly MetricSample[], options: TelemetryOptions = {}): TelemetryReport {
  const devices = new Map<string, DeviceTelemetry & { ranks: Partial<Record<DeviceField, number>> }>();
  const usage = new Map<string, PodDeviceUsage & { ranks: Partial<Record<DeviceField, number>> }>();
  const metricsSeen = new Set<string>();

  for (const sample of samples) {
    const mapping = DEVICE_METRICS[sample.name];
    if (!mapping || !Number.isFinite(sample.value)) continue;
    metricsSeen.add(sample.name);

    const identity = deviceIdentity(sample.labels, mapping.exporter, options.nodeNames);
    const device = devices.get(identity.key) ?? { ...identity, holders: [], ranks: {} };
    devices.set(identity.key, device);

    const holder = readPodRef(sample.labels);
    if (mapping.perContainer) {
      if (holder) recordUsage(usage, holder, device, mapping, sample.value);
      continue;
    }
    setField(device, mapping, sample.value);
    if (holder && !device.holders.some((known) => samePodRef(known, holder))) device.holders.push(holder);
  }

  const finished = [...devices.values()].map(finishDevice);
  const podUsage = [...usage.values()].map(({ ranks: _ranks, ...rest }) => rest);
  addWholeDeviceUsage(finished, podUsage);
  return classify(finished, podUsage, [...metricsSeen].sort(), options);
}

function deviceIdentity(labels: Record<string, string>, exporter: Exporter, nodeNames: ReadonlySet<string> | undefined) {
  const host = readHost(labels, nodeNames);
  const uuid = firstLabel(labels, UUID_LABELS);
  const index = firstLabel(labels, INDEX_LABELS);
  const modelName = firstLabel(labels, MODEL_LABELS);
  const migProfile = labels['GPU_I_PROFILE'] || undefined;
  const migInstance = labels['GPU_I_ID'] || undefined;
  const key = [host.node ?? '?', uuid ?? `#${index ?? '?'}`, migInstance ?? ''].join('/');

  return {
    key,
    exporter,
    ...(host.node !== undefined ? { node: host.node, nodeSource: host.source } : {}),
    ...(uuid !== undefined ? { uuid } : {}),
    ...(index !== undefined ? { index } : {}),
    ...(modelName !== undefined ? { modelName } : {}),
    ...(migProfile !== undefined ? { migProfile } : {}),
    ...(migInstance !== undefined ? { migInstance } : {}),
  };
}

function readHost(labels: Record<string, string>, nodeNames: ReadonlySet<string> | undefined): { node?: string; source?: 'label' | 'instance' } {
  const candidates = HOST_LABELS.map((name) => labels[name]).filter((value): value is string => Boolean(value));
  const trusted = nodeNames ? candidates.find((value) => nodeNames.has(value)) : candidates[0];
  if (trusted !== undefined) return { node: trusted, source: 'label' };

  // Without a host label, the scrape target's address is the only hint; it names the node only if it matches one.
  const instance = labels['instance']?.replace(/:[0-9]+$/, '');
  if (instance && (!nodeNames || nodeNames.has(instance))) return { node: instance, source: 'instance' };
  return {};
}

function firstLabel(labels: Record<string, string>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = labels[name];
    if (value) return value;
  }
  return undefined;
}

/**
 * Reads the pod a sample names. A Prometheus scrape without honorLabels
 * renames the exporter's `pod`/`namespace` to `exported_*` and puts the
 * exporter's own pod in `pod`/`namespace`. So when any `exported_` label is
 * present, only the `exported_*` labels are read.
 */
function readPodRef(labels: Record<string, string>): PodRef | undefined {
  const exported = 'exported_pod' in labels || 'exported_namespace' in labels;
  const pod = exported ? labels['exported_pod'] : labels['pod'] ?? labels['pod_name'] ?? labels['podname'];
  const namespace = exported ? labels['exported_namespace'] : labels['namespace'] ?? labels['podnamespace'];
  const container = exported ? labels['exported_container'] : labels['container'] ?? labels['ctrname'];
  if (!pod || !namespace) return undefined;
  return container ? { namespace, pod, container } : { namespace, pod };
}

function samePodRef(a: PodRef, b: PodRef): boolean {
  return a.namespace === b.namespace && a.pod === b.pod && a.container === b.container;
}

function setField(target: Partial<Record<DeviceField, number>> & { ranks: Partial<Record<DeviceField, number>> }, mapping: MetricMapping, value: number): void {
  const currentRank = target.ranks[mapping.field];
  if (currentRank !== undefined && currentRank < mapping.rank) return;
  target[mapping.field] = value * mapping.scale;
  target.ranks[mapping.field] = mapping.rank;
}

function recordUsage(
  usage: Map<string, PodDeviceUsage & { ranks: Partial<Record<DeviceField, number>> }>,
  holder: PodRef,
  device: DeviceTelemetry,
  mapping: MetricMapping,
  value: number,
): void {
  if (mapping.field !== 'utilizationPercent' && mapping.field !== 'memoryUsedMiB') return;
  const key = `${holder.namespace}/${holder.pod}/${holder.container ?? ''}/${device.key}`;
  const entry = usage.get(key) ?? { ...holder, deviceKey: device.key, ...(device.node !== undefined ? { node: device.node } : {}), ranks: {} };
  usage.set(key, entry);
  setField(entry as PodDeviceUsage & { ranks: Partial<Record<DeviceField, number>> }, mapping, value);
  if (!device.holders.some((known) => samePodRef(known, holder))) device.holders.push(holder);
}

function finishDevice(device: DeviceTelemetry & { ranks: unknown }): DeviceTelemetry {
  const { ranks: _ranks, ...rest } = device;
  if (rest.memoryTotalMiB === undefined && rest.memoryUsedMiB !== undefined && rest.memoryFreeMiB !== undefined) {
    return { ...rest, memoryTotalMiB: rest.memoryUsedMiB + rest.memoryFreeMiB };
  }
  return rest;
}

/** Adds a usage entry, with the device's numbers, for each pod that a device-level sample names. */
function addWholeDeviceUsage(devices: readonly DeviceTelemetry[], podUsage: PodDeviceUsage[]): void {
  for (const device of devices) {
    for (const holder of device.holders) {
      if (podUsage.some((entry) => entry.deviceKey === device.key && samePodRef(entry, holder))) continue;
      podUsage.push({
        ...holder,
        deviceKey: device.key,
        ...(device.node !== undefined ? { node: device.node } : {}),
        ...(device.utilizationPercent !== undefined ? { utilizationPercent: device.utilizationPercent } : {}),
        ...(device.memoryUsedMiB !== undefined ? { memoryUsedMiB: device.memoryUsedMiB } : {}),
      });
    }
  }
}

function classify(devices: DeviceTelemetry[], podUsage: PodDeviceUsage[], metricsSeen: string[], options: TelemetryOptions): TelemetryReport {
  const unattributed = devices.filter((device) => device.holders.length === 0);
  return {
    devices,
    podUsage,
    unattributedBusy: unattributed.filter((device) => isDeviceBusy(device, options)),
    idleUnattributed: unattributed.filter((device) => !isDeviceBusy(device, options)),
    metricsSeen,
  };
}

/**
 * True when a device is in use: utilization above the threshold, or more
 * framebuffer memory held than the threshold. A device with no samples for
 * either is not known to be idle, so it counts as busy.
 */
export function isDeviceBusy(device: DeviceTelemetry, options: TelemetryOptions = {}): boolean {
  const utilization = device.utilizationPercent;
  const memory = device.memoryUsedMiB;
  if (utilization === undefined && memory === undefined) return true;
  return (utilization ?? 0) > (options.busyUtilizationPercent ?? 0) || (memory ?? 0) > (options.busyMemoryMiB ?? 100);
}

/** Lists a node's devices in index order, for a per-node device map. */
export function devicesOnNode(report: TelemetryReport, node: string): DeviceTelemetry[] {
  return report.devices
    .filter((device) => device.node === node)
    .sort((a, b) => Number(a.index ?? Number.MAX_SAFE_INTEGER) - Number(b.index ?? Number.MAX_SAFE_INTEGER));
}
