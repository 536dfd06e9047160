/**
 * Reads what scales a workload: a HorizontalPodAutoscaler (autoscaling/v2)
 * or a KEDA ScaledObject (keda.sh/v1alpha1). KEDA drives its own HPA named
 * `keda-hpa-<name>`, owned by the ScaledObject; that HPA's replica counts
 * are folded into the ScaledObject instead of being listed twice.
 */
import type { KubeObject } from '../k8s/object';
import type { AutoscalerInfo, EndpointCondition } from '../models/endpoints';

interface ScaleTargetRef {
  kind?: string;
  name: string;
}

interface MetricTarget {
  type?: string;
  averageUtilization?: number;
  averageValue?: string;
  value?: string;
}

interface HpaMetric {
  type: string;
  resource?: { name: string; target?: MetricTarget };
  containerResource?: { name: string; target?: MetricTarget };
  pods?: { metric?: { name?: string } };
  object?: { metric?: { name?: string } };
  external?: { metric?: { name?: string } };
}

interface HpaLike {
  spec?: { scaleTargetRef?: ScaleTargetRef; minReplicas?: number; maxReplicas?: number; metrics?: HpaMetric[] };
  status?: { currentReplicas?: number; desiredReplicas?: number; conditions?: EndpointCondition[] };
}

interface ScaledObjectLike {
  spec?: { scaleTargetRef?: ScaleTargetRef; minReplicaCount?: number; maxReplicaCount?: number; triggers?: Array<{ type?: string }> };
  status?: { conditions?: EndpointCondition[]; hpaName?: string };
}

/** KEDA's annotation that pauses scaling at a fixed replica count. */
const KEDA_PAUSED_REPLICAS = 'autoscaling.keda.sh/paused-replicas';

function targets(ref: ScaleTargetRef | undefined, kind: string, name: string): boolean {
  // KEDA and the HPA both default an absent kind to Deployment.
  return ref?.name === name && (ref.kind ?? 'Deployment') === kind;
}

function describeTarget(target: MetricTarget | undefined): string {
  if (target?.averageUtilization !== undefined) {
    return `${target.averageUtilization}%`;
  }
  return target?.averageValue ?? target?.value ?? '';
}

function metricText(metric: HpaMetric): string {
  const resource = metric.resource ?? metric.containerResource;
  if (resource) {
    return `${resource.name} ${describeTarget(resource.target)}`.trim();
  }
  return metric.pods?.metric?.name ?? metric.object?.metric?.name ?? metric.external?.metric?.name ?? metric.type;
}

function condition(conditions: readonly EndpointCondition[] | undefined, type: string): EndpointCondition | undefined {
  return conditions?.find((entry) => entry.type === type);
}

function hpaState(conditions: readonly EndpointCondition[] | undefined): Pick<AutoscalerInfo, 'state' | 'message'> {
  const active = condition(conditions, 'ScalingActive');
  const able = condition(conditions, 'AbleToScale');
  const limited = condition(conditions, 'ScalingLimited');
  if (active?.status === 'False' && active.reason === 'ScalingDisabled') {
    return { state: 'paused', ...(active.message ? { message: active.message } : {}) };
  }
  for (const failing of [active, able]) {
    if (failing?.status === 'False') {
      return { state: 'error', ...(failing.message ? { message: failing.message } : {}) };
    }
  }
  if (limited?.status === 'True') {
    return { state: 'limited', ...(limited.message ? { message: limited.message } : {}) };
  }
  return active ? { state: 'active' } : {};
}

function hpaInfo(hpa: KubeObject): AutoscalerInfo {
  const { spec, status } = hpa as unknown as HpaLike;
  return {
    kind: 'HorizontalPodAutoscaler',
    name: hpa.metadata.name,
    min: spec?.minReplicas ?? 1,
    ...(spec?.maxReplicas !== undefined ? { max: spec.maxReplicas } : {}),
    ...(status?.currentReplicas !== undefined ? { current: status.currentReplicas } : {}),
    ...(status?.desiredReplicas !== undefined ? { desired: status.desiredReplicas } : {}),
    metrics: (spec?.metrics ?? []).map(metricText),
    ...hpaState(status?.conditions),
  };
}

function scaledObjectState(object: KubeObject): Pick<AutoscalerInfo, 'state' | 'message'> {
  const conditions = (object as unknown as ScaledObjectLike).status?.conditions;
  const ready = condition(conditions, 'Ready');
  if (object.metadata.annotations?.[KEDA_PAUSED_REPLICAS] !== undefined || condition(conditions, 'Paused')?.status === 'True') {
    return { state: 'paused' };
  }
  if (ready?.status === 'False') {
    return { state: 'error', ...(ready.message ? { message: ready.message } : {}) };
  }
  const active = condition(conditions, 'Active');
  if (active) {
    return { state: active.status === 'True' ? 'active' : 'idle', ...(active.message ? { message: active.message } : {}) };
  }
  return {};
}

function scaledObjectInfo(object: KubeObject, hpas: readonly KubeObject[]): AutoscalerInfo {
  const { spec, status } = object as unknown as ScaledObjectLike;
  const hpaName = status?.hpaName ?? `keda-hpa-${object.metadata.name}`;
  const hpa = hpas.find((candidate) => candidate.metadata.name === hpaName && candidate.metadata.namespace === object.metadata.namespace);
  const hpaStatus = (hpa as unknown as HpaLike | undefined)?.status;
  return {
    kind: 'ScaledObject',
    name: object.metadata.name,
    min: spec?.minReplicaCount ?? 0,
    max: spec?.maxReplicaCount ?? 100,
    ...(hpaStatus?.currentReplicas !== undefined ? { current: hpaStatus.currentReplicas } : {}),
    ...(hpaStatus?.desiredReplicas !== undefined ? { desired: hpaStatus.desiredReplicas } : {}),
    metrics: (spec?.triggers ?? []).map((trigger) => trigger.type ?? 'trigger'),
    ...scaledObjectState(object),
  };
}

function ownedByScaledObject(hpa: KubeObject): boolean {
  return (hpa.metadata.ownerReferences ?? []).some((owner) => owner.kind === 'ScaledObject');
}

/** Autoscalers that target `<kind>/<name>` in `namespace`, KEDA first. */
export function autoscalersFor(
  kind: string,
  name: string,
  namespace: string,
  hpas: readonly KubeObject[],
  scaledObjects: readonly KubeObject[],
): AutoscalerInfo[] {
  const local = hpas.filter((hpa) => hpa.metadata.namespace === namespace);
  const keda = scaledObjects
    .filter((object) => object.metadata.namespace === namespace && targets((object as unknown as ScaledObjectLike).spec?.scaleTargetRef, kind, name))
    .map((object) => scaledObjectInfo(object, local));
  const plain = local
    .filter((hpa) => !ownedByScaledObject(hpa) && targets((hpa as unknown as HpaLike).spec?.scaleTargetRef, kind, name))
    .map(hpaInfo);
  return [...keda, ...plain];
}
