/**
 * Whether a node can take new work, and if not, why. Allocatable on a node
 * that cannot take new pods is installed capacity, not free capacity.
 */

import { timestampText, type NodeLike } from './types';

export type UnavailableReason =
  /** The Ready condition is False or Unknown, or missing. */
  | { kind: 'NotReady'; status: string; since?: string; reason?: string; message?: string }
  /** `spec.unschedulable` is set (kubectl cordon). */
  | { kind: 'Cordoned' }
  /** A node-lifecycle taint that repels new pods. */
  | { kind: 'Tainted'; key: string; effect: string; since?: string };

export interface NodeAvailability {
  /** True when the node is Ready, not cordoned and carries no lifecycle taint. */
  acceptsNewWork: boolean;
  ready: boolean;
  unschedulable: boolean;
  reasons: UnavailableReason[];
}

/**
 * Taints that the node lifecycle controller and kubelet set to keep new pods
 * off. Workload taints such as `nvidia.com/gpu=present:NoSchedule` are left
 * out: GPU pods tolerate them, so they do not reduce free capacity.
 * `memory-pressure` is left out because it repels only BestEffort pods.
 */
const LIFECYCLE_TAINTS: ReadonlySet<string> = new Set([
  'node.kubernetes.io/not-ready',
  'node.kubernetes.io/unreachable',
  'node.kubernetes.io/out-of-service',
  'node.kubernetes.io/network-unavailable',
  'node.kubernetes.io/disk-pressure',
  'node.kubernetes.io/pid-pressure',
]);

/** The cordon taint duplicates `spec.unschedulable`, which is reported as Cordoned instead. */
const CORDON_TAINT = 'node.kubernetes.io/unschedulable';

/** Decides whether a node takes new work and lists every reason it does not. */
export function nodeAvailability(node: NodeLike): NodeAvailability {
  const reasons: UnavailableReason[] = [];
  const ready = readReadyCondition(node, reasons);

  const unschedulable = node.spec?.unschedulable === true || hasTaint(node, CORDON_TAINT);
  if (unschedulable) reasons.push({ kind: 'Cordoned' });

  const seen = new Set<string>();
  for (const taint of node.spec?.taints ?? []) {
    const key = taint.key ?? '';
    const effect = taint.effect ?? '';
    if (!LIFECYCLE_TAINTS.has(key) || effect === 'PreferNoSchedule' || seen.has(key)) continue;
    seen.add(key);
    const since = timestampText(taint.timeAdded);
    reasons.push({ kind: 'Tainted', key, effect, ...(since !== undefined ? { since } : {}) });
  }

  return { acceptsNewWork: reasons.length === 0, ready, unschedulable, reasons };
}

function readReadyCondition(node: NodeLike, reasons: UnavailableReason[]): boolean {
  const condition = node.status?.conditions?.find((item) => item.type === 'Ready');
  if (!condition) {
    reasons.push({ kind: 'NotReady', status: 'Missing', message: 'The node reports no Ready condition.' });
    return false;
  }
  if (condition.status === 'True') return true;

  const since = timestampText(condition.lastTransitionTime);
  reasons.push({
    kind: 'NotReady',
    status: condition.status ?? 'Unknown',
    ...(since !== undefined ? { since } : {}),
    ...(condition.reason !== undefined ? { reason: condition.reason } : {}),
    ...(condition.message !== undefined ? { message: condition.message } : {}),
  });
  return false;
}

function hasTaint(node: NodeLike, key: string): boolean {
  return (node.spec?.taints ?? []).some((taint) => taint.key === key && taint.effect !== 'PreferNoSchedule');
}
