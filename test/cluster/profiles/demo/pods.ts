/**
 * Builders for the demo's pod specs. Every container sets CPU and memory
 * requests and limits, because the tenants' quotas require them and the
 * LimitRange default limit would be lower than a large request.
 */

export const h100Selector = { 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3' };
export const l40sSelector = { 'nvidia.com/gpu.product': 'NVIDIA-L40S' };

export interface ContainerShape {
  name: string;
  image: string;
  cpu: string;
  memory: string;
  /** Extended resources, set as both request and limit. */
  accelerators?: Record<string, string>;
  command?: string[];
  args?: string[];
  ports?: Array<{ name: string; containerPort: number }>;
  env?: Record<string, string>;
}

export function container(shape: ContainerShape): object {
  return {
    name: shape.name,
    image: shape.image,
    ...(shape.command ? { command: shape.command } : {}),
    ...(shape.args ? { args: shape.args } : {}),
    ...(shape.ports ? { ports: shape.ports.map((port) => ({ ...port, protocol: 'TCP' })) } : {}),
    ...(shape.env ? { env: Object.entries(shape.env).map(([name, value]) => ({ name, value })) } : {}),
    resources: {
      requests: { cpu: shape.cpu, memory: shape.memory, ...shape.accelerators },
      limits: { cpu: shape.cpu, memory: shape.memory, ...shape.accelerators },
    },
    securityContext: { allowPrivilegeEscalation: false },
  };
}

export interface PodShape {
  containers: ContainerShape[];
  nodeSelector?: Record<string, string>;
  /** Annotations read by the DCGM-style exporter, e.g. `d.run/fake-gpu-util`. */
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
}

/** A pod template (metadata and spec) for Deployments, StatefulSets, Jobs and PyTorchJob replicas. */
export function podTemplate(shape: PodShape): { metadata: object; spec: object } {
  return {
    metadata: {
      ...(shape.labels ? { labels: shape.labels } : {}),
      ...(shape.annotations ? { annotations: shape.annotations } : {}),
    },
    spec: {
      ...(shape.restartPolicy ? { restartPolicy: shape.restartPolicy } : {}),
      ...(shape.nodeSelector ? { nodeSelector: shape.nodeSelector } : {}),
      enableServiceLinks: false,
      terminationGracePeriodSeconds: 30,
      containers: shape.containers.map(container),
    },
  };
}

export function deployment(namespace: string, name: string, replicas: number, labels: Record<string, string>, pod: PodShape): object {
  const template = podTemplate({ ...pod, labels: { ...labels, ...pod.labels } });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: { replicas, selector: { matchLabels: labels }, template },
  };
}

export function service(namespace: string, name: string, selector: Record<string, string>, ports: Array<{ name: string; port: number; targetPort: number }>): object {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels: selector },
    spec: { type: 'ClusterIP', selector, ports: ports.map((port) => ({ ...port, protocol: 'TCP' })) },
  };
}
