/** Trims what no view reads before an object enters the cache, to keep memory near the listed JSON. */
import type { KubeObject } from '../../shared/k8s/object';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export function stripObject<T extends KubeObject>(object: T): T {
  const metadata = object.metadata;
  delete metadata.managedFields;
  if (metadata.annotations && LAST_APPLIED in metadata.annotations) {
    delete metadata.annotations[LAST_APPLIED];
  }
  return object;
}
