/**
 * The Overview's view models: table rows of nodes and pods, and the summary,
 * from the shared resource maths so every screen shows the same numbers.
 * overview-builder.ts assembles them from the cached Nodes and Pods.
 */
import type { KubeObject } from '../../shared/k8s/object';
import type { AcceleratorTotal, NodeRow, OverviewSummary, PodRow } from '../../shared/models/overview';
import { totalPools, type AcceleratorPool, type AcceleratorTotal as AcceleratorTotalSum, type NodeAcceleratorSummary, type PodAcceleratorUse} from '../../shared/resources/capacity';
import { quantityToNumber } from '../../shared/resources/quantity';
import type { NodeLike, PodLike } from '../../shared/resources/types';

/** Difference of a row list from the list `from`, which the tables apply to their orders instead of sorting again. */
export interface RowChanges<Row> {
  from: readonly Row[];
  removed: readonly Row[];
  added: readonly Row[];
}

export interface OverviewModel {
  summary: Omit<OverviewSummary, 'contextId' | 'synced' | 'forbidden' | 'updatedAt'>;
  nodes: NodeRow[];
  gpuPods: PodRow[];
  allPods: PodRow[];
  /** The pod rows' changes from the previous model, when only some pods changed. */
  changes?: { allPods: RowChanges<PodRow>; gpuPods: RowChanges<PodRow> };
}

function deviceUnits(pools: readonly AcceleratorPool[], pick: (pool: AcceleratorPool) => number): number {
  return pools.filter((pool) => pool.countsDevices).reduce((sum, pool) => sum + pick(pool), 0);
}

export function nodeRow(node: NodeLike & KubeObject, summary: NodeAcceleratorSummary, podCount: number): NodeRow {
  const conditions = (node.status?.conditions ?? []) as { type?: string; status?: string }[];
  const primary = summary.pools.find((pool) => pool.countsDevices) ?? summary.pools[0];
  const kubeletVersion = (node.status as { nodeInfo?: { kubeletVersion?: string } } | undefined)?.nodeInfo?.kubeletVersion;
  return {
    name: summary.name,
    ready: summary.availability.ready,
    unschedulable: summary.availability.unschedulable,
    pressure: conditions.filter((c) => c.type !== 'Ready' && c.status === 'True').map((c) => c.type ?? ''),
    ...(primary ? { vendor: primary.vendorName } : {}),
    ...(primary?.model ? { model: primary.model } : {}),
    gpuCapacity: deviceUnits(summary.pools, (pool) => quantityToNumber(pool.capacity)),
    gpuAllocatable: deviceUnits(summary.pools, (pool) => quantityToNumber(pool.allocatable)),
    gpuRequested: deviceUnits(summary.pools, (pool) => quantityToNumber(pool.requested)),
    unavailableReasons: summary.availability.reasons.map((reason) => (reason.kind === 'Tainted' ? reason.key : reason.kind)),
    pods: podCount,
    ...(kubeletVersion ? { kubeletVersion } : {}),
  };
}

export function podRow(pod: PodLike & KubeObject, use: PodAcceleratorUse | undefined): PodRow {
  const devices = use?.resources.filter((resource) => resource.countsDevices) ?? [];
  const first = devices[0] ?? use?.resources[0];
  return {
    namespace: pod.metadata.namespace ?? '',
    name: pod.metadata.name,
    ...(pod.spec?.nodeName ? { node: pod.spec.nodeName } : {}),
    phase: pod.status?.phase ?? 'Unknown',
    gpus: devices.reduce((sum, resource) => sum + quantityToNumber(resource.amount), 0),
    ...(first ? { resourceName: first.resourceName, vendor: first.vendorName } : {}),
    ...(first?.model ? { model: first.model } : {}),
    created: pod.metadata.creationTimestamp ?? '',
  };
}

function poolKey(pool: { resourceName: string; model?: string; profile?: string }): string {
  return `${pool.resourceName}|${pool.model ?? ''}|${pool.profile ?? ''}`;
}

/** Allocatable per pool key on nodes that cannot take new work. */
function blockedAllocatable(nodes: readonly NodeAcceleratorSummary[]): Map<string, number> {
  const blocked = new Map<string, number>();
  for (const node of nodes) {
    if (node.availability.acceptsNewWork) continue;
    for (const pool of node.pools) {
      blocked.set(poolKey(pool), (blocked.get(poolKey(pool)) ?? 0) + quantityToNumber(pool.allocatable));
    }
  }
  return blocked;
}

function totalRow(total: AcceleratorTotalSum, blocked: Map<string, number>): AcceleratorTotal {
  const allocatable = quantityToNumber(total.allocatable);
  const unavailable = quantityToNumber(total.unavailable);
  return {
    vendor: total.vendor,
    vendorName: total.vendorName,
    model: total.model ?? total.resourceName,
    mode: total.mode,
    measure: total.measure,
    countsDevices: total.countsDevices,
    ...(total.profile ? { profile: total.profile } : {}),
    resourceName: total.resourceName,
    capacity: quantityToNumber(total.capacity),
    allocatable,
    requested: quantityToNumber(total.requested),
    schedulable: allocatable - (blocked.get(poolKey(total)) ?? 0),
    free: quantityToNumber(total.free),
    freeForNewWork: quantityToNumber(total.freeForNewWork),
    unavailable,
    nodes: total.nodes,
  };
}

/** Pod, node and problem counts and accelerator totals, from the per-node summaries. */
export function overviewSummary(
  nodeSummaries: readonly NodeAcceleratorSummary[],
  nodeRows: readonly NodeRow[],
  pods: { total: number; running: number; pending: number; holders: number; pendingDemand: number },
  problems: string[],
): OverviewModel['summary'] {
  const blocked = blockedAllocatable(nodeSummaries);
  return {
    nodes: {
      total: nodeRows.length,
      ready: nodeRows.filter((row) => row.ready).length,
      notReady: nodeRows.filter((row) => !row.ready).length,
      cordoned: nodeRows.filter((row) => row.unschedulable).length,
    },
    pods: { total: pods.total, running: pods.running, pending: pods.pending, gpuPods: pods.holders },
    pendingGpuPods: pods.pendingDemand,
    accelerators: totalPools(nodeSummaries).map((total) => totalRow(total, blocked)),
    problems,
  };
}
