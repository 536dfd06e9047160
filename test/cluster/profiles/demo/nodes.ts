import { createHash } from 'node:crypto';

import { kubernetesVersion } from '../../config';

/**
 * The demo cluster's nodes: NVIDIA whole cards of two models, MIG, time
 * slicing and HAMi vGPU, Huawei Ascend, Cambricon, MetaX and Hygon
 * accelerators, plus CPU nodes. One GPU node is NotReady and one cordoned.
 *
 * Labels follow what each vendor's device plugin or feature discovery sets:
 * NVIDIA GPU Feature Discovery (`nvidia.com/gpu.*`, `nvidia.com/mig.*`),
 * HAMi (`gpu=on`, `hami.io/node-nvidia-register`), Ascend (`accelerator`).
 */

/** Label kwok's chaos stage reads to keep a node NotReady. */
export const notReadyLabel = 'node-not-ready.stage.kwok.x-k8s.io';

export const demoNodes = {
  h100a: 'gpu-h100-01',
  h100b: 'gpu-h100-02',
  /**
   * NotReady: kwok's node-not-ready stage keeps its Ready condition False.
   * NOTE: the stage re-applies every 1-2 s, so this node's status changes that often.
   */
  h100Broken: 'gpu-h100-03',
  l40s: 'gpu-l40s-01',
  /** Cordoned for maintenance. */
  a100Cordoned: 'gpu-a100-01',
  mig: 'gpu-a100-mig-01',
  timeSliced: 'gpu-a10-ts-01',
  hami: 'gpu-4090-hami-01',
  ascend: 'npu-910b-01',
  cambricon: 'mlu-370-01',
  metax: 'gpu-metax-c500-01',
  hygon: 'dcu-k100-01',
  cpu1: 'cpu-01',
  cpu2: 'cpu-02',
  cpu3: 'cpu-03',
} as const;

interface NodeShape {
  name: string;
  cpu: string;
  memory: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Extended resources in capacity and allocatable. */
  accelerators?: Record<string, string>;
  unschedulable?: boolean;
  taints?: Array<{ key: string; value?: string; effect: string }>;
}

function gfdLabels(product: string, count: number, memoryMiB: number, family: string, major: number, minor: number): Record<string, string> {
  return {
    'nvidia.com/gpu.present': 'true',
    'nvidia.com/gpu.product': product,
    'nvidia.com/gpu.count': String(count),
    'nvidia.com/gpu.memory': String(memoryMiB),
    'nvidia.com/gpu.family': family,
    'nvidia.com/gpu.compute.major': String(major),
    'nvidia.com/gpu.compute.minor': String(minor),
    'nvidia.com/cuda.driver.major': '550',
    'nvidia.com/cuda.driver.minor': '127',
    'nvidia.com/cuda.runtime.major': '12',
    'nvidia.com/cuda.runtime.minor': '4',
  };
}

const h100Labels = { ...gfdLabels('NVIDIA-H100-80GB-HBM3', 8, 81559, 'hopper', 9, 0), 'nvidia.com/gpu.machine': 'DGX-H100' };

const shapes: NodeShape[] = [
  { name: demoNodes.h100a, cpu: '224', memory: '2Ti', labels: h100Labels, accelerators: { 'nvidia.com/gpu': '8' } },
  { name: demoNodes.h100b, cpu: '224', memory: '2Ti', labels: h100Labels, accelerators: { 'nvidia.com/gpu': '8' } },
  {
    name: demoNodes.h100Broken,
    cpu: '224',
    memory: '2Ti',
    labels: { ...h100Labels, [notReadyLabel]: 'true' },
    annotations: {
      'node-not-ready.stage.kwok.x-k8s.io/reason': 'KubeletNotReady',
      'node-not-ready.stage.kwok.x-k8s.io/message': 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady',
    },
    accelerators: { 'nvidia.com/gpu': '8' },
  },
  {
    name: demoNodes.l40s,
    cpu: '128',
    memory: '1Ti',
    labels: { ...gfdLabels('NVIDIA-L40S', 4, 46068, 'ada-lovelace', 8, 9), 'nvidia.com/gpu.machine': 'PowerEdge-R760xa' },
    accelerators: { 'nvidia.com/gpu': '4' },
  },
  {
    name: demoNodes.a100Cordoned,
    cpu: '128',
    memory: '1Ti',
    labels: gfdLabels('NVIDIA-A100-SXM4-80GB', 8, 81920, 'ampere', 8, 0),
    annotations: { 'd.run/cordon-reason': 'GPU 3 reports XID 79 (fallen off the bus); waiting for RMA' },
    accelerators: { 'nvidia.com/gpu': '8' },
    unschedulable: true,
  },
  {
    // MIG "mixed" strategy: GPUs 0-1 as 7x 1g.10gb, 2-3 as 3x 2g.20gb, 4-5 as 2x 3g.40gb, 6-7 whole (7g.80gb).
    name: demoNodes.mig,
    cpu: '128',
    memory: '1Ti',
    labels: {
      ...gfdLabels('NVIDIA-A100-SXM4-80GB', 8, 81920, 'ampere', 8, 0),
      'nvidia.com/mig.capable': 'true',
      'nvidia.com/mig.strategy': 'mixed',
      'nvidia.com/mig.config': 'all-balanced',
      'nvidia.com/mig.config.state': 'success',
    },
    accelerators: { 'nvidia.com/mig-1g.10gb': '14', 'nvidia.com/mig-2g.20gb': '6', 'nvidia.com/mig-3g.40gb': '4', 'nvidia.com/mig-7g.80gb': '2' },
  },
  {
    // Time slicing with renameByDefault: 4 A10 cards, 4 replicas each.
    name: demoNodes.timeSliced,
    cpu: '64',
    memory: '512Gi',
    labels: {
      ...gfdLabels('NVIDIA-A10-SHARED', 4, 23028, 'ampere', 8, 6),
      'nvidia.com/gpu.replicas': '4',
      'nvidia.com/gpu.sharing-strategy': 'time-slicing',
    },
    accelerators: { 'nvidia.com/gpu.shared': '16' },
  },
  {
    // HAMi vGPU: 8 RTX 4090 cards split 10 ways; gpumem in MB, gpucores in percent per card.
    name: demoNodes.hami,
    cpu: '96',
    memory: '768Gi',
    labels: { ...gfdLabels('NVIDIA-GeForce-RTX-4090', 8, 24564, 'ada-lovelace', 8, 9), gpu: 'on' },
    annotations: {
      'hami.io/node-handshake': 'Reported 2026-01-01 00:00:00.000000000 +0000 UTC',
      'hami.io/node-nvidia-register': Array.from({ length: 8 }, (_, index) => `GPU-hami-4090-${index},10,24564,100,NVIDIA-NVIDIA GeForce RTX 4090,0,true`).join(':') + ':',
    },
    accelerators: { 'nvidia.com/gpu': '80', 'nvidia.com/gpumem': '196512', 'nvidia.com/gpucores': '800' },
  },
  {
    name: demoNodes.ascend,
    cpu: '192',
    memory: '1536Gi',
    labels: { accelerator: 'huawei-Ascend910', 'node.kubernetes.io/npu.chip.name': '910B3', 'servertype': 'Ascend910B-20' },
    accelerators: { 'huawei.com/Ascend910': '8' },
  },
  {
    name: demoNodes.cambricon,
    cpu: '96',
    memory: '512Gi',
    labels: { 'cambricon.com/mlu': 'true', 'cambricon.com/mlu.model': 'MLU370-X8' },
    accelerators: { 'cambricon.com/mlu': '8' },
  },
  {
    name: demoNodes.metax,
    cpu: '128',
    memory: '1Ti',
    labels: { 'metax-tech.com/gpu.installed': 'true', 'metax-tech.com/gpu.product': 'MXC500' },
    accelerators: { 'metax-tech.com/gpu': '8' },
  },
  {
    name: demoNodes.hygon,
    cpu: '128',
    memory: '1Ti',
    labels: { 'hygon.com/dcu': 'on', 'hygon.com/dcu.product': 'K100-AI' },
    accelerators: { 'hygon.com/dcunum': '8', 'hygon.com/dcumem': '524288', 'hygon.com/dcucores': '800' },
  },
  { name: demoNodes.cpu1, cpu: '64', memory: '256Gi', labels: { 'node-role.kubernetes.io/system': '' } },
  { name: demoNodes.cpu2, cpu: '64', memory: '256Gi' },
  { name: demoNodes.cpu3, cpu: '64', memory: '256Gi' },
];

/** Extended resources of each demo node, as set in capacity and allocatable. */
export const demoNodeAccelerators: Record<string, Record<string, string>> = Object.fromEntries(
  shapes.map((shape) => [shape.name, shape.accelerators ?? {}]),
);

function nodeObject(shape: NodeShape): object {
  const resources = { cpu: shape.cpu, memory: shape.memory, pods: '110', 'ephemeral-storage': '4Ti', ...shape.accelerators };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: shape.name,
      annotations: { 'kwok.x-k8s.io/node': 'fake', ...shape.annotations },
      labels: {
        'kubernetes.io/hostname': shape.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'node-role.kubernetes.io/worker': '',
        'topology.kubernetes.io/zone': shape.name.startsWith('cpu') ? 'zone-a' : 'zone-b',
        type: 'kwok',
        'd.run/node-pool': shape.accelerators ? 'accelerated' : 'cpu',
        ...shape.labels,
      },
    },
    spec: {
      ...(shape.unschedulable ? { unschedulable: true } : {}),
      ...(shape.taints ? { taints: shape.taints } : {}),
    },
    // No status.addresses: kwok fills in 127.0.0.1 and its own port, where the
    // API server then sends logs, exec and port-forward.
    status: {
      capacity: resources,
      allocatable: resources,
      nodeInfo: {
        architecture: 'amd64',
        operatingSystem: 'linux',
        kubeletVersion: kubernetesVersion,
        containerRuntimeVersion: 'containerd://2.1.0',
        kernelVersion: '6.8.0-50-generic',
        osImage: 'Ubuntu 24.04.1 LTS',
        // kubectl's client-side validation requires these four.
        machineID: stableHex(`machine/${shape.name}`),
        systemUUID: stableHex(`system/${shape.name}`),
        bootID: stableHex(`boot/${shape.name}`),
        kubeProxyVersion: '',
      },
    },
  };
}

export function demoNodeObjects(): object[] {
  return shapes.map(nodeObject);
}

function stableHex(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 32);
}
