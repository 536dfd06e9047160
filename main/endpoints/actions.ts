/**
 * The Endpoints screen's writes: scale, restart, and deploy from a template
 * (dry run first, then server-side apply with field manager drun-desktop).
 * Each returns the equivalent kubectl command for the confirmation dialog.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import type { DiscoveredEndpoint } from '../../shared/endpoints/discover';
import { deployInputProblems, fillTemplate } from '../../shared/endpoints/templates';
import { DEPLOYMENTS, INFERENCE_SERVICES, RESTARTED_AT_ANNOTATION, SERVICES, STATEFULSETS } from '../../shared/k8s/endpoints-gvr';
import { objectPath, type GroupVersionResource } from '../../shared/k8s/gvr';
import type { KubeObject } from '../../shared/k8s/object';
import type { DeployInput, DeployPreview, DeployResult, DryRunOutcome, RestartResult, ScaleResult } from '../../shared/models/endpoints';
import { endpointId } from '../../shared/models/endpoints';
import { appError } from '../../shared/result';
import { kubeJson, KubeRequestError } from '../clusters/request';
import { toAppError } from '../transport/errors';
import type { EndpointTemplates } from './templates';

export const FIELD_MANAGER = 'drun-desktop';

const MERGE_PATCH = 'application/merge-patch+json';

const BY_KIND: Record<string, GroupVersionResource> = {
  Deployment: DEPLOYMENTS,
  StatefulSet: STATEFULSETS,
  Service: SERVICES,
  InferenceService: INFERENCE_SERVICES,
};

function gvrOf(object: KubeObject): GroupVersionResource {
  const gvr = BY_KIND[object.kind ?? ''];
  if (!gvr) {
    throw appError('Internal', `The endpoint template holds a ${object.kind ?? 'kindless'} object, which the deploy step cannot apply; remove it from the template.`);
  }
  return gvr;
}

/** Sets the replicas: the workload's scale subresource, or an InferenceService's predictor bounds. */
export async function scaleEndpoint(kc: KubeConfig, endpoint: DiscoveredEndpoint, replicas: number): Promise<ScaleResult> {
  const { namespace, name } = endpoint.row;
  const autoscaler = endpoint.autoscalers.find((candidate) => candidate.kind !== 'KServe') ?? endpoint.autoscalers[0];
  const autoscaledBy = autoscaler ? `${autoscaler.kind}/${autoscaler.name}` : undefined;
  if (endpoint.inferenceService) {
    const maxReplicas = (endpoint.inferenceService['spec'] as { predictor?: { maxReplicas?: number } } | undefined)?.predictor?.maxReplicas;
    const predictor = { minReplicas: replicas, ...(maxReplicas !== undefined && maxReplicas < replicas ? { maxReplicas: replicas } : {}) };
    await kubeJson(kc, objectPath(INFERENCE_SERVICES, name, namespace), { method: 'PATCH', contentType: MERGE_PATCH, query: { fieldManager: FIELD_MANAGER }, body: { spec: { predictor } } });
    const command = `kubectl -n ${namespace} patch inferenceservice/${name} --type=merge -p '${JSON.stringify({ spec: { predictor } })}'`;
    return { replicas, ...(autoscaledBy ? { autoscaledBy } : {}), kubectl: command };
  }
  const workload = endpoint.workloads[0];
  if (!workload || !endpoint.workloadKind) {
    throw appError('NotFound', `Endpoint ${endpoint.row.id} has no Deployment or StatefulSet to scale.`);
  }
  const gvr = BY_KIND[endpoint.workloadKind]!;
  await kubeJson(kc, objectPath(gvr, workload.metadata.name, namespace, 'scale'), {
    method: 'PATCH',
    contentType: MERGE_PATCH,
    query: { fieldManager: FIELD_MANAGER },
    body: { spec: { replicas } },
  });
  const kubectl = `kubectl -n ${namespace} scale ${endpoint.workloadKind.toLowerCase()}/${workload.metadata.name} --replicas=${replicas}`;
  return { replicas, ...(autoscaledBy ? { autoscaledBy } : {}), kubectl };
}

/**
 * Rolls every pod by stamping the pod template, as `kubectl rollout restart`
 * does. KServe owns its predictor Deployment, so an InferenceService gets the
 * annotation on `spec.predictor.annotations`, which KServe copies to the pods.
 */
export async function restartEndpoint(kc: KubeConfig, endpoint: DiscoveredEndpoint, now = new Date()): Promise<RestartResult> {
  const { namespace, name } = endpoint.row;
  const restartedAt = now.toISOString();
  const annotations = { [RESTARTED_AT_ANNOTATION]: restartedAt };
  if (endpoint.inferenceService) {
    const body = { spec: { predictor: { annotations } } };
    await kubeJson(kc, objectPath(INFERENCE_SERVICES, name, namespace), { method: 'PATCH', contentType: MERGE_PATCH, query: { fieldManager: FIELD_MANAGER }, body });
    return { restartedAt, kubectl: `kubectl -n ${namespace} patch inferenceservice/${name} --type=merge -p '${JSON.stringify(body)}'` };
  }
  const workload = endpoint.workloads[0];
  if (!workload || !endpoint.workloadKind) {
    throw appError('NotFound', `Endpoint ${endpoint.row.id} has no Deployment or StatefulSet to restart.`);
  }
  const body = { spec: { template: { metadata: { annotations } } } };
  await kubeJson(kc, objectPath(BY_KIND[endpoint.workloadKind]!, workload.metadata.name, namespace), {
    method: 'PATCH',
    contentType: MERGE_PATCH,
    query: { fieldManager: FIELD_MANAGER },
    body,
  });
  return { restartedAt, kubectl: `kubectl -n ${namespace} rollout restart ${endpoint.workloadKind.toLowerCase()}/${workload.metadata.name}` };
}

async function objectExists(kc: KubeConfig, object: KubeObject): Promise<boolean> {
  try {
    await kubeJson(kc, objectPath(gvrOf(object), object.metadata.name, object.metadata.namespace));
    return true;
  } catch (error) {
    if (error instanceof KubeRequestError && error.code === 404) {
      return false;
    }
    throw error;
  }
}

async function applyOne(kc: KubeConfig, object: KubeObject, dryRun: boolean): Promise<DryRunOutcome> {
  const ref = { kind: object.kind ?? '', name: object.metadata.name, namespace: object.metadata.namespace ?? '' };
  try {
    const existed = await objectExists(kc, object);
    await kubeJson(kc, objectPath(gvrOf(object), object.metadata.name, object.metadata.namespace), {
      method: 'PATCH',
      contentType: 'application/apply-patch+yaml',
      query: { fieldManager: FIELD_MANAGER, ...(dryRun ? { dryRun: 'All' } : {}) },
      // JSON is YAML, so the apply patch is the object as JSON.
      body: object,
    });
    return { ...ref, outcome: existed ? 'configured' : 'created' };
  } catch (error) {
    return { ...ref, outcome: 'failed', message: toAppError(error).message };
  }
}

async function filledObjects(templates: EndpointTemplates, input: DeployInput): Promise<KubeObject[]> {
  const problems = deployInputProblems(input);
  if (problems.length > 0) {
    throw appError('InvalidInput', problems.join('\n'));
  }
  return fillTemplate(await templates.load(input.template), input);
}

function applyCommand(input: DeployInput, dryRun: boolean): string {
  return `kubectl apply --server-side --field-manager=${FIELD_MANAGER}${dryRun ? ' --dry-run=server' : ''} -f ${input.name}.yaml`;
}

export async function previewDeploy(kc: KubeConfig, templates: EndpointTemplates, input: DeployInput): Promise<DeployPreview> {
  const objects = await filledObjects(templates, input);
  const outcomes = await Promise.all(objects.map((object) => applyOne(kc, object, true)));
  const yaml = objects.map((object) => stringify(object)).join('---\n');
  return { yaml, outcomes, kubectl: applyCommand(input, true) };
}

/** Applies the objects in template order; stops at the first failure so nothing half-configured follows it. */
export async function deploy(kc: KubeConfig, templates: EndpointTemplates, input: DeployInput): Promise<DeployResult> {
  const objects = await filledObjects(templates, input);
  const outcomes: DryRunOutcome[] = [];
  for (const object of objects) {
    const outcome = await applyOne(kc, object, false);
    outcomes.push(outcome);
    if (outcome.outcome === 'failed') {
      break;
    }
  }
  const workload = objects.find((object) => object.kind === 'Deployment' || object.kind === 'StatefulSet');
  const id = endpointId(workload?.kind === 'StatefulSet' ? 'StatefulSet' : 'Deployment', input.namespace, input.name);
  return { outcomes, id, kubectl: applyCommand(input, false) };
}
