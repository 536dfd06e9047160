import { kubernetesVersion } from '../../config';

/**
 * Names and shapes of the `test` profile's objects. Integration tests import
 * these instead of repeating literals, and a profile that lists `test` in
 * `includes` must create the same objects.
 */

export const testNodes = {
  /** 8 whole NVIDIA H100 cards. */
  h100: 'gpu-h100-0',
  /** 4 whole NVIDIA A100 cards. */
  a100: 'gpu-a100-0',
  /** 8 Huawei Ascend 910B NPUs. */
  ascend: 'npu-ascend-0',
  /** No accelerator. */
  cpu: 'cpu-0',
} as const;

/** Extended resource counts per node, as set in capacity and allocatable. */
export const testNodeAccelerators: Record<string, Record<string, string>> = {
  [testNodes.h100]: { 'nvidia.com/gpu': '8' },
  [testNodes.a100]: { 'nvidia.com/gpu': '4' },
  [testNodes.ascend]: { 'huawei.com/Ascend910': '8' },
  [testNodes.cpu]: {},
};

/** The notebook pod, routed to the local JupyterLab server. */
export const testNotebook = { namespace: 'team-a', name: 'notebook-0', port: 8888 } as const;

interface NodeShape {
  name: string;
  cpu: string;
  memory: string;
  labels: Record<string, string>;
}

const shapes: NodeShape[] = [
  {
    name: testNodes.h100,
    cpu: '224',
    memory: '2Ti',
    // GPU Feature Discovery label names, as the NVIDIA device plugin sets them.
    labels: {
      'nvidia.com/gpu.present': 'true',
      'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3',
      'nvidia.com/gpu.count': '8',
      'nvidia.com/gpu.memory': '81559',
      'nvidia.com/gpu.family': 'hopper',
      'nvidia.com/gpu.machine': 'DGX-H100',
      'nvidia.com/gpu.compute.major': '9',
      'nvidia.com/gpu.compute.minor': '0',
      'nvidia.com/cuda.driver.major': '550',
    },
  },
  {
    name: testNodes.a100,
    cpu: '128',
    memory: '1Ti',
    labels: {
      'nvidia.com/gpu.present': 'true',
      'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-40GB',
      'nvidia.com/gpu.count': '4',
      'nvidia.com/gpu.memory': '40960',
      'nvidia.com/gpu.family': 'ampere',
      'nvidia.com/gpu.compute.major': '8',
      'nvidia.com/gpu.compute.minor': '0',
      'nvidia.com/cuda.driver.major': '550',
    },
  },
  {
    name: testNodes.ascend,
    cpu: '192',
    memory: '1536Gi',
    labels: { 'accelerator': 'huawei-Ascend910', 'node.kubernetes.io/npu.chip.name': '910B' },
  },
  { name: testNodes.cpu, cpu: '64', memory: '256Gi', labels: {} },
];

function nodeObject(shape: NodeShape): object {
  const resources = {
    cpu: shape.cpu,
    memory: shape.memory,
    pods: '110',
    'ephemeral-storage': '2Ti',
    ...testNodeAccelerators[shape.name],
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: shape.name,
      // kwok manages every node (--manage-all-nodes); the annotation marks the
      // node as simulated for people reading it.
      annotations: { 'kwok.x-k8s.io/node': 'fake' },
      labels: {
        'kubernetes.io/hostname': shape.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'node-role.kubernetes.io/worker': '',
        type: 'kwok',
        ...shape.labels,
      },
    },
    // No status.addresses: kwok fills in 127.0.0.1 and its own port, which
    // is where the API server then sends logs, exec and port-forward.
    status: {
      capacity: resources,
      allocatable: resources,
      nodeInfo: {
        // The API schema requires these identity fields; real kubelets read them from the host.
        machineID: `drun-${shape.name}`,
        systemUUID: `drun-${shape.name}`,
        bootID: `drun-${shape.name}`,
        kubeProxyVersion: '',
        architecture: 'amd64',
        operatingSystem: 'linux',
        kubeletVersion: kubernetesVersion,
        containerRuntimeVersion: 'containerd://2.1.0',
        kernelVersion: '6.8.0',
        osImage: 'Ubuntu 24.04 LTS',
      },
    },
  };
}

export function testNodeObjects(): object[] {
  return shapes.map(nodeObject);
}

export function notebookPodObject(): object {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: testNotebook.name,
      namespace: testNotebook.namespace,
      labels: { app: 'notebook', 'd.run/workload': 'notebook' },
    },
    spec: {
      containers: [
        {
          name: 'jupyter',
          image: 'jupyter/base-notebook:latest',
          ports: [{ name: 'http', containerPort: testNotebook.port }],
          resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } },
        },
      ],
      nodeSelector: { 'kubernetes.io/hostname': testNodes.cpu },
    },
  };
}
