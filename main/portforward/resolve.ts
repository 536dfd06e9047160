/**
 * Pure resolution of a forward's target: Service port → targetPort (by number
 * or name), targetPort → container port of a pod (named ports included), and
 * which pod of a Service is usable. kubectl follows the same rules; the
 * client library's portForwardService does not map ports at all.
 */
import type { KubeObject } from '../../shared/k8s/object';

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

export interface PodObject extends KubeObject {
  spec?: { containers?: { name: string; ports?: ContainerPort[] }[] };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
}

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
}

export interface ServiceObject extends KubeObject {
  spec?: { selector?: Record<string, string>; ports?: ServicePort[]; type?: string };
}

/** A resolution step that failed, with a sentence for the user. */
export interface Unresolved {
  problem: string;
}

/** Finds the Service port the user named (by number or by name) and returns its targetPort, which defaults to the port. */
export function resolveServicePort(service: ServiceObject, port: number | string): number | string | Unresolved {
  const ports = service.spec?.ports ?? [];
  const { namespace, name } = service.metadata;
  const match = ports.find((candidate) => (typeof port === 'number' ? candidate.port === port : candidate.name === port));
  if (!match) {
    const offered = ports.map((candidate) => (candidate.name ? `${candidate.port} (${candidate.name})` : String(candidate.port))).join(', ');
    return { problem: `Service ${namespace}/${name} has no port ${port}; it offers ${offered || 'no ports'}.` };
  }
  if (match.protocol && match.protocol !== 'TCP') {
    return { problem: `Service port ${port} of ${namespace}/${name} is ${match.protocol}; port-forwarding carries TCP only.` };
  }
  const target = match.targetPort ?? match.port;
  return typeof target === 'string' && /^[0-9]+$/.test(target) ? Number(target) : target;
}

/** Maps a port number or name to a container port of the pod; a number is used as given, like kubectl does. */
export function resolveContainerPort(pod: PodObject, port: number | string): number | Unresolved {
  if (typeof port === 'number') {
    return port;
  }
  for (const container of pod.spec?.containers ?? []) {
    const match = container.ports?.find((candidate) => candidate.name === port);
    if (match) {
      return match.containerPort;
    }
  }
  return { problem: `Pod ${pod.metadata.namespace}/${pod.metadata.name} has no container port named "${port}".` };
}

export function isUnresolved(value: unknown): value is Unresolved {
  return typeof value === 'object' && value !== null && 'problem' in value;
}

/** Returns why a pod cannot take new connections (deleting, not Running, not Ready), or undefined when it can. */
export function podProblem(pod: PodObject | undefined, name = '(unnamed)'): string | undefined {
  if (!pod) {
    return `Pod ${name} does not exist; it was deleted or is not created yet.`;
  }
  const { namespace, name: podName } = pod.metadata;
  if (pod.metadata.deletionTimestamp) {
    return `Pod ${namespace}/${podName} is being deleted.`;
  }
  if (pod.status?.phase !== 'Running') {
    return `Pod ${namespace}/${podName} is ${pod.status?.phase ?? 'Pending'}, not Running.`;
  }
  const ready = pod.status.conditions?.find((condition) => condition.type === 'Ready');
  if (ready?.status !== 'True') {
    return `Pod ${namespace}/${podName} is Running but not Ready.`;
  }
  return undefined;
}

/** True when every key of the selector has the same value in the labels (a Service's equality selector). */
export function selectorMatches(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector).every(([key, value]) => labels?.[key] === value);
}

/** Renders an equality selector as a label selector string for list and watch. */
export function labelSelectorString(selector: Record<string, string>): string {
  return Object.entries(selector)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

/**
 * Picks the pod that new connections of a Service forward go to: the current pod while it stays
 * usable (so connections do not hop between replicas), otherwise the oldest usable pod.
 */
export function pickServicePod(pods: Iterable<PodObject>, currentUid?: string): PodObject | undefined {
  const usable = [...pods].filter((pod) => podProblem(pod) === undefined);
  const current = usable.find((pod) => pod.metadata.uid === currentUid);
  if (current) {
    return current;
  }
  return usable.sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || a.metadata.name.localeCompare(b.metadata.name))[0];
}
