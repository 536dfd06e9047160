/**
 * Builds the GPU telemetry view from the cached API objects (allocation)
 * and the newest exporter report (utilization): device maps per node, idle
 * GPUs by owner, unattributed busy devices and tenant allocation.
 *
 * Allocation comes from the Overview's incremental builder (per pod and per
 * node, derived again only for replaced objects). This builder keeps each
 * node's map and the inputs it came from, so a cache update rebuilds only
 * the maps of nodes whose summary or devices changed. An unchanged map keeps
 * its object, so the sender can pass on only the maps that changed. At 2,000
 * nodes and 50,000 pods a full rebuild on every update took most of main's
 * time.
 */
import type { KubeObject } from '../../shared/k8s/object';
import type { DeviceCard, GpuSettings, GpuTelemetryView, MetricsStatus, NodeDeviceMap, TenantAllocation } from '../../shared/models/gpu';
import { findIdleGpus, type HoldingPod, type IdleReport } from '../../shared/gpu/idle';
import type { OwnerLookup } from '../../shared/gpu/owners';
import { tenantAllocations } from '../../shared/gpu/tenants';
import type { NodeAcceleratorSummary, PodAcceleratorUse } from '../../shared/resources/capacity';
import type { DeviceTelemetry, PodDeviceUsage } from '../../shared/resources/metrics';
import { quantityToNumber } from '../../shared/resources/quantity';
import type { ResourceQuotaLike } from '../../shared/resources/types';
import type { AcceleratorState } from '../views/overview-builder';
import type { Allocation } from './series-store';
import { sameData, sameItems } from '../views/equality';

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
  accelerators: AcceleratorState;
  namespaces: readonly KubeObject[];
  quotas: readonly KubeObject[];
  forbidden: string[];
  telemetry: Telemetry | undefined;
  history(key: string): ReturnType<Parameters<typeof findIdleGpus>[0]['history']>;
  owners: OwnerLookup;
}

/** Device-counting units allocatable and requested per node, and for the cluster. */
export function allocationOf(nodeSummaries: readonly NodeAcceleratorSummary[]): { cluster: Allocation; nodes: Map<string, Allocation> } {
  const nodes = new Map<string, Allocation>();
  const cluster = { allocated: 0, allocatable: 0 };
  for (const node of nodeSummaries) {
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

export interface TelemetryViewBuilder {
  /** The view for this input; node maps whose inputs did not change are the same objects as last time. */
  compute(input: ViewInput): GpuTelemetryView;
}

/** A node map and the inputs it was built from. `devices` is undefined without telemetry. */
interface NodeMapEntry {
  summary: NodeAcceleratorSummary | undefined;
  devices: readonly DeviceTelemetry[] | undefined;
  idlePercent: number;
  map: NodeDeviceMap;
}

/** One telemetry sample's devices by node label, and the nodes each named holder pod is on (`namespace/pod`). */
interface Grouped {
  telemetry: Telemetry;
  byNode: Map<string, DeviceTelemetry[]>;
  nodesOfHolder: Map<string, Set<string>>;
}

export function createTelemetryViewBuilder(): TelemetryViewBuilder {
  const nodeEntries = new Map<string, NodeMapEntry>();
  const holdingByPod = new WeakMap<KubeObject, { use: PodAcceleratorUse; holding: HoldingPod }>();
  let grouped: Grouped | undefined;
  let previousHolding: ReadonlyMap<string, HoldingPod> = new Map();
  /** The holders the last holding-pod map was made from, and that map. */
  let holding: { holders: readonly PodAcceleratorUse[]; pods: readonly KubeObject[]; map: Map<string, HoldingPod> } | undefined;
  let tenantCache: { holders: readonly PodAcceleratorUse[]; pending: readonly PodAcceleratorUse[]; quotas: readonly KubeObject[]; namespaces: readonly KubeObject[]; tenants: TenantAllocation[] } | undefined;

  /**
   * Returns the holding pods by `namespace/name`. Churn on labels and
   * annotations replaces pod objects but keeps their use objects, so when the
   * holders are the same uses as last time, the last map is updated in place
   * for the replaced pods only. At 10,000 holders, a new map on every compute
   * was this view's largest cost.
   */
  const holdingPodMap = (accelerators: AcceleratorState): Map<string, HoldingPod> => {
    const refresh = (index: number): [string, HoldingPod] | undefined => {
      const use = accelerators.holders[index]!;
      if (!use.resources.some((resource) => resource.countsDevices)) return undefined;
      const pod = accelerators.holderPods[index];
      let cached = pod ? holdingByPod.get(pod) : undefined;
      if (!cached || cached.use !== use) {
        cached = { use, holding: holdingPod(use, pod) };
        if (pod) holdingByPod.set(pod, cached);
      }
      return [`${use.namespace}/${use.name}`, cached.holding];
    };

    if (holding && sameItems(holding.holders, accelerators.holders)) {
      accelerators.holderPods.forEach((pod, index) => {
        if (pod === holding!.pods[index]) return;
        const entry = refresh(index);
        if (entry) holding!.map.set(entry[0], entry[1]);
      });
      holding.pods = accelerators.holderPods;
      return holding.map;
    }

    const map = new Map<string, HoldingPod>();
    accelerators.holders.forEach((_use, index) => {
      const entry = refresh(index);
      if (entry) map.set(entry[0], entry[1]);
    });
    holding = { holders: accelerators.holders, pods: accelerators.holderPods, map };
    return map;
  };

  /** Devices by node label, sorted, made once per telemetry sample. */
  const group = (telemetry: Telemetry | undefined): Grouped | undefined => {
    if (!telemetry) return undefined;
    if (grouped?.telemetry !== telemetry) {
      const byNode = new Map<string, DeviceTelemetry[]>();
      const nodesOfHolder = new Map<string, Set<string>>();
      for (const device of telemetry.devices) {
        const node = device.node ?? '?';
        const list = byNode.get(node) ?? [];
        list.push(device);
        byNode.set(node, list);
        for (const holder of device.holders) {
          const key = `${holder.namespace}/${holder.pod}`;
          nodesOfHolder.set(key, (nodesOfHolder.get(key) ?? new Set()).add(node));
        }
      }
      for (const list of byNode.values()) sortDevices(list);
      grouped = { telemetry, byNode, nodesOfHolder };
    }
    return grouped;
  };

  /** Nodes whose device cards name a pod that started or stopped holding accelerators: their `known` flags changed. */
  const nodesWithNewHolders = (holdingPods: ReadonlyMap<string, HoldingPod>, devices: Grouped | undefined): Set<string> => {
    const nodes = new Set<string>();
    // The same map means the same holders, because it is updated in place only for replaced pod objects.
    if (!devices || holdingPods === previousHolding) return nodes;
    const mark = (key: string) => devices.nodesOfHolder.get(key)?.forEach((node) => nodes.add(node));
    for (const key of holdingPods.keys()) if (!previousHolding.has(key)) mark(key);
    for (const key of previousHolding.keys()) if (!holdingPods.has(key)) mark(key);
    return nodes;
  };

  const nodeMap = (name: string, summary: NodeAcceleratorSummary | undefined, devices: readonly DeviceTelemetry[] | undefined, holdingPods: ReadonlyMap<string, HoldingPod>, idlePercent: number, holdersChanged: boolean): NodeDeviceMap => {
    const entry = nodeEntries.get(name);
    if (entry && entry.summary === summary && entry.devices === devices && entry.idlePercent === idlePercent && !holdersChanged) return entry.map;
    const fresh = buildNodeMap(name, summary, devices ?? [], holdingPods, idlePercent);
    const map = entry && sameData(entry.map, fresh) ? entry.map : fresh;
    nodeEntries.set(name, { summary, devices, idlePercent, map });
    return map;
  };

  const nodeMaps = (accelerators: AcceleratorState, telemetry: Telemetry | undefined, holdingPods: ReadonlyMap<string, HoldingPod>, idlePercent: number): NodeDeviceMap[] => {
    const devices = group(telemetry);
    const byNode = devices?.byNode;
    const changedNodes = nodesWithNewHolders(holdingPods, devices);
    previousHolding = holdingPods;
    const maps: NodeDeviceMap[] = [];
    const listed = new Set<string>();
    for (const summary of accelerators.nodes) {
      const nodeDevices = byNode?.get(summary.name);
      listed.add(summary.name);
      if (!summary.pools.some((pool) => pool.countsDevices) && !nodeDevices?.length) continue;
      maps.push(nodeMap(summary.name, summary, nodeDevices, holdingPods, idlePercent, changedNodes.has(summary.name)));
    }
    // Devices on hosts the API server does not list (an exporter label naming no node) are still shown, under their label.
    for (const [name, nodeDevices] of byNode ?? []) {
      if (!listed.has(name)) maps.push(nodeMap(name, undefined, nodeDevices, holdingPods, idlePercent, changedNodes.has(name)));
    }
    const shown = new Set(maps.map((map) => map.node));
    for (const name of nodeEntries.keys()) if (!shown.has(name)) nodeEntries.delete(name);
    return maps;
  };

  const tenantsOf = (input: ViewInput, namespaceLabels: ReadonlyMap<string, Readonly<Record<string, string>>>): TenantAllocation[] => {
    const { holders, pendingDemand } = input.accelerators;
    const same = tenantCache && sameItems(tenantCache.holders, holders) && sameItems(tenantCache.pending, pendingDemand) && sameItems(tenantCache.quotas, input.quotas) && sameItems(tenantCache.namespaces, input.namespaces);
    if (same) return tenantCache!.tenants;
    const { tenants } = tenantAllocations({ holders, pending: pendingDemand, quotas: input.quotas as unknown as ResourceQuotaLike[], namespaceLabels });
    tenantCache = { holders, pending: pendingDemand, quotas: input.quotas, namespaces: input.namespaces, tenants };
    return tenants;
  };

  return {
    compute(input) {
      const holdingPods = holdingPodMap(input.accelerators);
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

      return {
        contextId: input.contextId,
        status: input.status,
        settings: input.settings,
        nodes: nodeMaps(input.accelerators, input.telemetry, holdingPods, input.settings.idleUtilizationPercent),
        idle: report.idle,
        unattributedBusy: report.unattributedBusy,
        podsWithoutTelemetry: input.telemetry ? report.podsWithoutTelemetry.length : 0,
        tenants: tenantsOf(input, namespaceLabels),
        forbidden: input.forbidden,
        updatedAt: new Date(input.now).toISOString(),
      };
    },
  };
}

function holdingPod(use: PodAcceleratorUse, pod: KubeObject | undefined): HoldingPod {
  const started = (pod?.status as { startTime?: string } | undefined)?.startTime ?? pod?.metadata.creationTimestamp;
  return {
    ...(pod?.metadata ?? { name: use.name }),
    namespace: use.namespace,
    ...(use.nodeName ? { nodeName: use.nodeName } : {}),
    ...(started ? { started } : {}),
  };
}

function buildNodeMap(name: string, summary: NodeAcceleratorSummary | undefined, devices: readonly DeviceTelemetry[], holdingPods: ReadonlyMap<string, HoldingPod>, idlePercent: number): NodeDeviceMap {
  const pools = summary?.pools.filter((pool) => pool.countsDevices) ?? [];
  const primary = pools[0];
  return {
    node: name,
    ...(primary ? { vendor: primary.vendorName } : {}),
    ...(primary?.model ? { model: primary.model } : {}),
    allocatable: pools.reduce((sum, pool) => sum + quantityToNumber(pool.allocatable), 0),
    requested: pools.reduce((sum, pool) => sum + quantityToNumber(pool.requested), 0),
    pods: (summary?.holders ?? []).map((use) => ({ namespace: use.namespace, name: use.name, gpus: use.resources.filter((r) => r.countsDevices).reduce((sum, r) => sum + quantityToNumber(r.amount), 0) })),
    devices: devices.map((device) => deviceCard(device, holdingPods, idlePercent)),
  };
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
