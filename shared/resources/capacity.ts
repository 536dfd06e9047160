/**
 * Accelerator inventory and allocation per node, per vendor and model, and
 * per namespace, computed from Node and Pod objects with exact arithmetic.
 *
 * Each resource name stays its own pool: whole GPUs, MIG instances, shared
 * slots and memory shares are never summed into one "GPU" number.
 */

import { builtinAcceleratorTable, type AcceleratorTable } from './accelerators';
import { nodeAvailability, type NodeAvailability } from './availability';
import { resolveNodeResource, type NodeAcceleratorResource } from './node-accelerators';
import {
  addQuantities,
  clampToZero,
  compareQuantities,
  isZero,
  readResource,
  subtractQuantities,
  ZERO,
  type Quantity,
} from './quantity';
import { podEffectiveRequests, podHoldsResources, podIsPendingDemand } from './requests';
import { timestampText, type NodeLike, type PodLike } from './types';
import { isAppErrorException } from '../result';

/** One accelerator resource on one node. */
export interface AcceleratorPool extends NodeAcceleratorResource {
  capacity: Quantity;
  allocatable: Quantity;
  /** Effective requests of pods bound to the node and not finished. */
  requested: Quantity;
  /** allocatable − requested, never below zero. */
  free: Quantity;
  /** `free` when the node takes new work, else zero. */
  freeForNewWork: Quantity;
  /** `free` that cannot be used because the node is NotReady, cordoned or tainted. */
  unavailable: Quantity;
}

/** A pod's accelerator requests, resolved against its node. */
export interface PodAcceleratorUse {
  namespace: string;
  name: string;
  uid?: string;
  nodeName?: string;
  phase: string;
  /** deletionTimestamp is set; the pod still holds its devices until it is gone. */
  terminating: boolean;
  created?: string;
  resources: Array<NodeAcceleratorResource & { amount: Quantity }>;
}

export interface NodeAcceleratorSummary {
  name: string;
  availability: NodeAvailability;
  pools: AcceleratorPool[];
  /** Pods on this node that hold accelerators. */
  holders: PodAcceleratorUse[];
}

/** Cluster totals for one resource name and model. */
export interface AcceleratorTotal extends Omit<NodeAcceleratorResource, 'modelSource' | 'replicasPerDevice'> {
  capacity: Quantity;
  allocatable: Quantity;
  requested: Quantity;
  free: Quantity;
  freeForNewWork: Quantity;
  unavailable: Quantity;
  nodes: number;
}

export interface NamespaceAllocation {
  namespace: string;
  /** Accelerator requests of the namespace's pods that hold devices, by resource name. */
  held: Map<string, Quantity>;
  /** Accelerator requests of its unbound pods, by resource name. */
  pending: Map<string, Quantity>;
}

export interface ClusterAcceleratorSummary {
  nodes: NodeAcceleratorSummary[];
  totals: AcceleratorTotal[];
  namespaces: NamespaceAllocation[];
  /** Pods that hold accelerators, on any node. */
  holders: PodAcceleratorUse[];
  /** Unbound, unfinished pods that request accelerators. */
  pendingDemand: PodAcceleratorUse[];
  /** Holding pods whose node is not in the node list (deleted, or not visible to the user). */
  podsOnUnknownNodes: PodAcceleratorUse[];
  /** Objects skipped because a quantity was invalid, one message each. */
  problems: string[];
}

/**
 * Computes accelerator capacity, allocation and free capacity for a cluster.
 *
 * Counted as requested: effective requests (init and sidecar rules) of pods
 * that are bound and not Succeeded or Failed. Free for new work is
 * allocatable − requested on nodes that are Ready, not cordoned and free of
 * lifecycle taints. The free part of other nodes is reported as `unavailable`.
 * An invalid quantity skips only the object that holds it and is listed in
 * `problems`.
 */
export function summarizeAccelerators(
  nodes: readonly NodeLike[],
  pods: readonly PodLike[],
  table: AcceleratorTable = builtinAcceleratorTable(),
): ClusterAcceleratorSummary {
  const problems: string[] = [];
  const nodeByName = new Map(nodes.map((node) => [node.metadata?.name ?? '', node]));
  const holdersByNode = new Map<string, PodAcceleratorUse[]>();
  const holders: PodAcceleratorUse[] = [];
  const pendingDemand: PodAcceleratorUse[] = [];
  const podsOnUnknownNodes: PodAcceleratorUse[] = [];

  for (const pod of pods) {
    const nodeName = pod.spec?.nodeName;
    const use = podAcceleratorUse(pod, nodeName ? nodeByName.get(nodeName) : undefined, table, problems);
    if (!use) continue;
    if (podIsPendingDemand(pod)) pendingDemand.push(use);
    if (!podHoldsResources(pod) || !nodeName) continue;

    holders.push(use);
    if (!nodeByName.has(nodeName)) podsOnUnknownNodes.push(use);
    else holdersByNode.set(nodeName, [...(holdersByNode.get(nodeName) ?? []), use]);
  }

  const nodeSummaries = nodes.map((node) => summarizeNode(node, holdersByNode.get(node.metadata?.name ?? '') ?? [], table, problems));
  return {
    nodes: nodeSummaries,
    totals: totalPools(nodeSummaries),
    namespaces: allocateByNamespace(holders, pendingDemand),
    holders,
    pendingDemand,
    podsOnUnknownNodes,
    problems,
  };
}

/**
 * Resolves a pod's accelerator requests against its node. Undefined when the
 * pod requests no accelerator or has an invalid quantity (added to `problems`).
 */
export function podAcceleratorUse(
  pod: PodLike,
  node: NodeLike | undefined,
  table: AcceleratorTable,
  problems: string[] = [],
): PodAcceleratorUse | undefined {
  const requests = guard(() => podEffectiveRequests(pod), `Pod ${podKey(pod)}`, problems);
  if (!requests) return undefined;

  const resources: PodAcceleratorUse['resources'] = [];
  for (const [resourceName, amount] of requests) {
    const info = resolveNodeResource(table, node, resourceName);
    if (info && !isZero(amount)) resources.push({ ...info, amount });
  }
  if (resources.length === 0) return undefined;

  const nodeName = pod.spec?.nodeName;
  const uid = pod.metadata?.uid;
  const created = timestampText(pod.metadata?.creationTimestamp);
  return {
    namespace: pod.metadata?.namespace ?? '',
    name: pod.metadata?.name ?? '',
    ...(uid !== undefined ? { uid } : {}),
    ...(nodeName ? { nodeName } : {}),
    phase: pod.status?.phase ?? 'Unknown',
    terminating: pod.metadata?.deletionTimestamp !== undefined,
    ...(created !== undefined ? { created } : {}),
    resources,
  };
}

/** Summarizes one node's accelerator pools from the pods that hold resources on it. */
export function summarizeNode(
  node: NodeLike,
  holders: readonly PodAcceleratorUse[],
  table: AcceleratorTable,
  problems: string[] = [],
): NodeAcceleratorSummary {
  const name = node.metadata?.name ?? '';
  const availability = nodeAvailability(node);
  const requested = sumRequestsByResource(holders);
  const names = new Set([...Object.keys(node.status?.capacity ?? {}), ...Object.keys(node.status?.allocatable ?? {}), ...requested.keys()]);

  const pools: AcceleratorPool[] = [];
  for (const resourceName of names) {
    const info = resolveNodeResource(table, node, resourceName);
    if (!info) continue;
    const pool = guard(() => buildPool(node, info, requested.get(resourceName) ?? ZERO, availability), `Node ${name}`, problems);
    if (pool && !(isZero(pool.capacity) && isZero(pool.allocatable) && isZero(pool.requested))) pools.push(pool);
  }

  pools.sort((a, b) => a.resourceName.localeCompare(b.resourceName));
  return { name, availability, pools, holders: [...holders] };
}

function buildPool(node: NodeLike, info: NodeAcceleratorResource, requested: Quantity, availability: NodeAvailability): AcceleratorPool {
  const capacity = readResource(node.status?.capacity, info.resourceName, 'status.capacity') ?? ZERO;
  // A node that reports no allocatable for a resource cannot schedule it.
  const allocatable = readResource(node.status?.allocatable, info.resourceName, 'status.allocatable') ?? ZERO;
  const free = clampToZero(subtractQuantities(allocatable, requested));
  const accepts = availability.acceptsNewWork;
  return {
    ...info,
    capacity,
    allocatable,
    requested,
    free,
    freeForNewWork: accepts ? free : ZERO,
    unavailable: accepts ? ZERO : free,
  };
}

function sumRequestsByResource(holders: readonly PodAcceleratorUse[]): Map<string, Quantity> {
  const sums = new Map<string, Quantity>();
  for (const holder of holders) {
    for (const resource of holder.resources) {
      sums.set(resource.resourceName, addQuantities(sums.get(resource.resourceName) ?? ZERO, resource.amount));
    }
  }
  return sums;
}

/** Groups node pools by vendor, resource name, model, mode and profile. */
export function totalPools(nodes: readonly NodeAcceleratorSummary[]): AcceleratorTotal[] {
  const totals = new Map<string, AcceleratorTotal>();
  for (const node of nodes) {
    for (const pool of node.pools) {
      const key = [pool.vendor, pool.resourceName, pool.model ?? '', pool.mode, pool.profile ?? ''].join('\u0000');
      const current = totals.get(key);
      totals.set(key, current ? addPool(current, pool) : startTotal(pool));
    }
  }
  return [...totals.values()].sort(compareTotals);
}

function startTotal(pool: AcceleratorPool): AcceleratorTotal {
  const { modelSource: _source, replicasPerDevice: _replicas, ...rest } = pool;
  return { ...rest, nodes: 1 };
}

function addPool(total: AcceleratorTotal, pool: AcceleratorPool): AcceleratorTotal {
  const physical = (total.physicalDevices ?? 0) + (pool.physicalDevices ?? 0);
  return {
    ...total,
    capacity: addQuantities(total.capacity, pool.capacity),
    allocatable: addQuantities(total.allocatable, pool.allocatable),
    requested: addQuantities(total.requested, pool.requested),
    free: addQuantities(total.free, pool.free),
    freeForNewWork: addQuantities(total.freeForNewWork, pool.freeForNewWork),
    unavailable: addQuantities(total.unavailable, pool.unavailable),
    ...(physical > 0 ? { physicalDevices: physical } : {}),
    nodes: total.nodes + 1,
  };
}

function compareTotals(a: AcceleratorTotal, b: AcceleratorTotal): number {
  if (a.countsDevices !== b.countsDevices) return a.countsDevices ? -1 : 1;
  return a.vendor.localeCompare(b.vendor)
    || a.resourceName.localeCompare(b.resourceName)
    || (a.model ?? '').localeCompare(b.model ?? '')
    || compareQuantities(b.capacity, a.capacity);
}

/** Sums accelerator requests per namespace: held by bound pods and pending for unbound ones. */
export function allocateByNamespace(
  holders: readonly PodAcceleratorUse[],
  pending: readonly PodAcceleratorUse[],
): NamespaceAllocation[] {
  const byNamespace = new Map<string, NamespaceAllocation>();
  const entry = (namespace: string) => {
    const existing = byNamespace.get(namespace);
    if (existing) return existing;
    const created: NamespaceAllocation = { namespace, held: new Map(), pending: new Map() };
    byNamespace.set(namespace, created);
    return created;
  };

  for (const use of holders) addUse(entry(use.namespace).held, use);
  for (const use of pending) addUse(entry(use.namespace).pending, use);
  return [...byNamespace.values()].sort((a, b) => a.namespace.localeCompare(b.namespace));
}

function addUse(target: Map<string, Quantity>, use: PodAcceleratorUse): void {
  for (const resource of use.resources) {
    target.set(resource.resourceName, addQuantities(target.get(resource.resourceName) ?? ZERO, resource.amount));
  }
}

function podKey(pod: PodLike): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

/** Runs `compute`; an invalid quantity becomes one message in `problems` and an undefined result. */
function guard<T>(compute: () => T, subject: string, problems: string[]): T | undefined {
  try {
    return compute();
  } catch (error) {
    if (!isAppErrorException(error)) throw error;
    problems.push(`${subject}: ${error.message}`);
    return undefined;
  }
}
