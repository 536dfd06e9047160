/** The Overview view: GPU inventory and allocation of one cluster, computed in main. */

export interface AcceleratorTotal {
  /** Vendor id such as `nvidia` or `huawei`. */
  vendor: string;
  vendorName: string;
  /** whole, mig, time-sliced, vgpu or vnpu. */
  mode: string;
  /** What one unit measures: devices, instances, slots, vdevices, memory, cores. */
  measure: string;
  /** False for memory or cores shares, which are never summed into a device count. */
  countsDevices: boolean;
  /** MIG profile or vNPU template, when the resource names one. */
  profile?: string;
  /** Product or mode, for example `NVIDIA-H100-80GB-HBM3` or `MIG 1g.10gb`. */
  model: string;
  resourceName: string;
  capacity: number;
  allocatable: number;
  /** Requests of pods that hold devices (bound and not finished). */
  requested: number;
  /** Allocatable on nodes that are Ready, not cordoned and free of lifecycle taints. */
  schedulable: number;
  /** Allocatable minus requested, on every node. */
  free: number;
  /** Free units on nodes that take new work. */
  freeForNewWork: number;
  /** Free units on NotReady, cordoned or tainted nodes, which no new pod can use. */
  unavailable: number;
  nodes: number;
}

export interface NodeRow {
  name: string;
  ready: boolean;
  unschedulable: boolean;
  /** Condition types other than Ready that are True, such as MemoryPressure. */
  pressure: string[];
  vendor?: string;
  model?: string;
  gpuCapacity: number;
  gpuAllocatable: number;
  gpuRequested: number;
  /** Why the node takes no new work, e.g. `NotReady`, `Cordoned`, a taint key. */
  unavailableReasons: string[];
  pods: number;
  kubeletVersion?: string;
}

export interface PodRow {
  namespace: string;
  name: string;
  node?: string;
  phase: string;
  /** Device-counting accelerator units the pod requests (GPUs, MIG instances, slots, vGPUs). */
  gpus: number;
  resourceName?: string;
  vendor?: string;
  model?: string;
  /** ISO creation time. */
  created: string;
}

export interface OverviewSummary {
  contextId: string;
  nodes: { total: number; ready: number; notReady: number; cordoned: number };
  pods: { total: number; running: number; pending: number; gpuPods: number };
  accelerators: AcceleratorTotal[];
  /** Sync state of the underlying watches. */
  synced: boolean;
  /** Pods that request accelerators but are not bound yet. */
  pendingGpuPods: number;
  /** Objects skipped because a quantity was invalid, one message each. */
  problems: string[];
  /**
   * Set when the user may not list pods in all namespaces: pods are then read from
   * the context's namespace only, and the screen says so.
   */
  podsNamespace?: string;
  /** Resources the user may not list, said instead of showing empty tables. */
  forbidden: string[];
  updatedAt: string;
}

export type SortDirection = 'asc' | 'desc';

/** A window of a large table, so 50,000 rows never cross the transport at once. */
export interface TableWindow<Row> {
  total: number;
  offset: number;
  rows: Row[];
}
