/**
 * Effective pod requests by the scheduler's rules (sidecar containers as of
 * Kubernetes 1.29), and which pods hold their node's resources.
 * NOTE: in-place resize is not modelled; during a resize the scheduler counts
 * the larger of the spec and the allocated resources, and this uses the spec.
 */

import { addQuantities, maxQuantity, parseQuantity, type Quantity } from './quantity';
import type { ContainerLike, PodLike, ResourceListLike } from './types';

/** Resource name to exact amount. */
export type ResourceAmounts = Map<string, Quantity>;

/** Pod-level `spec.resources` may only set these; others stay per container. */
function isPodLevelResource(name: string): boolean {
  return name === 'cpu' || name === 'memory' || name.startsWith('hugepages-');
}

/**
 * Returns a container's requests as the API server would default them: a
 * resource given only in limits is requested at its limit. Objects created
 * through the API already have this; templates and hand-built objects may not.
 *
 * @throws AppErrorException (InvalidInput) naming the field and value of an invalid quantity.
 */
export function containerRequests(container: ContainerLike, field: string): ResourceAmounts {
  const amounts: ResourceAmounts = new Map();
  addList(amounts, container.resources?.limits, `${field}.resources.limits`);
  const requests = new Map<string, Quantity>();
  addList(requests, container.resources?.requests, `${field}.resources.requests`);
  for (const [name, quantity] of requests) amounts.set(name, quantity);
  return amounts;
}

/**
 * Computes a pod's effective requests as the scheduler does:
 * - app containers are summed;
 * - a sidecar (init container with `restartPolicy: Always`) keeps running, so
 *   it adds to the app sum and to every init container that starts after it;
 * - a plain init container needs its own requests plus the sidecars started
 *   before it, and the pod needs the largest such value per resource;
 * - the result is max(app sum + sidecars, largest init step) per resource,
 *   pod-level cpu/memory requests replace the container aggregate, and
 *   `spec.overhead` is added last.
 *
 * @throws AppErrorException (InvalidInput) naming the field and value of an invalid quantity.
 */
export function podEffectiveRequests(pod: PodLike): ResourceAmounts {
  const spec = pod.spec ?? {};
  const total: ResourceAmounts = new Map();
  (spec.containers ?? []).forEach((container, index) => {
    addAmounts(total, containerRequests(container, `spec.containers[${index}]`));
  });

  const sidecars: ResourceAmounts = new Map();
  const initPeak: ResourceAmounts = new Map();
  (spec.initContainers ?? []).forEach((container, index) => {
    const own = containerRequests(container, `spec.initContainers[${index}]`);
    if (container.restartPolicy === 'Always') {
      addAmounts(total, own);
      addAmounts(sidecars, own);
      maxAmounts(initPeak, sidecars);
      return;
    }
    const step = new Map(sidecars);
    addAmounts(step, own);
    maxAmounts(initPeak, step);
  });
  maxAmounts(total, initPeak);

  applyPodLevelRequests(total, spec.resources);
  addList(total, spec.overhead, 'spec.overhead');
  return total;
}

function applyPodLevelRequests(total: ResourceAmounts, resources: { requests?: ResourceListLike; limits?: ResourceListLike } | undefined): void {
  if (!resources) return;

  // Pod-level limits without requests default the requests, as for containers.
  const podLevel = containerRequests({ resources }, 'spec');
  for (const [name, quantity] of podLevel) {
    if (isPodLevelResource(name)) total.set(name, quantity);
  }
}

function addList(target: ResourceAmounts, list: ResourceListLike | undefined, field: string): void {
  for (const [name, raw] of Object.entries(list ?? {})) {
    if (raw === undefined) continue;
    const quantity = parseQuantity(raw, `${field}["${name}"]`);
    const current = target.get(name);
    target.set(name, current ? addQuantities(current, quantity) : quantity);
  }
}

/** Adds `source` into `target`, resource by resource. */
export function addAmounts(target: ResourceAmounts, source: ReadonlyMap<string, Quantity>): void {
  for (const [name, quantity] of source) {
    const current = target.get(name);
    target.set(name, current ? addQuantities(current, quantity) : quantity);
  }
}

function maxAmounts(target: ResourceAmounts, source: ReadonlyMap<string, Quantity>): void {
  for (const [name, quantity] of source) {
    const current = target.get(name);
    target.set(name, current ? maxQuantity(current, quantity) : quantity);
  }
}

/** True when the pod has reached a terminal phase and released its node's resources. */
export function isPodFinished(pod: PodLike): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/**
 * True when the pod holds resources on a node: it is bound (`spec.nodeName`
 * set) and not finished. A Pending pod that is bound holds them, because the
 * scheduler reserved them before the image was pulled. A pod being deleted
 * (deletionTimestamp set) still holds them until it is gone or finished,
 * because the kubelet releases devices only when its containers stop.
 */
export function podHoldsResources(pod: PodLike): boolean {
  return Boolean(pod.spec?.nodeName) && !isPodFinished(pod);
}

/** True when the pod waits for a node: not bound and not finished. Its requests are pending demand. */
export function podIsPendingDemand(pod: PodLike): boolean {
  return !pod.spec?.nodeName && !isPodFinished(pod);
}

/**
 * Sums effective requests over pods that hold resources. Pass the pods of
 * one node for node totals, or of one namespace for tenant totals.
 */
export function sumHeldRequests(pods: Iterable<PodLike>): ResourceAmounts {
  const total: ResourceAmounts = new Map();
  for (const pod of pods) {
    if (podHoldsResources(pod)) addAmounts(total, podEffectiveRequests(pod));
  }
  return total;
}
