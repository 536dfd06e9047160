/**
 * Resources of the Endpoints screen, keyed by GVR: the workloads that serve
 * models and apps, what routes traffic to them, what scales them, and KServe.
 */
import type { GroupVersionResource } from './gvr';

export const DEPLOYMENTS: GroupVersionResource = { group: 'apps', version: 'v1', resource: 'deployments', namespaced: true, kind: 'Deployment' };
export const STATEFULSETS: GroupVersionResource = { group: 'apps', version: 'v1', resource: 'statefulsets', namespaced: true, kind: 'StatefulSet' };
export const SERVICES: GroupVersionResource = { group: '', version: 'v1', resource: 'services', namespaced: true, kind: 'Service' };
export const INGRESSES: GroupVersionResource = { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses', namespaced: true, kind: 'Ingress' };
export const HORIZONTAL_POD_AUTOSCALERS: GroupVersionResource = { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers', namespaced: true, kind: 'HorizontalPodAutoscaler' };

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';
export const KEDA_GROUP = 'keda.sh';
export const KSERVE_GROUP = 'serving.kserve.io';

/** Gateway API versions that serve HTTPRoute, preferred first (v1 since Gateway API 1.0). */
export const HTTPROUTE_VERSIONS = ['v1', 'v1beta1'] as const;

export function httpRoutes(version: string): GroupVersionResource {
  return { group: GATEWAY_GROUP, version, resource: 'httproutes', namespaced: true, kind: 'HTTPRoute' };
}

export const SCALED_OBJECTS: GroupVersionResource = { group: KEDA_GROUP, version: 'v1alpha1', resource: 'scaledobjects', namespaced: true, kind: 'ScaledObject' };
export const INFERENCE_SERVICES: GroupVersionResource = { group: KSERVE_GROUP, version: 'v1beta1', resource: 'inferenceservices', namespaced: true, kind: 'InferenceService' };

/** Annotation `kubectl rollout restart` sets on the pod template; a new value rolls every pod. */
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/** Label KServe puts on every pod and Deployment of an InferenceService. */
export const ISVC_LABEL = 'serving.kserve.io/inferenceservice';

/** Picks the HTTPRoute version to read from the versions discovery lists. */
export function pickHttpRouteVersion(served: readonly string[]): string | undefined {
  return HTTPROUTE_VERSIONS.find((version) => served.includes(version));
}
