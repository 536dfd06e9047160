import { TENANT_LABEL } from '../../../../shared/tenants/labels';
import { kubernetesVersion } from '../../config';
import type { ScaleObject } from './api';

/**
 * Objects of the `scale` profile, generated from a size: GPU and CPU nodes,
 * tenant namespaces and pods bound straight to nodes (spec.nodeName), so the
 * scheduler is not the bottleneck when tens of thousands are created. Every
 * object carries the label `drun.io/scale=true` for the churn driver.
 */

export const scaleLabel = 'drun.io/scale';

export interface ScaleSize {
  nodes: number;
  pods: number;
  namespaces: number;
}

/** Sizes from DRUN_SCALE_NODES, DRUN_SCALE_PODS and DRUN_SCALE_NAMESPACES, defaulting to the benchmark size. */
export function resolveScaleSize(env: NodeJS.ProcessEnv = process.env): ScaleSize {
  const read = (name: string, fallback: number): number => {
    const raw = env[name];
    const value = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name}=${raw} is not a positive integer`);
    return value;
  };
  return { nodes: read('DRUN_SCALE_NODES', 2000), pods: read('DRUN_SCALE_PODS', 50000), namespaces: read('DRUN_SCALE_NAMESPACES', 50) };
}

interface NodeKind {
  prefix: string;
  cpu: string;
  memory: string;
  labels: Record<string, string>;
  accelerators: Record<string, string>;
  /** GPU resource name and cards per node, for GPU pods. */
  gpu?: { resource: string; count: number };
}

// One in four nodes carries no accelerator; the rest rotate through the vendors.
const nodeKinds: NodeKind[] = [
  { prefix: 'h100', cpu: '224', memory: '2Ti', labels: { 'nvidia.com/gpu.present': 'true', 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3', 'nvidia.com/gpu.count': '8', 'nvidia.com/gpu.memory': '81559' }, accelerators: { 'nvidia.com/gpu': '8' }, gpu: { resource: 'nvidia.com/gpu', count: 8 } },
  { prefix: 'a100', cpu: '128', memory: '1Ti', labels: { 'nvidia.com/gpu.present': 'true', 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB', 'nvidia.com/gpu.count': '8', 'nvidia.com/gpu.memory': '81920' }, accelerators: { 'nvidia.com/gpu': '8' }, gpu: { resource: 'nvidia.com/gpu', count: 8 } },
  { prefix: 'npu', cpu: '192', memory: '1536Gi', labels: { accelerator: 'huawei-Ascend910' }, accelerators: { 'huawei.com/Ascend910': '8' }, gpu: { resource: 'huawei.com/Ascend910', count: 8 } },
  { prefix: 'cpu', cpu: '96', memory: '384Gi', labels: {}, accelerators: {} },
];

export function nodeName(index: number): string {
  const kind = nodeKinds[index % nodeKinds.length] as NodeKind;
  return `scale-${kind.prefix}-${String(index).padStart(5, '0')}`;
}

export function scaleNodes(size: ScaleSize): ScaleObject[] {
  return Array.from({ length: size.nodes }, (_, index) => {
    const kind = nodeKinds[index % nodeKinds.length] as NodeKind;
    const name = nodeName(index);
    const resources = { cpu: kind.cpu, memory: kind.memory, pods: '250', 'ephemeral-storage': '4Ti', ...kind.accelerators };
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        annotations: { 'kwok.x-k8s.io/node': 'fake' },
        labels: {
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          'node-role.kubernetes.io/worker': '',
          'topology.kubernetes.io/zone': `zone-${index % 4}`,
          type: 'kwok',
          [scaleLabel]: 'true',
          ...kind.labels,
        },
      },
      status: {
        capacity: resources,
        allocatable: resources,
        nodeInfo: { architecture: 'amd64', operatingSystem: 'linux', kubeletVersion: kubernetesVersion, containerRuntimeVersion: 'containerd://2.1.0', kernelVersion: '6.8.0', osImage: 'Ubuntu 24.04 LTS', machineID: '', systemUUID: '', bootID: '', kubeProxyVersion: '' },
      },
    };
  });
}

export function namespaceName(index: number): string {
  return `scale-tenant-${String(index).padStart(3, '0')}`;
}

export function scaleNamespaces(size: ScaleSize): ScaleObject[] {
  return Array.from({ length: size.namespaces }, (_, index) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespaceName(index), labels: { [scaleLabel]: 'true', [TENANT_LABEL]: namespaceName(index) } },
  }));
}

const apps = ['trainer', 'vllm', 'notebook', 'etl', 'embedding', 'eval', 'dataloader', 'api'];

/**
 * Pods spread round-robin over nodes. On accelerator nodes every fourth pod
 * requests one card; at 25 pods per node that keeps each node's cards within
 * its capacity.
 */
export function scalePod(size: ScaleSize, index: number): ScaleObject {
  const nodeIndex = index % size.nodes;
  const kind = nodeKinds[nodeIndex % nodeKinds.length] as NodeKind;
  const namespace = namespaceName(index % size.namespaces);
  const app = apps[index % apps.length] as string;
  const slotOnNode = Math.floor(index / size.nodes);
  const holdsGpu = kind.gpu !== undefined && slotOnNode % 4 === 0 && Math.floor(slotOnNode / 4) < kind.gpu.count;
  const accelerators = holdsGpu && kind.gpu ? { [kind.gpu.resource]: '1' } : {};
  const resources = { cpu: '500m', memory: '1Gi', ...accelerators };

  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${app}-${String(index).padStart(6, '0')}`,
      namespace,
      labels: { app, [scaleLabel]: 'true', 'drun.io/workload': holdsGpu ? 'gpu' : 'cpu' },
    },
    spec: {
      nodeName: nodeName(nodeIndex),
      enableServiceLinks: false,
      terminationGracePeriodSeconds: 5,
      // On two loaded cores kwok can miss node heartbeats. Without these the
      // node lifecycle controller evicts pods from the nodes it marks NotReady,
      // so the bench's pod count would drift during a run.
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
      ],
      containers: [{ name: app, image: `registry.local/${app}:1.0`, resources: { requests: resources, limits: resources } }],
    },
  };
}
