/** Builds the detail view of one endpoint: conditions, traffic, pods, Services, autoscalers and recent events. */
import type { KubeObject } from '../k8s/object';
import type { EndpointCondition, EndpointDetail, EndpointEvent } from '../models/endpoints';
import type { DiscoveredEndpoint } from './discover';
import { inferenceServiceModelStatus, inferenceServiceTraffic, type InferenceServiceLike } from './kserve';
import { servicePorts } from './routing';
import { endpointPod } from './workload';

/** Events shown per endpoint, newest first. */
export const MAX_EVENTS = 30;

interface EventLike {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string;
  eventTime?: string;
  series?: { count?: number; lastObservedTime?: string };
  involvedObject?: { kind?: string; name?: string; namespace?: string };
  metadata: { creationTimestamp?: string };
}

function eventTime(event: EventLike): string | undefined {
  return event.series?.lastObservedTime ?? event.lastTimestamp ?? event.eventTime ?? event.metadata.creationTimestamp;
}

/**
 * The objects whose events belong to the endpoint: the InferenceService, its
 * workloads and their ReplicaSets (named `<deployment>-<hash>`), the pods and
 * the autoscalers.
 */
function isAbout(endpoint: DiscoveredEndpoint, involved: NonNullable<EventLike['involvedObject']>): boolean {
  const name = involved.name ?? '';
  switch (involved.kind) {
    case 'Pod':
      return endpoint.pods.some((pod) => pod.metadata.name === name);
    case 'Deployment':
    case 'StatefulSet':
      return endpoint.workloads.some((workload) => workload.metadata.name === name);
    case 'ReplicaSet':
      return endpoint.workloads.some((workload) => name.startsWith(`${workload.metadata.name}-`));
    case 'InferenceService':
      return endpoint.inferenceService?.metadata.name === name;
    case 'HorizontalPodAutoscaler':
    case 'ScaledObject':
      return endpoint.autoscalers.some((autoscaler) => autoscaler.name === name);
    default:
      return false;
  }
}

export function endpointEvents(endpoint: DiscoveredEndpoint, events: Iterable<KubeObject>): EndpointEvent[] {
  const picked: Array<EndpointEvent & { sortKey: string }> = [];
  for (const object of events) {
    const event = object as unknown as EventLike;
    const involved = event.involvedObject;
    if (!involved || involved.namespace !== endpoint.row.namespace || !isAbout(endpoint, involved)) {
      continue;
    }
    const lastSeen = eventTime(event);
    picked.push({
      type: event.type ?? 'Normal',
      reason: event.reason ?? '',
      message: event.message ?? '',
      object: `${involved.kind}/${involved.name}`,
      count: event.series?.count ?? event.count ?? 1,
      ...(lastSeen ? { lastSeen } : {}),
      sortKey: lastSeen ?? '',
    });
  }
  picked.sort((a, b) => b.sortKey.localeCompare(a.sortKey));
  return picked.slice(0, MAX_EVENTS).map(({ sortKey: _sortKey, ...event }) => event);
}

function workloadConditions(endpoint: DiscoveredEndpoint): EndpointCondition[] {
  const source = endpoint.inferenceService ?? endpoint.workloads[0];
  const conditions = ((source?.['status'] as { conditions?: EndpointCondition[] } | undefined)?.conditions ?? []).map((condition) => ({
    type: condition.type,
    status: condition.status,
    ...(condition.reason ? { reason: condition.reason } : {}),
    ...(condition.message ? { message: condition.message } : {}),
    ...(condition.lastTransitionTime ? { lastTransitionTime: condition.lastTransitionTime } : {}),
  }));
  return conditions;
}

/** `canWrite` is whether the user may patch the workload; the caller asks the API server. */
export function endpointDetail(endpoint: DiscoveredEndpoint, events: Iterable<KubeObject>, canWrite = true): EndpointDetail {
  const isvc = endpoint.inferenceService as unknown as InferenceServiceLike | undefined;
  const modelStatus = isvc ? inferenceServiceModelStatus(isvc) : undefined;
  const workload = endpoint.workloads[0];
  const hasTarget = Boolean(isvc) || Boolean(workload);
  return {
    ...endpoint.row,
    serverInfo: endpoint.serverInfo,
    conditions: workloadConditions(endpoint),
    traffic: isvc ? inferenceServiceTraffic(isvc) : [],
    pods: endpoint.pods.map(endpointPod).sort((a, b) => a.name.localeCompare(b.name)),
    events: endpointEvents(endpoint, events),
    autoscalers: endpoint.autoscalers,
    services: endpoint.services.map(servicePorts),
    ...(modelStatus ? { modelStatus } : {}),
    ...(workload && endpoint.workloadKind ? { workload: { kind: endpoint.workloadKind, name: workload.metadata.name } } : {}),
    scalable: canWrite && hasTarget,
    restartable: canWrite && hasTarget,
  };
}
