/** Trims what no view reads before an object enters the cache, to keep memory near the listed JSON. */
import type { KubeObject } from '../../shared/k8s/object';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

interface PodSpecParts {
  volumes?: unknown;
  tolerations?: unknown;
  containers?: Array<{ volumeMounts?: unknown }>;
  initContainers?: Array<{ volumeMounts?: unknown }>;
  ephemeralContainers?: Array<{ volumeMounts?: unknown }>;
}

/**
 * Drops volumes, volume mounts and tolerations: about a quarter of a listed
 * pod's JSON without managedFields, because the service-account token volume
 * and the default tolerations are on every pod. No list view shows them, so
 * a screen that needs them reads the one pod.
 */
function stripPodSpec(spec: PodSpecParts | undefined): void {
  if (!spec) {
    return;
  }
  delete spec.volumes;
  delete spec.tolerations;
  for (const container of [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])]) {
    delete container.volumeMounts;
  }
}

export function stripObject<T extends KubeObject>(object: T): T {
  const metadata = object.metadata;
  delete metadata.managedFields;
  if (metadata.annotations && LAST_APPLIED in metadata.annotations) {
    delete metadata.annotations[LAST_APPLIED];
  }
  if (object.kind === 'Pod') {
    stripPodSpec((object as { spec?: PodSpecParts }).spec);
  }
  return object;
}
