/**
 * The GPU utilization views: where device metrics come from, what each
 * device on each node is doing and for whom, which allocated GPUs sit idle,
 * and the last hour as time series. Allocation comes from the API server;
 * utilization only from a metrics source the user configured.
 */

/** Where a cluster's device metrics come from. */
export type MetricsSource =
  | { kind: 'none' }
  /** A Prometheus Service in the cluster, reached through a port-forward or the API server's service proxy. */
  | { kind: 'service'; namespace: string; name: string; port: number | string; via: 'port-forward' | 'service-proxy' }
  /** A Prometheus the user reaches directly: on this machine or through an SSH tunnel (http or https). */
  | { kind: 'url'; url: string };

export interface GpuSettings {
  source: MetricsSource;
  /** Seconds between samples; 10 by default. */
  sampleIntervalSeconds: number;
  /** A held GPU below this utilization (percent) is idle; 5 by default. */
  idleUtilizationPercent: number;
  /** How long a GPU must stay idle before it is listed; 30 minutes by default. */
  idleMinutes: number;
}

export const DEFAULT_GPU_SETTINGS: GpuSettings = {
  source: { kind: 'none' },
  sampleIntervalSeconds: 10,
  idleUtilizationPercent: 5,
  idleMinutes: 30,
};

/** A Prometheus Service found in the cluster, offered as a metrics source. */
export interface SourceCandidate {
  namespace: string;
  name: string;
  port: number;
  /** Why it was offered: its name, the operator's Service, or a label. */
  reason: 'name' | 'operator' | 'label';
}

/**
 * - `unconfigured`: no source; only allocation is known.
 * - `connecting`: configured, no sample yet.
 * - `ok`: the last sample succeeded.
 * - `failing`: the last sample failed; `message` says why, older numbers are kept but marked stale.
 */
export type MetricsState = 'unconfigured' | 'connecting' | 'ok' | 'failing';

export interface MetricsStatus {
  state: MetricsState;
  /** The source in words, such as `monitoring/prometheus:9090 (port-forward)`. */
  source?: string;
  message?: string;
  /** ISO time of the last successful sample. */
  lastSampleAt?: string;
  /** Exporters that returned data: dcgm, ascend, hami. */
  exporters: string[];
  /** Unreadable series of the last sample, a few at most. */
  warnings: string[];
  sampleIntervalSeconds: number;
}

export interface DeviceHolder {
  namespace: string;
  pod: string;
  container?: string;
  /** The pod exists in the API server and holds accelerators. */
  known: boolean;
}

/** One device (or MIG instance) as the exporter reports it. */
export interface DeviceCard {
  key: string;
  exporter: string;
  index?: string;
  uuid?: string;
  modelName?: string;
  migProfile?: string;
  utilizationPercent?: number;
  memoryUsedMiB?: number;
  memoryTotalMiB?: number;
  temperatureCelsius?: number;
  powerWatts?: number;
  holders: DeviceHolder[];
  /** Held and below the idle threshold right now (not yet for long, necessarily). */
  idleNow: boolean;
}

/** A GPU pod on a node, from the API server, for nodes without device metrics. */
export interface NodeGpuPod {
  namespace: string;
  name: string;
  /** Device-counting units the pod requests. */
  gpus: number;
}

export interface NodeDeviceMap {
  node: string;
  vendor?: string;
  model?: string;
  /** Device-counting units, from the API server. */
  allocatable: number;
  requested: number;
  pods: NodeGpuPod[];
  /** Devices the metrics source reports on this node; empty without metrics. */
  devices: DeviceCard[];
}

export interface WorkloadRef {
  kind: string;
  name: string;
}

/** A GPU that a pod holds but has not used for longer than the threshold. */
export interface IdleGpuRow {
  namespace: string;
  pod: string;
  node?: string;
  deviceKey: string;
  /** `gpu-h100-0 #3` or the MIG profile. */
  device: string;
  tenant?: string;
  queue?: string;
  /** The top controller owner, such as a Deployment, PyTorchJob or Notebook; the pod itself when it has none. */
  workload: WorkloadRef;
  /** A user label of the pod or its owner, such as `app.kubernetes.io/created-by`. */
  user?: string;
  /** ISO time since which the device has been below the threshold. */
  idleSince: string;
  idleSeconds: number;
  /** The history does not reach back to the start of the idle stretch: it is at least this long. */
  atLeast: boolean;
  utilizationPercent?: number;
  memoryUsedMiB?: number;
}

/** A device reported busy that no pod holding accelerators can be named for. */
export interface UnattributedDevice {
  deviceKey: string;
  node?: string;
  index?: string;
  modelName?: string;
  utilizationPercent?: number;
  memoryUsedMiB?: number;
  /** `no-pod-label`: the exporter names no pod; `unknown-pod`: it names a pod the API server does not list as holding devices. */
  reason: 'no-pod-label' | 'unknown-pod';
  /** The pod the exporter named, for `unknown-pod`. */
  namedPod?: string;
}

export interface TenantQuotaRow {
  resource: string;
  used: number;
  hard: number;
  /** used / hard, undefined when hard is zero. */
  ratio?: number;
  display: string;
}

/** One namespace's accelerator allocation against its ResourceQuota. */
export interface TenantAllocation {
  namespace: string;
  tenant?: string;
  /** Device-counting units held by its bound, unfinished pods. */
  held: number;
  /** Device-counting units its unbound pods ask for. */
  pending: number;
  /** Accelerator keys of its quotas (`requests.nvidia.com/gpu`, …). */
  quotas: TenantQuotaRow[];
}

export interface GpuTelemetryView {
  contextId: string;
  status: MetricsStatus;
  settings: GpuSettings;
  /** Every node's map; on a message with `nodesChangedOnly`, only the maps that changed since the previous message. */
  nodes: NodeDeviceMap[];
  /**
   * Set on the messages after the first of a subscription that asked for
   * `changedNodesOnly`; apply them with the previous view's maps (the
   * renderer's mergeTelemetry does).
   */
  nodesChangedOnly?: true;
  /** On a changes-only message whose set or order of maps changed: every map's node, in order; maps not named are gone. */
  nodeOrder?: string[];
  idle: IdleGpuRow[];
  unattributedBusy: UnattributedDevice[];
  /** GPU pods the metrics source reports nothing for: their use is unknown, never idle. */
  podsWithoutTelemetry: number;
  tenants: TenantAllocation[];
  /** Resources the user may not list (namespaces, resourcequotas), named instead of shown as empty tables. */
  forbidden: string[];
  updatedAt: string;
}

/** One point of a downsampled series; a field is absent where nothing was measured. */
export interface SeriesPoint {
  /** Milliseconds since the epoch, the middle of the bucket. */
  t: number;
  /** Mean utilization over the scope's devices, percent. */
  utilizationPercent?: number;
  /** Device memory used, summed over the scope, MiB. */
  memoryUsedMiB?: number;
  memoryTotalMiB?: number;
  /** Device-counting units requested (allocation, from the API server); cluster and node scope only. */
  allocated?: number;
  /** Device-counting units allocatable; cluster and node scope only. */
  allocatable?: number;
}

export type SeriesScope = { kind: 'cluster' } | { kind: 'node'; name: string } | { kind: 'pod'; namespace: string; name: string };

export interface GpuSeriesView {
  contextId: string;
  scope: SeriesScope;
  /** Seconds covered by one point after downsampling. */
  stepSeconds: number;
  points: SeriesPoint[];
  /** Milliseconds since the epoch where the history starts (backfill or first sample). */
  since?: number;
}
