/** Pods and their containers, for choosing what a terminal or log stream reads. */
import type { KubeConfig, V1Container, V1ContainerStatus, V1Pod, V1PodList } from '@kubernetes/client-node';
import type { ContainerSummary, PodSummary } from '../../shared/models/logs';
import { appError } from '../../shared/result';
import { kubeJson } from '../clusters/request';

/** Job-name labels: the prefixed one since Kubernetes 1.27, the bare one before. */
export const JOB_NAME_LABELS = ['batch.kubernetes.io/job-name', 'job-name'] as const;

const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

function podsPath(namespace: string): string {
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
}

/** Summarises a pod: containers of every kind with restart counts, its Job and default container. */
export function summarisePod(pod: V1Pod): PodSummary {
  const statuses = new Map<string, V1ContainerStatus>();
  for (const status of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? []), ...(pod.status?.ephemeralContainerStatuses ?? [])]) {
    statuses.set(status.name, status);
  }
  const summarise = (container: Pick<V1Container, 'name' | 'tty' | 'stdin'>, kind: ContainerSummary['kind']): ContainerSummary => ({
    name: container.name,
    kind,
    restartCount: statuses.get(container.name)?.restartCount ?? 0,
    tty: container.tty ?? false,
    stdin: container.stdin ?? false,
  });
  const containers = [
    ...(pod.spec?.initContainers ?? []).map((container) => summarise(container, 'init')),
    ...(pod.spec?.containers ?? []).map((container) => summarise(container, 'regular')),
    ...(pod.spec?.ephemeralContainers ?? []).map((container) => summarise(container, 'ephemeral')),
  ];
  const labels = pod.metadata?.labels ?? {};
  const jobName = JOB_NAME_LABELS.map((label) => labels[label]).find((value) => value !== undefined);
  const defaultContainer = pod.metadata?.annotations?.[DEFAULT_CONTAINER_ANNOTATION] ?? pod.spec?.containers[0]?.name;

  return {
    name: pod.metadata?.name ?? '',
    phase: pod.status?.phase ?? 'Unknown',
    containers,
    ...(jobName !== undefined ? { jobName } : {}),
    ...(defaultContainer !== undefined ? { defaultContainer } : {}),
  };
}

export async function listPods(kc: KubeConfig, namespace: string, labelSelector?: string, signal?: AbortSignal): Promise<PodSummary[]> {
  const list = await kubeJson<V1PodList>(kc, podsPath(namespace), {
    ...(labelSelector ? { query: { labelSelector } } : {}),
    ...(signal ? { signal } : {}),
  });
  return list.items.map(summarisePod).sort((a, b) => a.name.localeCompare(b.name));
}

export async function readPod(kc: KubeConfig, namespace: string, name: string): Promise<PodSummary> {
  return summarisePod(await kubeJson<V1Pod>(kc, `${podsPath(namespace)}/${encodeURIComponent(name)}`));
}

/** The container to use: the requested one when the pod has it, else the pod's default. */
export function chooseContainer(pod: PodSummary, namespace: string, requested: string | undefined): string {
  if (requested !== undefined) {
    if (!pod.containers.some((container) => container.name === requested)) {
      const names = pod.containers.map((container) => container.name).join(', ');
      throw appError('InvalidInput', `Container ${requested} is not in pod ${namespace}/${pod.name}; its containers are: ${names}.`, { namespace });
    }
    return requested;
  }
  if (pod.defaultContainer === undefined) {
    throw appError('InvalidInput', `Pod ${namespace}/${pod.name} has no containers.`, { namespace });
  }
  return pod.defaultContainer;
}
