/**
 * Reads KServe InferenceServices (`serving.kserve.io/v1beta1`): deployment
 * mode, conditions, URLs, traffic split, model status and the predictor's
 * own scaling bounds. KServe before 0.16 names the modes Serverless and
 * RawDeployment; later releases name them Knative and Standard and accept
 * the old names, so both map to the new ones here.
 */
import type { AutoscalerInfo, EndpointCondition, EndpointHealth, EndpointUrl, ModelStatus, ServerInfo, TrafficTarget } from '../models/endpoints';
import { flagValue } from './recognise';

export const DEPLOYMENT_MODE_ANNOTATION = 'serving.kserve.io/deploymentMode';
export const AUTOSCALER_CLASS_ANNOTATION = 'serving.kserve.io/autoscalerClass';

interface ComponentStatus {
  url?: string;
  restUrl?: string;
  traffic?: Array<{ tag?: string; revisionName?: string; percent?: number; latestRevision?: boolean }>;
  latestReadyRevision?: string;
}

interface PredictorSpec {
  minReplicas?: number;
  maxReplicas?: number;
  scaleMetric?: string;
  scaleTarget?: number;
  model?: {
    modelFormat?: { name?: string };
    runtime?: string;
    storageUri?: string;
    image?: string;
    args?: string[];
    ports?: Array<{ containerPort: number; name?: string }>;
  };
  containers?: Array<{ name: string; image?: string; args?: string[]; command?: string[] }>;
}

export interface InferenceServiceLike {
  metadata: { name: string; namespace?: string; annotations?: Record<string, string>; creationTimestamp?: string };
  spec?: { predictor?: PredictorSpec };
  status?: {
    url?: string;
    address?: { url?: string };
    conditions?: EndpointCondition[];
    components?: Record<string, ComponentStatus | undefined>;
    modelStatus?: {
      transitionStatus?: string;
      states?: { activeModelState?: string; targetModelState?: string };
      lastFailureInfo?: { reason?: string; message?: string };
    };
    deploymentMode?: string;
  };
}

/** Maps both generations of mode names onto Knative, Standard and ModelMesh; unknown names pass through. */
export function normaliseDeploymentMode(mode: string | undefined): string | undefined {
  if (!mode) {
    return undefined;
  }
  const lower = mode.toLowerCase();
  if (lower.includes('serverless') || lower.includes('knative')) {
    return 'Knative';
  }
  if (lower.includes('rawdeployment') || lower.includes('standard')) {
    return 'Standard';
  }
  if (lower.includes('modelmesh')) {
    return 'ModelMesh';
  }
  return mode;
}

/** The mode the controller reported, else the one the annotation asked for. */
export function deploymentMode(isvc: InferenceServiceLike): string | undefined {
  return normaliseDeploymentMode(isvc.status?.deploymentMode ?? isvc.metadata.annotations?.[DEPLOYMENT_MODE_ANNOTATION]);
}

export function conditionOf(conditions: readonly EndpointCondition[] | undefined, type: string): EndpointCondition | undefined {
  return conditions?.find((condition) => condition.type === type);
}

const FAILED_TRANSITIONS = new Set(['BlockedByFailedLoad', 'InvalidSpec']);

/** Ready when the Ready condition is True; failed when a model failed to load; progressing otherwise. */
export function inferenceServiceHealth(isvc: InferenceServiceLike): EndpointHealth {
  const status = isvc.status;
  if (!status?.conditions?.length) {
    return 'unknown';
  }
  if (FAILED_TRANSITIONS.has(status.modelStatus?.transitionStatus ?? '') || status.modelStatus?.states?.activeModelState === 'FailedToLoad') {
    return 'failed';
  }
  if (conditionOf(status.conditions, 'Stopped')?.status === 'True') {
    return 'scaledToZero';
  }
  const ready = conditionOf(status.conditions, 'Ready');
  if (ready?.status === 'True') {
    return 'ready';
  }
  return ready?.status === 'False' && ready.reason && /fail|error/i.test(ready.reason) ? 'failed' : 'progressing';
}

/** True for cluster-internal host names (`*.svc`, `*.cluster.local`), which only a forward reaches. */
function isInternal(url: string): boolean {
  const host = /^[a-z][a-z0-9+.-]*:\/\/([^/:?#]+)/i.exec(url)?.[1]?.toLowerCase();
  return host === undefined || host.endsWith('.svc') || host.endsWith('.cluster.local');
}

/** The InferenceService's own URLs: the public one, the cluster-internal address and the predictor's. */
export function inferenceServiceUrls(isvc: InferenceServiceLike): EndpointUrl[] {
  const name = isvc.metadata.name;
  const candidates = [isvc.status?.url, isvc.status?.address?.url, isvc.status?.components?.['predictor']?.url];
  const seen = new Set<string>();
  const urls: EndpointUrl[] = [];
  for (const url of candidates) {
    if (url && !seen.has(url)) {
      seen.add(url);
      urls.push({ url, source: 'kserve', name, external: !isInternal(url) });
    }
  }
  return urls;
}

/** Traffic of every component; in Standard mode there are no revisions, so the list is empty. */
export function inferenceServiceTraffic(isvc: InferenceServiceLike): TrafficTarget[] {
  const components = isvc.status?.components ?? {};
  return Object.entries(components).flatMap(([component, status]) =>
    (status?.traffic ?? []).map((entry) => ({
      component,
      ...(entry.revisionName ? { revision: entry.revisionName } : {}),
      ...(entry.tag ? { tag: entry.tag } : {}),
      percent: entry.percent ?? 0,
      latest: entry.latestRevision ?? false,
    })),
  );
}

export function inferenceServiceModelStatus(isvc: InferenceServiceLike): ModelStatus | undefined {
  const status = isvc.status?.modelStatus;
  if (!status) {
    return undefined;
  }
  const failure = status.lastFailureInfo ? [status.lastFailureInfo.reason, status.lastFailureInfo.message].filter(Boolean).join(': ') : undefined;
  return {
    ...(status.transitionStatus ? { transition: status.transitionStatus } : {}),
    ...(status.states?.activeModelState ? { activeState: status.states.activeModelState } : {}),
    ...(status.states?.targetModelState ? { targetState: status.states.targetModelState } : {}),
    ...(failure ? { failure } : {}),
  };
}

/** The served model name: `--model_name` of the predictor, else the InferenceService's name (KServe's default). */
export function inferenceServiceModel(isvc: InferenceServiceLike): string {
  const args = isvc.spec?.predictor?.model?.args ?? isvc.spec?.predictor?.containers?.[0]?.args ?? [];
  return flagValue(args, ['--model_name']) ?? isvc.metadata.name;
}

/**
 * What serves the predictor when its pods cannot be read: a Hugging Face
 * model format runs KServe's Hugging Face server, which has the OpenAI API
 * under /openai/v1 on port 8080.
 */
export function inferenceServiceServer(isvc: InferenceServiceLike): ServerInfo {
  const model = isvc.spec?.predictor?.model;
  const format = model?.modelFormat?.name ?? model?.runtime ?? 'custom';
  const openAI = /huggingface|vllm/i.test(format);
  const port = model?.ports?.[0]?.containerPort ?? Number(flagValue(model?.args ?? [], ['--http_port']) ?? 8080);
  return {
    server: 'kserve',
    category: 'model',
    evidence: `InferenceService model format ${format}`,
    openAI,
    ...(openAI ? { apiPath: '/openai/v1' } : {}),
    port,
    metricsPort: port,
    metricsPath: '/metrics',
    container: 'kserve-container',
    image: model?.image ?? '',
  };
}

/** The predictor's replica bounds and autoscaler class, as KServe reads them. */
export function inferenceServiceScaling(isvc: InferenceServiceLike): AutoscalerInfo | undefined {
  const predictor = isvc.spec?.predictor;
  if (!predictor || (predictor.minReplicas === undefined && predictor.maxReplicas === undefined && !predictor.scaleMetric)) {
    return undefined;
  }
  const autoscalerClass = isvc.metadata.annotations?.[AUTOSCALER_CLASS_ANNOTATION];
  const metric = predictor.scaleMetric ? `${predictor.scaleMetric}${predictor.scaleTarget !== undefined ? ` ${predictor.scaleTarget}` : ''}` : undefined;
  return {
    kind: 'KServe',
    name: isvc.metadata.name,
    ...(predictor.minReplicas !== undefined ? { min: predictor.minReplicas } : {}),
    ...(predictor.maxReplicas !== undefined ? { max: predictor.maxReplicas } : {}),
    metrics: [...(autoscalerClass ? [`class ${autoscalerClass}`] : []), ...(metric ? [metric] : [])],
  };
}
