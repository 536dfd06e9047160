/** YAML of the planned objects, as the review step shows them; server-side apply receives the same objects as JSON. */
import { stringify } from 'yaml';
import type { KubeObject } from '../../shared/k8s/object';

export function objectYaml(object: KubeObject): string {
  return stringify(object, { lineWidth: 0 });
}

/** The combined YAML of several objects, separated by `---`. */
export function combinedYaml(objects: readonly KubeObject[]): string {
  return objects.map(objectYaml).join('---\n');
}
