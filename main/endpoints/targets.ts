/**
 * Where a forward for an endpoint goes: the API or app port through a
 * Service in front of the pods when one maps to it (the forward then follows
 * pod replacements), else straight to a Ready pod; and each Ready pod's
 * metrics port, since metrics are per pod.
 */
import type { DiscoveredEndpoint } from '../../shared/endpoints/discover';
import { servicePortFor } from '../../shared/endpoints/routing';
import { podIsReady } from '../../shared/endpoints/workload';
import type { ForwardTarget } from '../../shared/models/portforward';

/** Pods whose metrics are read at once; a large deployment is sampled, not swept. */
export const MAX_METRICS_PODS = 4;

export function apiTarget(endpoint: DiscoveredEndpoint): ForwardTarget | undefined {
  const port = endpoint.serverInfo.port;
  const { namespace } = endpoint.row;
  for (const service of endpoint.services) {
    const servicePort = servicePortFor(service, port, endpoint.portNames);
    if (servicePort !== undefined) {
      return { kind: 'service', namespace, name: service.metadata.name, port: servicePort };
    }
  }
  const pod = endpoint.pods.find((candidate) => podIsReady(candidate) && !candidate.metadata.deletionTimestamp);
  return pod && port !== undefined ? { kind: 'pod', namespace, name: pod.metadata.name, port } : undefined;
}

export function metricsTargets(endpoint: DiscoveredEndpoint): ForwardTarget[] {
  const port = endpoint.serverInfo.metricsPort;
  if (port === undefined) {
    return [];
  }
  return endpoint.pods
    .filter((pod) => podIsReady(pod) && !pod.metadata.deletionTimestamp)
    .slice(0, MAX_METRICS_PODS)
    .map((pod) => ({ kind: 'pod', namespace: endpoint.row.namespace, name: pod.metadata.name, port }));
}

/** Base paths of the OpenAI API to try, the server's own first. */
export function apiPaths(endpoint: DiscoveredEndpoint): string[] {
  const own = endpoint.serverInfo.apiPath ?? '/v1';
  return own === '/v1' ? ['/v1'] : [own, '/v1'];
}
