/**
 * Finds the endpoints of a cluster from listed objects: every KServe
 * InferenceService, and every Deployment or StatefulSet whose pod template
 * is a recognised model server or app. A predictor Deployment that KServe
 * manages is part of its InferenceService, not an endpoint of its own.
 */
import { ISVC_LABEL } from '../k8s/endpoints-gvr';
import type { KubeObject } from '../k8s/object';
import type { AutoscalerInfo, EndpointKind, EndpointRow, ServerInfo } from '../models/endpoints';
import { endpointId } from '../models/endpoints';
import {
  deploymentMode,
  inferenceServiceHealth,
  inferenceServiceModel,
  inferenceServiceScaling,
  inferenceServiceServer,
  inferenceServiceUrls,
  type InferenceServiceLike,
} from './kserve';
import { recogniseTemplate, type PodTemplateLike } from './recognise';
import { routedUrls, servicesInFront } from './routing';
import { autoscalersFor } from './scaling';
import { matchesSelector, type LabelSelectorLike } from './selectors';
import { heldAccelerators, podIsReady, podRestarts, workloadHealth, workloadReplicas } from './workload';

export interface EndpointSources {
  deployments: readonly KubeObject[];
  statefulSets: readonly KubeObject[];
  pods: readonly KubeObject[];
  services: readonly KubeObject[];
  ingresses: readonly KubeObject[];
  httpRoutes: readonly KubeObject[];
  hpas: readonly KubeObject[];
  scaledObjects: readonly KubeObject[];
  inferenceServices: readonly KubeObject[];
}

/** An endpoint with the objects behind it, for the detail view and the actions. */
export interface DiscoveredEndpoint {
  row: EndpointRow;
  serverInfo: ServerInfo;
  pods: KubeObject[];
  services: KubeObject[];
  /** The Deployments or StatefulSet that run the pods (several for a Knative InferenceService). */
  workloads: KubeObject[];
  workloadKind?: 'Deployment' | 'StatefulSet';
  inferenceService?: KubeObject;
  autoscalers: AutoscalerInfo[];
  /** Container port names of the server container, for Services whose targetPort is a name. */
  portNames: Map<string, number>;
}

interface WorkloadSpec {
  selector?: LabelSelectorLike;
  template?: PodTemplateLike;
}

function templateOf(workload: KubeObject): PodTemplateLike | undefined {
  return (workload['spec'] as WorkloadSpec | undefined)?.template;
}

function podsOf(workload: KubeObject, pods: readonly KubeObject[]): KubeObject[] {
  const selector = (workload['spec'] as WorkloadSpec | undefined)?.selector;
  // A workload without a selector is invalid in apps/v1; it owns no pods.
  if (!selector) {
    return [];
  }
  return pods.filter((pod) => pod.metadata.namespace === workload.metadata.namespace && matchesSelector(selector, pod.metadata.labels));
}

function portNamesOf(template: PodTemplateLike | undefined, container: string): Map<string, number> {
  const spec = template?.spec?.containers?.find((candidate) => candidate.name === container);
  return new Map((spec?.ports ?? []).filter((port) => port.name).map((port) => [port.name!, port.containerPort]));
}

interface Assembly {
  kind: EndpointKind;
  object: KubeObject;
  serverInfo: ServerInfo;
  model: string | undefined;
  pods: KubeObject[];
  workloads: KubeObject[];
  workloadKind?: 'Deployment' | 'StatefulSet';
  desired: number;
  health: EndpointRow['health'];
  extraUrls: EndpointRow['urls'];
  autoscalers: AutoscalerInfo[];
  deploymentMode?: string;
}

function assemble(part: Assembly, sources: EndpointSources): DiscoveredEndpoint {
  const namespace = part.object.metadata.namespace ?? '';
  const template = part.workloads[0] ? templateOf(part.workloads[0]) : undefined;
  const podLabels = template?.metadata?.labels ?? part.pods[0]?.metadata.labels;
  const services = servicesInFront(sources.services, namespace, podLabels);
  const held = heldAccelerators(part.pods);
  const urls = [...part.extraUrls, ...routedUrls(services, sources.ingresses, sources.httpRoutes, namespace)];
  const row: EndpointRow = {
    id: endpointId(part.kind, namespace, part.object.metadata.name),
    kind: part.kind,
    namespace,
    name: part.object.metadata.name,
    category: part.serverInfo.category,
    server: part.serverInfo.server,
    ...(part.model ? { model: part.model } : {}),
    openAI: part.serverInfo.openAI,
    health: part.health,
    desired: part.desired,
    ready: part.pods.filter((pod) => podIsReady(pod) && !pod.metadata.deletionTimestamp).length,
    gpus: held.devices,
    gpuResources: held.resources,
    urls,
    restarts: part.pods.reduce((sum, pod) => sum + podRestarts(pod), 0),
    ...(part.autoscalers[0] ? { autoscaler: part.autoscalers[0] } : {}),
    ...(part.deploymentMode ? { deploymentMode: part.deploymentMode } : {}),
    ...(part.object.metadata.creationTimestamp ? { createdAt: part.object.metadata.creationTimestamp } : {}),
  };
  return {
    row,
    serverInfo: part.serverInfo,
    pods: part.pods,
    services,
    workloads: part.workloads,
    ...(part.workloadKind ? { workloadKind: part.workloadKind } : {}),
    ...(part.kind === 'InferenceService' ? { inferenceService: part.object } : {}),
    autoscalers: part.autoscalers,
    portNames: portNamesOf(template, part.serverInfo.container),
  };
}

function isPredictorPod(pod: KubeObject): boolean {
  const component = pod.metadata.labels?.['component'];
  return component === undefined || component === 'predictor';
}

function inferenceServiceEndpoint(isvc: KubeObject, sources: EndpointSources): DiscoveredEndpoint {
  const like = isvc as unknown as InferenceServiceLike;
  const namespace = isvc.metadata.namespace ?? '';
  const name = isvc.metadata.name;
  const owned = (object: KubeObject) => object.metadata.namespace === namespace && object.metadata.labels?.[ISVC_LABEL] === name;
  const workloads = sources.deployments.filter((deployment) => owned(deployment) && (deployment.metadata.labels?.['component'] ?? 'predictor') === 'predictor');
  const pods = sources.pods.filter((pod) => owned(pod) && isPredictorPod(pod));
  const recognised = workloads.map((deployment) => recogniseTemplate(templateOf(deployment))).find((info) => info !== undefined);
  const fallback = inferenceServiceServer(like);
  const serverInfo: ServerInfo = recognised ? { ...recognised, server: 'kserve', openAI: recognised.openAI || fallback.openAI } : fallback;
  if (serverInfo.openAI && !serverInfo.apiPath) {
    serverInfo.apiPath = '/openai/v1';
  }
  const desired = workloads.length > 0 ? workloads.reduce((sum, deployment) => sum + workloadReplicas(deployment).desired, 0) : pods.length;
  const scaling = inferenceServiceScaling(like);
  const autoscalers = [...workloads.flatMap((deployment) => autoscalersFor('Deployment', deployment.metadata.name, namespace, sources.hpas, sources.scaledObjects)), ...(scaling ? [scaling] : [])];
  const mode = deploymentMode(like);
  return assemble(
    {
      kind: 'InferenceService',
      object: isvc,
      serverInfo,
      model: inferenceServiceModel(like),
      pods,
      workloads,
      workloadKind: 'Deployment',
      desired,
      health: inferenceServiceHealth(like),
      extraUrls: inferenceServiceUrls(like),
      autoscalers,
      ...(mode ? { deploymentMode: mode } : {}),
    },
    sources,
  );
}

function workloadEndpoint(kind: 'Deployment' | 'StatefulSet', workload: KubeObject, sources: EndpointSources): DiscoveredEndpoint | undefined {
  const recognised = recogniseTemplate(templateOf(workload));
  if (!recognised) {
    return undefined;
  }
  const { model, ...serverInfo } = recognised;
  const pods = podsOf(workload, sources.pods);
  const namespace = workload.metadata.namespace ?? '';
  return assemble(
    {
      kind,
      object: workload,
      serverInfo,
      model,
      pods,
      workloads: [workload],
      workloadKind: kind,
      desired: workloadReplicas(workload).desired,
      health: workloadHealth(workload, pods),
      extraUrls: [],
      autoscalers: autoscalersFor(kind, workload.metadata.name, namespace, sources.hpas, sources.scaledObjects),
    },
    sources,
  );
}

/** Every endpoint, sorted by namespace and name. */
export function discoverEndpoints(sources: EndpointSources): DiscoveredEndpoint[] {
  const isvcKeys = new Set(sources.inferenceServices.map((isvc) => `${isvc.metadata.namespace}/${isvc.metadata.name}`));
  const managedByKServe = (workload: KubeObject) => {
    const owner = workload.metadata.labels?.[ISVC_LABEL];
    return owner !== undefined && isvcKeys.has(`${workload.metadata.namespace}/${owner}`);
  };
  const found = [
    ...sources.inferenceServices.map((isvc) => inferenceServiceEndpoint(isvc, sources)),
    ...sources.deployments.filter((deployment) => !managedByKServe(deployment)).map((deployment) => workloadEndpoint('Deployment', deployment, sources)),
    ...sources.statefulSets.map((statefulSet) => workloadEndpoint('StatefulSet', statefulSet, sources)),
  ].filter((endpoint) => endpoint !== undefined);
  return found.sort((a, b) => a.row.namespace.localeCompare(b.row.namespace) || a.row.name.localeCompare(b.row.name) || a.row.kind.localeCompare(b.row.kind));
}
