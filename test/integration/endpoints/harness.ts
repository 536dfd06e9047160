/**
 * What the Endpoints integration tests share: a namespace of their own with
 * a vLLM-looking Deployment and Service, a TGI StatefulSet, a Gradio app, an
 * HPA, an Ingress and a KServe InferenceService with its predictor; kwok
 * routes of their pods to local servers; and a small stand-in for the
 * cluster service.
 */
import { AppsV1Api, AutoscalingV2Api, NetworkingV1Api, type V1Deployment } from '@kubernetes/client-node';
import type { ClusterService } from '../../../main/clusters/service';
import { coreApi, customObjectsApi, kubeConfigFor, statusOf, waitFor } from '../cluster/support';
import { routePodPorts } from '../portforward/harness';

export const CONTEXT = 'admin';

export function fakeClusters(): Pick<ClusterService, 'connection' | 'connect' | 'statuses'> {
  const kubeConfig = kubeConfigFor('admin');
  return {
    connection: (contextId) => ({ contextId, kubeConfig }),
    connect: async ({ contextId }) => ({ contextId, contextName: contextId, state: 'connected' }),
    statuses: () => [],
  };
}

const ISVC_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'inferenceservices.serving.kserve.io' },
  spec: {
    group: 'serving.kserve.io',
    scope: 'Namespaced',
    names: { kind: 'InferenceService', plural: 'inferenceservices', singular: 'inferenceservice', shortNames: ['isvc'], listKind: 'InferenceServiceList' },
    versions: [
      {
        name: 'v1beta1',
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ],
  },
};

/** Installs a minimal InferenceService CRD unless the cluster serves one; returns whether it did. */
export async function ensureInferenceServiceCrd(): Promise<boolean> {
  const api = customObjectsApi('admin');
  try {
    await api.listClusterCustomObject({ group: 'serving.kserve.io', version: 'v1beta1', plural: 'inferenceservices' });
    return false;
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
  await api.createClusterCustomObject({ group: 'apiextensions.k8s.io', version: 'v1', plural: 'customresourcedefinitions', body: ISVC_CRD });
  await waitFor('the InferenceService CRD to be served', async () => {
    try {
      await api.listClusterCustomObject({ group: 'serving.kserve.io', version: 'v1beta1', plural: 'inferenceservices' });
      return true;
    } catch {
      return undefined;
    }
  });
  return true;
}

export async function removeInferenceServiceCrd(): Promise<void> {
  await customObjectsApi('admin').deleteClusterCustomObject({ group: 'apiextensions.k8s.io', version: 'v1', plural: 'customresourcedefinitions', name: ISVC_CRD.metadata.name });
}

interface ContainerShape {
  name: string;
  image: string;
  args?: string[];
  env?: Record<string, string>;
  port: number;
  gpus?: number;
}

function template(labels: Record<string, string>, container: ContainerShape) {
  const gpu = container.gpus ? { 'nvidia.com/gpu': String(container.gpus) } : {};
  return {
    metadata: { labels },
    spec: {
      // The A100 node, so the H100's cards stay free for the GPU tests.
      nodeSelector: container.gpus ? { 'kubernetes.io/hostname': 'gpu-a100-0' } : { 'kubernetes.io/hostname': 'cpu-0' },
      terminationGracePeriodSeconds: 0,
      containers: [
        {
          name: container.name,
          image: container.image,
          ...(container.args ? { args: container.args } : {}),
          env: Object.entries(container.env ?? {}).map(([name, value]) => ({ name, value })),
          ports: [{ name: 'http', containerPort: container.port }],
          resources: { requests: { cpu: '100m', ...gpu }, limits: gpu },
        },
      ],
    },
  };
}

export function deployment(namespace: string, name: string, replicas: number, container: ContainerShape, extraLabels: Record<string, string> = {}): V1Deployment {
  const labels = { 'app.kubernetes.io/name': name, ...extraLabels };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: { replicas, selector: { matchLabels: { 'app.kubernetes.io/name': name } }, template: template(labels, container) },
  };
}

export const apps = () => kubeConfigFor('admin').makeApiClient(AppsV1Api);
export const autoscaling = () => kubeConfigFor('admin').makeApiClient(AutoscalingV2Api);
export const networking = () => kubeConfigFor('admin').makeApiClient(NetworkingV1Api);

export async function createService(namespace: string, name: string, port: number, targetPort: number | string): Promise<void> {
  await coreApi('admin').createNamespacedService({
    namespace,
    body: { metadata: { name, namespace }, spec: { selector: { 'app.kubernetes.io/name': name }, ports: [{ name: 'http', port, targetPort: targetPort as never }] } },
  });
}

/** Waits until `count` pods with the label are Running and routes `podPort` of each to `localPort`. */
export async function routePods(namespace: string, selector: string, count: number, podPort: number, localPort: number): Promise<string[]> {
  const names = await waitFor(`${count} Running pods for ${selector}`, async () => {
    const pods = await coreApi('admin').listNamespacedPod({ namespace, labelSelector: selector });
    const running = pods.items.filter((pod) => pod.status?.phase === 'Running' && !pod.metadata?.deletionTimestamp).map((pod) => pod.metadata?.name ?? '');
    return running.length >= count ? running : undefined;
  });
  for (const name of names) {
    await routePodPorts(namespace, name, [{ podPort, localPort }]);
  }
  return names;
}

/** Collects a stream's values until `done` accepts the latest one; rejects when opening fails or after the timeout. */
export function collect<E>(subscribe: (emit: (value: E) => void) => { dispose(): void } | Promise<{ dispose(): void }>, done: (value: E, all: E[]) => boolean, timeoutMs = 60_000): Promise<E[]> {
  return new Promise((resolve, reject) => {
    const values: E[] = [];
    let handle: { dispose(): void } | undefined;
    let finished = false;
    const finish = (error?: Error) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      handle?.dispose();
      if (error) reject(error);
      else resolve(values);
    };
    const timer = setTimeout(() => finish(new Error(`stream gave no final value within ${timeoutMs} ms; last: ${JSON.stringify(values.at(-1))?.slice(0, 2000)}`)), timeoutMs);
    void Promise.resolve(
      subscribe((value) => {
        values.push(value);
        if (!finished && done(value, values)) finish();
      }),
    ).then(
      (opened) => {
        handle = opened;
        if (finished) opened.dispose();
      },
      (error: Error) => finish(error),
    );
  });
}
