/**
 * A GPU cluster built in memory: nodes with eight NVIDIA GPUs, pods bound to
 * them (a fifth of them hold a GPU), and one exporter report per device,
 * for tests of the GPU view and for measuring it at scale.
 */
import type { KubeObject } from '../../../shared/k8s/object';
import type { Telemetry } from '../../../main/gpu/view-model';
import type { DeviceTelemetry } from '../../../shared/resources/metrics';

export interface SyntheticCluster {
  nodes: KubeObject[];
  pods: KubeObject[];
  namespaces: KubeObject[];
  telemetry: Telemetry;
}

const GPUS_PER_NODE = 8;

function node(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-${name}`, resourceVersion: '1', labels: { 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3' } },
    spec: {},
    status: {
      capacity: { cpu: '64', memory: '512Gi', 'nvidia.com/gpu': String(GPUS_PER_NODE) },
      allocatable: { cpu: '64', memory: '512Gi', 'nvidia.com/gpu': String(GPUS_PER_NODE) },
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  } as KubeObject;
}

function pod(namespace: string, name: string, nodeName: string, gpus: number): KubeObject {
  const requests: Record<string, string> = { cpu: '1', memory: '1Gi', ...(gpus > 0 ? { 'nvidia.com/gpu': String(gpus) } : {}) };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { namespace, name, uid: `uid-${namespace}-${name}`, resourceVersion: '1', creationTimestamp: '2026-12-01T00:00:00Z', labels: { app: name } },
    spec: { nodeName, containers: [{ name: 'main', image: 'busybox', resources: { requests, limits: requests } }] },
    status: { phase: 'Running', startTime: '2026-12-01T00:00:10Z' },
  } as KubeObject;
}

/** `nodeCount` nodes and `podCount` pods spread over them and over ten namespaces. */
export function syntheticCluster(nodeCount: number, podCount: number): SyntheticCluster {
  const nodes = Array.from({ length: nodeCount }, (_, index) => node(`gpu-node-${index}`));
  const pods: KubeObject[] = [];
  const devices: DeviceTelemetry[] = [];
  const used = new Map<string, number>();
  for (let index = 0; index < podCount; index += 1) {
    const nodeName = `gpu-node-${index % nodeCount}`;
    const slot = used.get(nodeName) ?? 0;
    // Every fifth round over the nodes places GPU pods, so each node gets a fifth of its pods holding one GPU.
    const gpus = Math.floor(index / nodeCount) % 5 === 0 && slot < GPUS_PER_NODE ? 1 : 0;
    const created = pod(`team-${index % 10}`, `pod-${index}`, nodeName, gpus);
    pods.push(created);
    if (gpus === 0) continue;
    used.set(nodeName, slot + 1);
    devices.push(device(nodeName, slot, [{ namespace: created.metadata.namespace!, pod: created.metadata.name }]));
  }
  for (const { metadata } of nodes) {
    for (let slot = used.get(metadata.name) ?? 0; slot < GPUS_PER_NODE; slot += 1) devices.push(device(metadata.name, slot, []));
  }
  const namespaces = Array.from({ length: 10 }, (_, index) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `team-${index}`, labels: { tenant: `t${index}` } } }) as KubeObject);
  return { nodes, pods, namespaces, telemetry: { t: 0, devices, usage: [] } };
}

function device(nodeName: string, index: number, holders: DeviceTelemetry['holders']): DeviceTelemetry {
  return {
    key: `${nodeName}/${index}`,
    exporter: 'dcgm',
    node: nodeName,
    index: String(index),
    uuid: `GPU-${nodeName}-${index}`,
    modelName: 'NVIDIA H100 80GB HBM3',
    utilizationPercent: holders.length > 0 ? 60 : 0,
    memoryUsedMiB: holders.length > 0 ? 20_000 : 0,
    memoryTotalMiB: 81_559,
    holders,
  };
}

/** Replaces the pod at `index` with an edited copy in a new list, as a watch event does. */
export function withPodReplaced(pods: readonly KubeObject[], index: number, change: (copy: KubeObject & { status?: Record<string, unknown> }) => void): KubeObject[] {
  const copy = structuredClone(pods[index]!) as KubeObject & { status?: Record<string, unknown> };
  change(copy);
  return pods.map((pod, at) => (at === index ? copy : pod));
}
