/**
 * The StatefulSet + Service templates in resources/notebooks and the Kubeflow
 * Notebook object, filled with validated values. Values replace `${KEY}` only
 * inside parsed YAML strings, so no value can change the document's shape.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../shared/k8s/object';
import { NOTEBOOK_PORTS, type NotebookFlavor } from '../../shared/models/notebooks';
import { appError } from '../../shared/result';

/** Label on every object the app creates for a notebook; its value is the notebook's name. */
export const NOTEBOOK_LABEL = 'd.run/notebook';
export const FLAVOR_LABEL = 'd.run/notebook-flavor';

export interface NotebookValues {
  name: string;
  namespace: string;
  flavor: NotebookFlavor;
  image: string;
  gpus: number;
  gpuResource: string;
  /** Name of the Secret holding Jupyter's token. */
  tokenSecret: string;
}

function substitute(value: unknown, values: Record<string, string>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Z_]+)\}/g, (match, key: string) => values[key] ?? match);
  }
  if (Array.isArray(value)) {
    return value.map((item) => substitute(item, values));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, values)]));
  }
  return value;
}

interface ContainerShape {
  resources?: { limits?: Record<string, string | number>; requests?: Record<string, string | number> };
}

/** Sets the GPU limit (and the equal request, as extended resources require) on the first container. */
function setGpus(container: ContainerShape | undefined, gpus: number, resource: string): void {
  if (!container || gpus === 0) {
    return;
  }
  container.resources ??= {};
  container.resources.limits = { ...container.resources.limits, [resource]: String(gpus) };
  container.resources.requests = { ...container.resources.requests, [resource]: String(gpus) };
}

/** Renders the flavor's template into a StatefulSet and a Service. */
export async function renderStatefulSetTemplate(templatesDir: string, values: NotebookValues): Promise<KubeObject[]> {
  const path = join(templatesDir, `${values.flavor}.yaml`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw appError('Internal', `The notebook template ${path} cannot be read (${(error as Error).message}); reinstall the app.`);
  }
  const documents = parseAllDocuments(text).map((document) => document.toJS() as KubeObject);
  const replacements = { NAME: values.name, NAMESPACE: values.namespace, IMAGE: values.image, TOKEN_SECRET: values.tokenSecret };
  const objects = documents.map((document) => substitute(document, replacements) as KubeObject);
  const statefulSet = objects.find((object) => object.kind === 'StatefulSet');
  if (!statefulSet) {
    throw appError('Internal', `The notebook template ${path} has no StatefulSet; restore the file.`);
  }
  const spec = statefulSet['spec'] as { template?: { spec?: { containers?: ContainerShape[] } } } | undefined;
  setGpus(spec?.template?.spec?.containers?.[0], values.gpus, values.gpuResource);
  return objects;
}

/** Builds a kubeflow.org/v1 Notebook; the Kubeflow controller makes the StatefulSet and Service. */
export function kubeflowNotebook(values: NotebookValues): KubeObject {
  const container: ContainerShape & Record<string, unknown> = {
    name: values.name,
    image: values.image,
    ports: [{ name: 'notebook-port', containerPort: NOTEBOOK_PORTS[values.flavor], protocol: 'TCP' }],
    resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '4', memory: '16Gi' } },
  };
  if (values.flavor === 'jupyter') {
    container['env'] = [{ name: 'JUPYTER_TOKEN', valueFrom: { secretKeyRef: { name: values.tokenSecret, key: 'token' } } }];
  }
  setGpus(container, values.gpus, values.gpuResource);
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'Notebook',
    metadata: { name: values.name, namespace: values.namespace, labels: { [NOTEBOOK_LABEL]: values.name, [FLAVOR_LABEL]: values.flavor } },
    spec: { template: { spec: { containers: [container] } } },
  };
}

/** The Secret with Jupyter's token, owned by nothing so that a stop keeps it. */
export function tokenSecret(values: NotebookValues, token: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: values.tokenSecret, namespace: values.namespace, labels: { [NOTEBOOK_LABEL]: values.name } },
    type: 'Opaque',
    stringData: { token },
  } as KubeObject;
}
