/**
 * The last hour of one cluster's GPU numbers, in ring buffers: one per
 * device, one per pod and device, and allocation per node and for the
 * cluster. Sized from the sample interval, so memory stays bounded however
 * long the app runs; entries not seen for an hour are dropped.
 *
 * A node's allocation changes far less often than it is sampled, and a
 * cluster has thousands of nodes, so each node keeps only the samples where
 * its allocation changed (or where it was missing). Its series is expanded at
 * the cluster's sample times when charted. Storing every sample of 1,500 GPU
 * nodes would add about 2 MB of heap every five minutes of the first hour.
 */
import type { GpuSeriesView, SeriesPoint, SeriesScope } from '../../shared/models/gpu';
import { downsample } from '../../shared/gpu/downsample';
import { podDeviceKey, type UsagePoint } from '../../shared/gpu/idle';
import { RingBuffer } from '../../shared/gpu/ring-buffer';
import type { DeviceTelemetry, PodDeviceUsage } from '../../shared/resources/metrics';

export const HISTORY_MS = 60 * 60_000;

interface DevicePoint {
  t: number;
  utilizationPercent?: number;
  memoryUsedMiB?: number;
  memoryTotalMiB?: number;
}

interface AllocationPoint {
  t: number;
  allocated: number;
  allocatable: number;
}

/** A node's allocation from `t` on; `missing` when the node was not in that sample. */
type AllocationChange = AllocationPoint | { t: number; missing: true };

interface NodeAllocationTrack {
  /** Sample time of the first record: the series starts there. */
  first: number;
  changes: RingBuffer<AllocationChange>;
  lastSeen: number;
}

interface Track<P> {
  node?: string;
  namespace?: string;
  pod?: string;
  ring: RingBuffer<P>;
  lastSeen: number;
}

export interface Allocation {
  allocated: number;
  allocatable: number;
}

export class SeriesStore {
  private capacity: number;
  private readonly devices = new Map<string, Track<DevicePoint>>();
  private readonly podDevices = new Map<string, Track<UsagePoint>>();
  private readonly nodeAllocation = new Map<string, NodeAllocationTrack>();
  private readonly clusterAllocation: RingBuffer<AllocationPoint>;
  /** Start of the device history (backfill or first sample). */
  since: number | undefined;

  constructor(intervalMs: number) {
    this.capacity = capacityFor(intervalMs);
    this.clusterAllocation = new RingBuffer(this.capacity);
  }

  /** Resizes every buffer for a new sample interval, keeping the newest points. */
  setInterval(intervalMs: number): void {
    const capacity = capacityFor(intervalMs);
    if (capacity === this.capacity) return;
    this.capacity = capacity;
    this.clusterAllocation.resize(capacity);
    for (const tracks of [this.devices, this.podDevices] as Map<string, Track<unknown>>[]) {
      for (const track of tracks.values()) track.ring.resize(capacity);
    }
    for (const track of this.nodeAllocation.values()) track.changes.resize(capacity);
  }

  /** Forgets the device and pod history, for a new source or a backfill that replaces it. */
  clearTelemetry(): void {
    this.devices.clear();
    this.podDevices.clear();
    this.since = undefined;
  }

  /** Records one frame of telemetry taken at `t`; `usage` holds one entry per pod and device. */
  recordTelemetry(t: number, devices: readonly DeviceTelemetry[], usage: readonly PodDeviceUsage[]): void {
    this.since ??= t;
    for (const device of devices) {
      const track = this.track(this.devices, device.key, { ...(device.node !== undefined ? { node: device.node } : {}) }, t);
      track.ring.push(pick({ t }, device, ['utilizationPercent', 'memoryUsedMiB', 'memoryTotalMiB']));
    }
    for (const entry of usage) {
      const key = podDeviceKey(entry.namespace, entry.pod, entry.deviceKey);
      const track = this.track(this.podDevices, key, { namespace: entry.namespace, pod: entry.pod, ...(entry.node !== undefined ? { node: entry.node } : {}) }, t);
      track.ring.push(pick({ t }, entry, ['utilizationPercent', 'memoryUsedMiB']));
    }
  }

  recordAllocation(t: number, cluster: Allocation, nodes: ReadonlyMap<string, Allocation>): void {
    this.clusterAllocation.push({ t, ...cluster });
    for (const [node, allocation] of nodes) {
      const track = this.nodeAllocation.get(node) ?? { first: t, changes: new RingBuffer<AllocationChange>(this.capacity), lastSeen: t };
      const last = track.changes.last();
      if (!last || 'missing' in last || last.allocated !== allocation.allocated || last.allocatable !== allocation.allocatable) {
        track.changes.push({ t, ...allocation });
      }
      track.lastSeen = t;
      this.nodeAllocation.set(node, track);
    }
    // A node that left (deleted, or no longer counts devices) gets no points until it is back.
    for (const [node, track] of this.nodeAllocation) {
      const last = track.changes.last();
      if (!nodes.has(node) && last && !('missing' in last)) track.changes.push({ t, missing: true });
    }
  }

  /** History of one pod on one device, oldest first. */
  podDeviceHistory(key: string): readonly UsagePoint[] {
    return this.podDevices.get(key)?.ring.toArray() ?? [];
  }

  /** Drops tracks not seen for an hour. */
  prune(now: number): void {
    for (const tracks of [this.devices, this.podDevices, this.nodeAllocation] as Map<string, { lastSeen: number }>[]) {
      for (const [key, track] of tracks) if (now - track.lastSeen > HISTORY_MS) tracks.delete(key);
    }
  }

  /** The scope's series over the last hour, downsampled to at most `maxPoints`. */
  series(contextId: string, scope: SeriesScope, maxPoints: number, now: number): GpuSeriesView {
    const raw = this.rawSeries(scope);
    const { points, bucketMs } = downsample(raw, maxPoints, now - HISTORY_MS, now);
    return { contextId, scope, stepSeconds: Math.round(bucketMs / 1000), points, ...(this.since !== undefined ? { since: this.since } : {}) };
  }

  private rawSeries(scope: SeriesScope): SeriesPoint[] {
    if (scope.kind === 'pod') {
      const tracks = [...this.podDevices.values()].filter((track) => track.namespace === scope.namespace && track.pod === scope.name);
      return aggregate(tracks.map((track) => track.ring.toArray()), []);
    }
    const devices = [...this.devices.values()].filter((track) => scope.kind === 'cluster' || track.node === scope.name);
    const allocation = scope.kind === 'cluster' ? this.clusterAllocation.toArray() : this.nodeAllocationPoints(scope.name);
    return aggregate(devices.map((track) => track.ring.toArray()), allocation);
  }

  /** Expands a node's changes to its allocation at each of the cluster's sample times since its first record. */
  private nodeAllocationPoints(node: string): AllocationPoint[] {
    const track = this.nodeAllocation.get(node);
    if (!track) return [];
    const changes = track.changes.toArray();
    const points: AllocationPoint[] = [];
    let next = 0;
    let current: AllocationChange | undefined;
    for (const { t } of this.clusterAllocation.toArray()) {
      if (t < track.first || t > track.lastSeen) continue;
      while (next < changes.length && changes[next]!.t <= t) current = changes[next++];
      // Before the oldest change still kept, the value is unknown: no point rather than a guess.
      if (current && !('missing' in current)) points.push({ t, allocated: current.allocated, allocatable: current.allocatable });
    }
    return points;
  }

  private track<P>(tracks: Map<string, Track<P>>, key: string, fields: Omit<Track<P>, 'ring' | 'lastSeen'>, t: number): Track<P> {
    const track = tracks.get(key) ?? { ...fields, ring: new RingBuffer<P>(this.capacity), lastSeen: t };
    track.lastSeen = Math.max(track.lastSeen, t);
    tracks.set(key, track);
    return track;
  }
}

function capacityFor(intervalMs: number): number {
  return Math.ceil(HISTORY_MS / Math.max(1000, intervalMs)) + 1;
}

function pick<P extends object>(target: P, source: object, fields: readonly string[]): P {
  for (const field of fields) {
    const value = (source as Record<string, unknown>)[field];
    if (typeof value === 'number' && Number.isFinite(value)) (target as Record<string, number>)[field] = value;
  }
  return target;
}

/** Joins device (or pod-device) points taken at the same time: mean utilization, summed memory, plus allocation. */
function aggregate(tracks: readonly (readonly (DevicePoint | UsagePoint)[])[], allocation: readonly AllocationPoint[]): SeriesPoint[] {
  const byTime = new Map<number, { utilization: number[]; used: number; total: number; hasUsed: boolean; hasTotal: boolean; allocation?: AllocationPoint }>();
  const frame = (t: number) => {
    const known = byTime.get(t);
    if (known) return known;
    const created: { utilization: number[]; used: number; total: number; hasUsed: boolean; hasTotal: boolean; allocation?: AllocationPoint } = { utilization: [], used: 0, total: 0, hasUsed: false, hasTotal: false };
    byTime.set(t, created);
    return created;
  };
  for (const points of tracks) {
    for (const point of points) {
      const entry = frame(point.t);
      if (point.utilizationPercent !== undefined) entry.utilization.push(point.utilizationPercent);
      if (point.memoryUsedMiB !== undefined) {
        entry.used += point.memoryUsedMiB;
        entry.hasUsed = true;
      }
      const total = (point as DevicePoint).memoryTotalMiB;
      if (total !== undefined) {
        entry.total += total;
        entry.hasTotal = true;
      }
    }
  }
  for (const point of allocation) frame(point.t).allocation = point;

  return [...byTime.entries()]
    .sort(([a], [b]) => a - b)
    .map(([t, entry]) => ({
      t,
      ...(entry.utilization.length > 0 ? { utilizationPercent: entry.utilization.reduce((sum, value) => sum + value, 0) / entry.utilization.length } : {}),
      ...(entry.hasUsed ? { memoryUsedMiB: entry.used } : {}),
      ...(entry.hasTotal ? { memoryTotalMiB: entry.total } : {}),
      ...(entry.allocation ? { allocated: entry.allocation.allocated, allocatable: entry.allocation.allocatable } : {}),
    }));
}
