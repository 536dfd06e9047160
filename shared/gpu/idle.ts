/**
 * Finds GPUs that a pod holds but does not use: the device's utilization for
 * that pod has stayed below a threshold for longer than a time threshold.
 * Only devices the exporter attributes to a pod that the API server lists as
 * holding accelerators can be idle; a busy device without such a pod is
 * listed as unattributed, never matched to a pod by guess.
 */
import type { IdleGpuRow, UnattributedDevice } from '../models/gpu';
import type { DeviceTelemetry, PodDeviceUsage } from '../resources/metrics';
import { describeOwnership, tenantOfNamespace, type OwnedMeta, type OwnerLookup } from './owners';

/** One sample of one pod's use of one device. */
export interface UsagePoint {
  t: number;
  utilizationPercent?: number;
  memoryUsedMiB?: number;
}

export interface IdleThresholds {
  /** Below this utilization (percent) a device counts as idle. */
  utilizationPercent: number;
  /** Minimum length of the idle stretch, in milliseconds. */
  durationMs: number;
}

/** A pod that holds accelerators, as the API server lists it. */
export interface HoldingPod extends OwnedMeta {
  namespace: string;
  nodeName?: string;
  /** ISO time the pod started (status.startTime) or was created. */
  started?: string;
}

export interface IdleInput {
  now: number;
  devices: readonly DeviceTelemetry[];
  /** One entry per pod and device (see {@link mergePodUsage}). */
  usage: readonly PodDeviceUsage[];
  /** History of one pod-device key (see {@link podDeviceKey}), oldest first. */
  history(key: string): readonly UsagePoint[];
  /** Pods that hold accelerators, keyed `namespace/name`. */
  holdingPods: ReadonlyMap<string, HoldingPod>;
  namespaceLabels: ReadonlyMap<string, Readonly<Record<string, string>>>;
  owners?: OwnerLookup;
  thresholds: IdleThresholds;
}

export interface IdleReport {
  idle: IdleGpuRow[];
  /** Busy devices that no pod holding accelerators can be named for. */
  unattributedBusy: UnattributedDevice[];
  /** Keys (`namespace/name`) of holding pods that the exporter reports no device for. */
  podsWithoutTelemetry: string[];
}

/** Framebuffer memory above what drivers reserve, as in shared/resources/metrics.ts. */
const BUSY_MEMORY_MIB = 100;

export function podDeviceKey(namespace: string, pod: string, deviceKey: string): string {
  return `${namespace}/${pod}/${deviceKey}`;
}

/**
 * Folds per-container entries into one per pod and device: the highest
 * utilization (a device is busy when any container keeps it busy) and the
 * sum of memory.
 */
export function mergePodUsage(usage: readonly PodDeviceUsage[]): PodDeviceUsage[] {
  const merged = new Map<string, PodDeviceUsage>();
  for (const entry of usage) {
    const key = podDeviceKey(entry.namespace, entry.pod, entry.deviceKey);
    const known = merged.get(key);
    if (!known) {
      const { container: _container, ...rest } = entry;
      merged.set(key, rest);
      continue;
    }
    const utilization = maxDefined(known.utilizationPercent, entry.utilizationPercent);
    const memory = sumDefined(known.memoryUsedMiB, entry.memoryUsedMiB);
    if (utilization !== undefined) known.utilizationPercent = utilization;
    if (memory !== undefined) known.memoryUsedMiB = memory;
  }
  return [...merged.values()];
}

/**
 * How long the newest points have stayed below the threshold. Undefined when
 * the newest point is at or above it, or has no utilization. The stretch is
 * cut at the pod's start; it is `atLeast` when the history starts inside it.
 */
export function idleStretch(points: readonly UsagePoint[], thresholdPercent: number, podStartMs?: number): { since: number; atLeast: boolean } | undefined {
  const newest = points.at(-1);
  if (newest?.utilizationPercent === undefined || newest.utilizationPercent >= thresholdPercent) return undefined;

  let since = newest.t;
  for (let index = points.length - 2; index >= 0; index -= 1) {
    const point = points[index]!;
    const utilization = point.utilizationPercent;
    if (utilization === undefined || utilization >= thresholdPercent) return { since, atLeast: false };
    since = point.t;
  }
  if (podStartMs !== undefined && podStartMs >= since) return { since: podStartMs, atLeast: false };
  return { since, atLeast: true };
}

/** Lists idle held GPUs and unattributed busy devices from the newest telemetry and its history. */
export function findIdleGpus(input: IdleInput): IdleReport {
  const deviceByKey = new Map(input.devices.map((device) => [device.key, device]));
  const idle: IdleGpuRow[] = [];
  const unattributedBusy: UnattributedDevice[] = input.devices
    .filter((device) => device.holders.length === 0 && isBusy(device, input.thresholds))
    .map((device) => unattributed(device, 'no-pod-label'));
  const reported = new Set<string>();

  for (const usage of input.usage) {
    const pod = input.holdingPods.get(`${usage.namespace}/${usage.pod}`);
    const device = deviceByKey.get(usage.deviceKey);
    if (!pod) {
      const held = device?.holders.some((holder) => input.holdingPods.has(`${holder.namespace}/${holder.pod}`)) ?? false;
      if (device && !held && isBusy(device, input.thresholds)) unattributedBusy.push(unattributed(device, 'unknown-pod', `${usage.namespace}/${usage.pod}`));
      continue;
    }
    reported.add(`${usage.namespace}/${usage.pod}`);
    const row = idleRow(input, usage, pod, device);
    if (row) idle.push(row);
  }

  const podsWithoutTelemetry = [...input.holdingPods.keys()].filter((key) => !reported.has(key)).sort();
  idle.sort((a, b) => b.idleSeconds - a.idleSeconds || a.namespace.localeCompare(b.namespace) || a.pod.localeCompare(b.pod));
  return { idle, unattributedBusy: dedupe(unattributedBusy), podsWithoutTelemetry };
}

function idleRow(input: IdleInput, usage: PodDeviceUsage, pod: HoldingPod, device: DeviceTelemetry | undefined): IdleGpuRow | undefined {
  const history = input.history(podDeviceKey(usage.namespace, usage.pod, usage.deviceKey));
  const started = pod.started ? Date.parse(pod.started) : undefined;
  const stretch = idleStretch(history, input.thresholds.utilizationPercent, Number.isFinite(started) ? started : undefined);
  if (!stretch || input.now - stretch.since < input.thresholds.durationMs) return undefined;

  const ownership = describeOwnership(pod, input.owners);
  const tenant = tenantOfNamespace(input.namespaceLabels.get(pod.namespace));
  const node = usage.node ?? pod.nodeName;
  return {
    namespace: usage.namespace,
    pod: usage.pod,
    ...(node ? { node } : {}),
    deviceKey: usage.deviceKey,
    device: deviceLabel(device, usage.deviceKey),
    ...(tenant ? { tenant } : {}),
    ...(ownership.queue ? { queue: ownership.queue } : {}),
    workload: ownership.workload,
    ...(ownership.user ? { user: ownership.user } : {}),
    idleSince: new Date(stretch.since).toISOString(),
    idleSeconds: Math.round((input.now - stretch.since) / 1000),
    atLeast: stretch.atLeast,
    ...(usage.utilizationPercent !== undefined ? { utilizationPercent: usage.utilizationPercent } : {}),
    ...(usage.memoryUsedMiB !== undefined ? { memoryUsedMiB: usage.memoryUsedMiB } : {}),
  };
}

/** `node #index`, with the MIG profile when there is one. */
export function deviceLabel(device: DeviceTelemetry | undefined, fallback: string): string {
  if (!device) return fallback;
  const base = `${device.node ?? '?'} #${device.index ?? device.uuid ?? '?'}`;
  return device.migProfile ? `${base} ${device.migProfile}` : base;
}

/**
 * In use: at or above the idle threshold, or holding more framebuffer memory
 * than drivers reserve. A device with neither reading is not known to be idle.
 */
function isBusy(device: DeviceTelemetry, thresholds: IdleThresholds): boolean {
  const { utilizationPercent: utilization, memoryUsedMiB: memory } = device;
  if (utilization === undefined && memory === undefined) return true;
  return (utilization ?? 0) >= thresholds.utilizationPercent || (memory ?? 0) > BUSY_MEMORY_MIB;
}

function unattributed(device: DeviceTelemetry, reason: UnattributedDevice['reason'], namedPod?: string): UnattributedDevice {
  return {
    deviceKey: device.key,
    ...(device.node !== undefined ? { node: device.node } : {}),
    ...(device.index !== undefined ? { index: device.index } : {}),
    ...(device.modelName !== undefined ? { modelName: device.modelName } : {}),
    ...(device.utilizationPercent !== undefined ? { utilizationPercent: device.utilizationPercent } : {}),
    ...(device.memoryUsedMiB !== undefined ? { memoryUsedMiB: device.memoryUsedMiB } : {}),
    reason,
    ...(namedPod ? { namedPod } : {}),
  };
}

function dedupe(devices: UnattributedDevice[]): UnattributedDevice[] {
  const seen = new Set<string>();
  return devices.filter((device) => !seen.has(device.deviceKey) && seen.add(device.deviceKey));
}

/** Combines two optional numbers with `combine`; a missing one leaves the other as it is. */
function combineDefined(a: number | undefined, b: number | undefined, combine: (x: number, y: number) => number): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return combine(a, b);
}

function maxDefined(a: number | undefined, b: number | undefined): number | undefined {
  return combineDefined(a, b, Math.max);
}

function sumDefined(a: number | undefined, b: number | undefined): number | undefined {
  return combineDefined(a, b, (x, y) => x + y);
}
