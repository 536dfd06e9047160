/**
 * The few Pod and Node fields that resource maths reads. Structural, so objects
 * from @kubernetes/client-node, from a watch event's JSON or from a YAML
 * fixture all fit without conversion. Every field is optional because
 * templates, trimmed fixtures and partial watch objects omit them.
 */

/** Resource name to quantity string, as in `resources.requests` or `status.allocatable`. */
export type ResourceListLike = Readonly<Record<string, string | number | undefined>>;

export interface ContainerLike {
  name?: string;
  /** `Always` marks an init container as a sidecar (restartable init container). */
  restartPolicy?: string;
  resources?: {
    requests?: ResourceListLike;
    limits?: ResourceListLike;
  };
}

export interface ObjectMetaLike {
  name?: string;
  namespace?: string;
  uid?: string;
  labels?: Readonly<Record<string, string>>;
  annotations?: Readonly<Record<string, string>>;
  deletionTimestamp?: string | Date;
  creationTimestamp?: string | Date;
}

export interface PodLike {
  metadata?: ObjectMetaLike;
  spec?: {
    nodeName?: string;
    containers?: readonly ContainerLike[];
    initContainers?: readonly ContainerLike[];
    overhead?: ResourceListLike;
    /** Pod-level resources; only cpu, memory and hugepages-* may be set there. */
    resources?: {
      requests?: ResourceListLike;
      limits?: ResourceListLike;
    };
  };
  status?: {
    phase?: string;
    nominatedNodeName?: string;
  };
}

export interface NodeConditionLike {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string | Date;
}

export interface TaintLike {
  key?: string;
  value?: string;
  effect?: string;
  timeAdded?: string | Date;
}

export interface NodeLike {
  metadata?: ObjectMetaLike;
  spec?: {
    unschedulable?: boolean;
    taints?: readonly TaintLike[];
  };
  status?: {
    capacity?: ResourceListLike;
    allocatable?: ResourceListLike;
    conditions?: readonly NodeConditionLike[];
  };
}

/** A ResourceQuota's status, as in `status.hard` and `status.used`. */
export interface ResourceQuotaLike {
  metadata?: ObjectMetaLike;
  status?: {
    hard?: ResourceListLike;
    used?: ResourceListLike;
  };
}

/** Converts a timestamp field that may arrive as a Date (client-node) or a string (JSON). */
export function timestampText(value: string | Date | undefined): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.toISOString();
}
