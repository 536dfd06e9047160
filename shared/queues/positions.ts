/**
 * Queue positions computed here, for clusters where Kueue's visibility API is
 * not served or not allowed. Kueue orders a ClusterQueue's pending workloads
 * by priority (higher first), then by the time they entered the queue (the
 * creation time, or the last eviction for a re-queued workload).
 * NOTE: this ignores Kueue's requeue backoff and inadmissible sub-queue, so it
 * may differ from Kueue's own order; the screen labels it as computed.
 */
import { objectKey } from '../k8s/object';
import type { QueuePosition } from '../models/queues';
import { isWaiting, type WorkloadLike } from './workloads';

function queuedSince(workload: WorkloadLike): number {
  const evicted = (workload.status?.conditions ?? []).find((condition) => condition.type === 'Evicted' && condition.status === 'True');
  const stamp = evicted?.lastTransitionTime ?? workload.metadata.creationTimestamp ?? '';
  const parsed = Date.parse(stamp);
  return Number.isFinite(parsed) ? parsed : 0;
}

/** Orders waiting workloads the way Kueue's queue does: priority desc, then queued time, then name. */
export function compareQueueOrder(a: WorkloadLike, b: WorkloadLike): number {
  const priority = (b.spec?.priority ?? 0) - (a.spec?.priority ?? 0);
  if (priority !== 0) {
    return priority;
  }
  const time = queuedSince(a) - queuedSince(b);
  return time !== 0 ? time : objectKey(a.metadata).localeCompare(objectKey(b.metadata));
}

/**
 * Computes 1-based positions of every waiting workload in its ClusterQueue and
 * LocalQueue. `clusterQueueOf` maps `namespace/localQueue` to its ClusterQueue.
 */
export function computePositions(workloads: readonly WorkloadLike[], clusterQueueOf: (namespace: string, localQueue: string) => string | undefined): Map<string, QueuePosition> {
  const waiting = workloads.filter(isWaiting).sort(compareQueueOrder);
  const perClusterQueue = new Map<string, number>();
  const perLocalQueue = new Map<string, number>();
  const positions = new Map<string, QueuePosition>();

  for (const workload of waiting) {
    const namespace = workload.metadata.namespace ?? '';
    const localQueue = workload.spec?.queueName ?? '';
    const clusterQueue = clusterQueueOf(namespace, localQueue);
    const localKey = `${namespace}/${localQueue}`;
    const inLocalQueue = (perLocalQueue.get(localKey) ?? 0) + 1;
    perLocalQueue.set(localKey, inLocalQueue);

    const position: QueuePosition = { inLocalQueue, source: 'computed' };
    if (clusterQueue) {
      const inClusterQueue = (perClusterQueue.get(clusterQueue) ?? 0) + 1;
      perClusterQueue.set(clusterQueue, inClusterQueue);
      position.inClusterQueue = inClusterQueue;
    }
    positions.set(objectKey(workload.metadata), position);
  }
  return positions;
}

/** One item of Kueue's PendingWorkloadsSummary (visibility API, v1beta1 and v1beta2 alike). */
export interface PendingWorkloadItem {
  metadata?: { name?: string; namespace?: string };
  positionInClusterQueue?: number;
  positionInLocalQueue?: number;
}

/** Converts the visibility API's 0-based positions into the screen's 1-based ones. */
export function visibilityPositions(items: readonly PendingWorkloadItem[]): Map<string, QueuePosition> {
  const positions = new Map<string, QueuePosition>();
  for (const item of items) {
    if (!item.metadata?.name) {
      continue;
    }
    positions.set(objectKey({ name: item.metadata.name, ...(item.metadata.namespace ? { namespace: item.metadata.namespace } : {}) }), {
      ...(item.positionInClusterQueue !== undefined ? { inClusterQueue: item.positionInClusterQueue + 1 } : {}),
      ...(item.positionInLocalQueue !== undefined ? { inLocalQueue: item.positionInLocalQueue + 1 } : {}),
      source: 'visibility',
    });
  }
  return positions;
}
