/**
 * Turns the cached Nodes and Pods of one cluster into the Overview's view
 * models, using the shared resource maths so every screen shows the same numbers.
 */
import type { KubeObject } from '../../shared/k8s/object';
import type { AcceleratorTotal, NodeRow, OverviewSummary, PodRow } from '../../shared/models/overview';
import type { AcceleratorTable } from '../../shared/resources/accelerators';
import { summarizeAccelerators, type AcceleratorPool, type PodAcceleratorUse } from '../../shared/resources/capacity';
import { quantityToNumber } from '../../shared/resources/quantity';
import type { NodeLike, PodLike } from '../../shared/resources/types';

export interface OverviewModel {
  summary: Omit<OverviewSummary, 'contextId' | 'synced' | 'forbidden' | 'updatedAt'>;
  nodes: NodeRow[];
  gpuPods: PodRow[];
  allPods: PodRow[];
}

function deviceUnits(pools: readonly AcceleratorPool[], pick: (pool: AcceleratorPool) => number): number {
  return pools.filter((pool) => pool.countsDevices).reduce((sum, pool) => sum + pick(pool), 0);
}

function nodeRow(node: NodeLike & KubeObject, summary: ClusterSummary['nodes'][number], podCount: number): NodeRow {
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

function podRow(pod: PodLike & KubeObject, use: PodAcceleratorUse | undefined): PodRow {
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

type ClusterSummary = ReturnType<typeof summarizeAccelerators>;

function poolKey(pool: { resourceName: string; model?: string; profile?: string }): string {
  return `${pool.resourceName}|${pool.model ?? ''}|${pool.profile ?? ''}`;
}

/** Allocatable per pool key on nodes that cannot take new work. */
function blockedAllocatable(summary: ClusterSummary): Map<string, number> {
  const blocked = new Map<string, number>();
  for (const node of summary.nodes) {
    if (node.availability.acceptsNewWork) continue;
    for (const pool of node.pools) {
      blocked.set(poolKey(pool), (blocked.get(poolKey(pool)) ?? 0) + quantityToNumber(pool.allocatable));
    }
  }
  return blocked;
}

function totalRow(total: ClusterSummary['totals'][number], blocked: Map<string, number>): AcceleratorTotal {
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

/** Computes every Overview model from the full Node and Pod lists. */
export function computeOverviewModel(nodes: readonly KubeObject[], pods: readonly KubeObject[], table?: AcceleratorTable): OverviewModel {
  const typedNodes = nodes as (NodeLike & KubeObject)[];
  const typedPods = pods as (PodLike & KubeObject)[];
  const summary = summarizeAccelerators(typedNodes, typedPods, table);

  const useByPod = new Map<string, PodAcceleratorUse>();
  for (const use of [...summary.holders, ...summary.pendingDemand]) {
    useByPod.set(`${use.namespace}/${use.name}`, use);
  }
  const podsPerNode = new Map<string, number>();
  let running = 0;
  let pending = 0;
  const allPods: PodRow[] = [];
  const gpuPods: PodRow[] = [];
  for (const pod of typedPods) {
    const phase = pod.status?.phase;
    running += phase === 'Running' ? 1 : 0;
    pending += phase === 'Pending' ? 1 : 0;
    if (pod.spec?.nodeName && phase !== 'Succeeded' && phase !== 'Failed') {
      podsPerNode.set(pod.spec.nodeName, (podsPerNode.get(pod.spec.nodeName) ?? 0) + 1);
    }
    const row = podRow(pod, useByPod.get(`${pod.metadata.namespace ?? ''}/${pod.metadata.name}`));
    allPods.push(row);
    if (row.gpus > 0 || row.resourceName) {
      gpuPods.push(row);
    }
  }

  const blocked = blockedAllocatable(summary);
  const nodeRows = typedNodes.map((node, index) => nodeRow(node, summary.nodes[index]!, podsPerNode.get(node.metadata.name) ?? 0));
  return {
    summary: {
      nodes: {
        total: nodeRows.length,
        ready: nodeRows.filter((row) => row.ready).length,
        notReady: nodeRows.filter((row) => !row.ready).length,
        cordoned: nodeRows.filter((row) => row.unschedulable).length,
      },
      pods: { total: typedPods.length, running, pending, gpuPods: summary.holders.length },
      pendingGpuPods: summary.pendingDemand.length,
      accelerators: summary.totals.map((total) => totalRow(total, blocked)),
      problems: summary.problems,
    },
    nodes: nodeRows,
    gpuPods,
    allPods,
  };
}
