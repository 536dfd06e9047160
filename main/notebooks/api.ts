/**
 * The notebook's objects in the cluster, for both backends: a Kubeflow
 * Notebook where the cluster serves kubeflow.org/v1 notebooks, otherwise the
 * StatefulSet, Service and token Secret made from the app's templates.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '../../shared/k8s/object';
import type { NotebookBackend, NotebookFlavor, NotebookInfo, NotebookState } from '../../shared/models/notebooks';
import { appError } from '../../shared/result';
import { KubeRequestError, kubeJson } from '../clusters/request';
import { FLAVOR_LABEL, NOTEBOOK_LABEL, kubeflowNotebook, renderStatefulSetTemplate, tokenSecret, type NotebookValues } from './template';

/** The annotation Kubeflow's controller reads to scale a Notebook to zero. */
export const KUBEFLOW_STOP_ANNOTATION = 'kubeflow-resource-stopped';
const MERGE_PATCH = 'application/merge-patch+json';

export interface NotebookRef {
  contextId: string;
  namespace: string;
  name: string;
}

export interface EnsureInput extends NotebookRef {
  flavor: NotebookFlavor;
  image: string;
  gpus: number;
  gpuResource: string;
}

export interface NotebookApi {
  backend(): Promise<NotebookBackend>;
  /** Creates the notebook, or starts it when it exists and is stopped; returns its flavor and backend. */
  ensureRunning(input: EnsureInput, token: string): Promise<{ flavor: NotebookFlavor; backend: NotebookBackend }>;
  list(contextId: string, namespace: string): Promise<NotebookInfo[]>;
  stop(ref: NotebookRef): Promise<NotebookInfo>;
  delete(ref: NotebookRef): Promise<void>;
}

interface WorkloadObject extends KubeObject {
  spec?: { replicas?: number; template?: { spec?: { containers?: ContainerShape[] } } };
  status?: { readyReplicas?: number; replicas?: number; containerState?: unknown };
}

interface ContainerShape {
  image?: string;
  resources?: { limits?: Record<string, string> };
}

const isNotFound = (error: unknown): boolean => error instanceof KubeRequestError && error.code === 404;
const isConflict = (error: unknown): boolean => error instanceof KubeRequestError && error.code === 409;

function ns(namespace: string): string {
  return encodeURIComponent(namespace);
}

function paths(namespace: string) {
  return {
    statefulSets: `/apis/apps/v1/namespaces/${ns(namespace)}/statefulsets`,
    services: `/api/v1/namespaces/${ns(namespace)}/services`,
    secrets: `/api/v1/namespaces/${ns(namespace)}/secrets`,
    notebooks: `/apis/kubeflow.org/v1/namespaces/${ns(namespace)}/notebooks`,
  };
}

/** GPUs in the first container's limits: the largest count under any resource name that is not cpu, memory or storage. */
function gpuCount(container: ContainerShape | undefined): number {
  const limits = container?.resources?.limits ?? {};
  const counts = Object.entries(limits)
    .filter(([name]) => name.includes('/') && !name.startsWith('hugepages-'))
    .map(([, value]) => Number(value))
    .filter((value) => Number.isFinite(value));
  return counts.length > 0 ? Math.max(...counts) : 0;
}

function infoOf(contextId: string, backend: NotebookBackend, object: WorkloadObject, state: NotebookState): NotebookInfo {
  const container = object.spec?.template?.spec?.containers?.[0];
  const flavor = object.metadata.labels?.[FLAVOR_LABEL] === 'code-server' ? 'code-server' : 'jupyter';
  return {
    contextId,
    namespace: object.metadata.namespace ?? '',
    name: object.metadata.name,
    backend,
    flavor,
    image: container?.image ?? '',
    gpus: gpuCount(container),
    state,
    ...(object.metadata.creationTimestamp ? { createdAt: object.metadata.creationTimestamp } : {}),
  };
}

function statefulSetState(object: WorkloadObject): NotebookState {
  if (object.spec?.replicas === 0) return 'stopped';
  return (object.status?.readyReplicas ?? 0) >= 1 ? 'ready' : 'starting';
}

function kubeflowState(object: WorkloadObject): NotebookState {
  if (object.metadata.annotations?.[KUBEFLOW_STOP_ANNOTATION]) return 'stopped';
  return (object.status?.readyReplicas ?? 0) >= 1 ? 'ready' : 'starting';
}

async function createIgnoringConflict(kubeConfig: KubeConfig, path: string, body: KubeObject): Promise<void> {
  try {
    await kubeJson(kubeConfig, path, { method: 'POST', body });
  } catch (error) {
    // A leftover object of an earlier launch (a Service, the token Secret) is reused as it is.
    if (!isConflict(error)) throw error;
  }
}

async function deleteIgnoringMissing(kubeConfig: KubeConfig, path: string): Promise<void> {
  try {
    await kubeJson(kubeConfig, path, { method: 'DELETE', body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' } });
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

async function getOrUndefined<T>(kubeConfig: KubeConfig, path: string): Promise<T | undefined> {
  try {
    return await kubeJson<T>(kubeConfig, path);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export function createNotebookApi(kubeConfig: KubeConfig, templatesDir: string): NotebookApi {
  let backend: Promise<NotebookBackend> | undefined;

  const detect = (): Promise<NotebookBackend> => {
    backend ??= kubeJson<{ resources?: { name: string }[] }>(kubeConfig, '/apis/kubeflow.org/v1')
      .then((list) => (list.resources?.some((resource) => resource.name === 'notebooks') ? 'kubeflow' : 'statefulset') as NotebookBackend)
      .catch((error: unknown) => {
        if (isNotFound(error)) return 'statefulset';
        throw error;
      });
    return backend;
  };

  const values = (input: EnsureInput): NotebookValues => ({ ...input, tokenSecret: `${input.name}-token` });

  const ensureStatefulSet = async (input: EnsureInput, token: string): Promise<NotebookFlavor> => {
    const path = paths(input.namespace);
    const existing = await getOrUndefined<WorkloadObject>(kubeConfig, `${path.statefulSets}/${encodeURIComponent(input.name)}`);
    if (existing) {
      if (existing.metadata.labels?.[NOTEBOOK_LABEL] !== input.name) {
        throw appError('Conflict', `StatefulSet ${input.namespace}/${input.name} exists but is not a d.run notebook (no ${NOTEBOOK_LABEL} label); choose another name.`);
      }
      if (existing.spec?.replicas === 0) {
        await kubeJson(kubeConfig, `${path.statefulSets}/${encodeURIComponent(input.name)}`, { method: 'PATCH', contentType: MERGE_PATCH, body: { spec: { replicas: 1 } } });
      }
      return existing.metadata.labels?.[FLAVOR_LABEL] === 'code-server' ? 'code-server' : 'jupyter';
    }
    const [statefulSet, ...rest] = await renderStatefulSetTemplate(templatesDir, values(input)).then((objects) => [
      ...objects.filter((object) => object.kind === 'StatefulSet'),
      ...objects.filter((object) => object.kind !== 'StatefulSet'),
    ]);
    if (input.flavor === 'jupyter') {
      await createIgnoringConflict(kubeConfig, path.secrets, tokenSecret(values(input), token));
    }
    for (const object of rest) {
      await createIgnoringConflict(kubeConfig, object.kind === 'Service' ? path.services : path.statefulSets, object);
    }
    await kubeJson(kubeConfig, path.statefulSets, { method: 'POST', body: statefulSet });
    return input.flavor;
  };

  const ensureKubeflow = async (input: EnsureInput, token: string): Promise<NotebookFlavor> => {
    const path = paths(input.namespace);
    const existing = await getOrUndefined<WorkloadObject>(kubeConfig, `${path.notebooks}/${encodeURIComponent(input.name)}`);
    if (existing) {
      if (existing.metadata.annotations?.[KUBEFLOW_STOP_ANNOTATION]) {
        await kubeJson(kubeConfig, `${path.notebooks}/${encodeURIComponent(input.name)}`, {
          method: 'PATCH',
          contentType: MERGE_PATCH,
          body: { metadata: { annotations: { [KUBEFLOW_STOP_ANNOTATION]: null } } },
        });
      }
      return existing.metadata.labels?.[FLAVOR_LABEL] === 'code-server' ? 'code-server' : 'jupyter';
    }
    if (input.flavor === 'jupyter') {
      await createIgnoringConflict(kubeConfig, path.secrets, tokenSecret(values(input), token));
    }
    await kubeJson(kubeConfig, path.notebooks, { method: 'POST', body: kubeflowNotebook(values(input)) });
    return input.flavor;
  };

  return {
    backend: detect,

    async ensureRunning(input, token) {
      const kind = await detect();
      const flavor = kind === 'kubeflow' ? await ensureKubeflow(input, token) : await ensureStatefulSet(input, token);
      return { flavor, backend: kind };
    },

    async list(contextId, namespace) {
      const path = paths(namespace);
      const kind = await detect();
      const statefulSets = await kubeJson<{ items: WorkloadObject[] }>(kubeConfig, path.statefulSets, { query: { labelSelector: NOTEBOOK_LABEL } });
      const fromTemplates = statefulSets.items.map((object) => infoOf(contextId, 'statefulset', { ...object, metadata: { ...object.metadata, namespace } }, statefulSetState(object)));
      if (kind !== 'kubeflow') {
        return fromTemplates;
      }
      const notebooks = await kubeJson<{ items: WorkloadObject[] }>(kubeConfig, path.notebooks);
      // Kubeflow's controller labels its StatefulSets too; the Notebook is the object to show.
      const names = new Set(notebooks.items.map((object) => object.metadata.name));
      return [
        ...notebooks.items.map((object) => infoOf(contextId, 'kubeflow', object, kubeflowState(object))),
        ...fromTemplates.filter((info) => !names.has(info.name)),
      ];
    },

    async stop(ref) {
      const path = paths(ref.namespace);
      if ((await detect()) === 'kubeflow') {
        const notebook = await getOrUndefined<WorkloadObject>(kubeConfig, `${path.notebooks}/${encodeURIComponent(ref.name)}`);
        if (notebook) {
          const patched = await kubeJson<WorkloadObject>(kubeConfig, `${path.notebooks}/${encodeURIComponent(ref.name)}`, {
            method: 'PATCH',
            contentType: MERGE_PATCH,
            body: { metadata: { annotations: { [KUBEFLOW_STOP_ANNOTATION]: new Date().toISOString() } } },
          });
          return infoOf(ref.contextId, 'kubeflow', patched, 'stopped');
        }
      }
      const patched = await kubeJson<WorkloadObject>(kubeConfig, `${path.statefulSets}/${encodeURIComponent(ref.name)}`, {
        method: 'PATCH',
        contentType: MERGE_PATCH,
        body: { spec: { replicas: 0 } },
      });
      return infoOf(ref.contextId, 'statefulset', patched, 'stopped');
    },

    async delete(ref) {
      const path = paths(ref.namespace);
      const name = encodeURIComponent(ref.name);
      if ((await detect()) === 'kubeflow') {
        await deleteIgnoringMissing(kubeConfig, `${path.notebooks}/${name}`);
      }
      // Only objects carrying the notebook label are the app's to delete; a same-named Service of someone else stays.
      for (const objectPath of [`${path.statefulSets}/${name}`, `${path.services}/${name}`, `${path.secrets}/${encodeURIComponent(`${ref.name}-token`)}`]) {
        const object = await getOrUndefined<KubeObject>(kubeConfig, objectPath);
        if (object?.metadata.labels?.[NOTEBOOK_LABEL] === ref.name) {
          await deleteIgnoringMissing(kubeConfig, objectPath);
        }
      }
    },
  };
}
