/** YAML of the planned objects, as the review step shows them; server-side apply receives the same objects as JSON. */
import { stringify } from 'yaml';
import type { KubeObject } from '../../shared/k8s/object';

export function objectYaml(object: KubeObject): string {
  return stringify(object, { lineWidth: 0 });
}

/** Joins the YAML of several objects with `---` separators. */
export function combinedYaml(objects: readonly KubeObject[]): string {
  return objects.map(objectYaml).join('---\n');
}
