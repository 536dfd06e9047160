/**
 * Who a GPU pod belongs to: its tenant (namespace label), its Kueue queue,
 * its top controller owner (the workload a user knows, such as a Deployment
 * or PyTorchJob) and a user label. Pure: owner objects come through a
 * lookup that main fills from the API server.
 */
import { tenantOf } from '../tenants/labels';
import type { WorkloadRef } from '../models/gpu';

export interface OwnerReference {
  apiVersion?: string;
  kind: string;
  name: string;
  uid?: string;
  controller?: boolean;
}

export interface OwnedMeta {
  name: string;
  namespace?: string;
  labels?: Readonly<Record<string, string>>;
  annotations?: Readonly<Record<string, string>>;
  ownerReferences?: readonly OwnerReference[];
}

/** The metadata of an owner object, or undefined when it is unknown (not fetched, gone, forbidden). */
export type OwnerLookup = (namespace: string, owner: OwnerReference) => OwnedMeta | undefined;

export const QUEUE_LABEL = 'kueue.x-k8s.io/queue-name';
/** Labels that name the person or tool behind a workload, first match wins. */
export const USER_LABELS: readonly string[] = ['app.kubernetes.io/created-by', 'd.run/user', 'd.run/owner', 'kueue.x-k8s.io/created-by', 'user'];
/** How many owner levels are followed: Pod → ReplicaSet → Deployment, Pod → Job → CronJob. */
const MAX_OWNER_DEPTH = 4;

export interface PodOwnership {
  workload: WorkloadRef;
  queue?: string;
  user?: string;
}

function controllerOf(meta: OwnedMeta): OwnerReference | undefined {
  return meta.ownerReferences?.find((ref) => ref.controller) ?? undefined;
}

/**
 * Walks controller references up from the pod. When an owner cannot be read,
 * a ReplicaSet named `<deployment>-<pod-template-hash>` is taken as its
 * Deployment (the ReplicaSet controller names them so); anything else stops at
 * the last known owner.
 */
export function describeOwnership(pod: OwnedMeta, lookup: OwnerLookup = () => undefined): PodOwnership {
  const namespace = pod.namespace ?? '';
  const chain: OwnedMeta[] = [pod];
  let workload: WorkloadRef = { kind: 'Pod', name: pod.name };
  let current: OwnedMeta = pod;

  for (let depth = 0; depth < MAX_OWNER_DEPTH; depth += 1) {
    const ref = controllerOf(current);
    if (!ref) break;
    workload = { kind: ref.kind, name: ref.name };
    const owner = lookup(namespace, ref);
    if (!owner) {
      workload = inferDeployment(ref, pod) ?? workload;
      break;
    }
    chain.push(owner);
    current = owner;
  }

  const queue = firstValue(chain, (meta) => meta.labels?.[QUEUE_LABEL] ?? meta.annotations?.[QUEUE_LABEL]);
  const user = firstValue(chain, (meta) => USER_LABELS.map((label) => meta.labels?.[label]).find(Boolean));
  return { workload, ...(queue ? { queue } : {}), ...(user ? { user } : {}) };
}

function inferDeployment(ref: OwnerReference, pod: OwnedMeta): WorkloadRef | undefined {
  const hash = pod.labels?.['pod-template-hash'];
  if (ref.kind !== 'ReplicaSet' || !hash || !ref.name.endsWith(`-${hash}`)) return undefined;
  return { kind: 'Deployment', name: ref.name.slice(0, -hash.length - 1) };
}

function firstValue(chain: readonly OwnedMeta[], pick: (meta: OwnedMeta) => string | undefined): string | undefined {
  for (const meta of chain) {
    const value = pick(meta);
    if (value) return value;
  }
  return undefined;
}

/** The tenant of a namespace from its labels; undefined when the namespace is not a tenant or unreadable. */
export function tenantOfNamespace(labels: Readonly<Record<string, string>> | undefined): string | undefined {
  return tenantOf(labels);
}
