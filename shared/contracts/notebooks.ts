import { z } from 'zod';
import { defineContract, method, stream } from '../contract';
import { namespaceProblem } from '../models/portforward';
import {
  gpuCountProblem,
  gpuResourceProblem,
  imageProblem,
  notebookNameProblem,
  tokenProblem,
  type LaunchProgress,
  type NotebookInfo,
} from '../models/notebooks';

const contextId = z.string().min(1).max(4096);

function check<T>(problem: (value: T) => string | undefined) {
  return (value: T, context: z.RefinementCtx): void => {
    const message = problem(value);
    if (message) {
      context.addIssue({ code: 'custom', message });
    }
  };
}

const namespace = z.string().superRefine(check(namespaceProblem));
const notebookRef = z.object({ contextId, namespace, name: z.string().superRefine(check(notebookNameProblem)) });

export const createNotebookSchema = notebookRef.extend({
  flavor: z.enum(['jupyter', 'code-server']).default('jupyter'),
  /** Empty means the flavor's default image. */
  image: z.string().default('').superRefine((value, context) => (value === '' ? undefined : check(imageProblem)(value, context))),
  gpus: z.number().superRefine(check(gpuCountProblem)).default(0),
  gpuResource: z.string().superRefine(check(gpuResourceProblem)).default('nvidia.com/gpu'),
  /** Jupyter's token; a random one when empty. */
  token: z.string().default('').superRefine((value, context) => (value === '' ? undefined : check(tokenProblem)(value, context))),
});

/** Notebooks in tenant namespaces: list, one-click launch with progress, stop and delete. */
export const notebooksContract = defineContract('notebooks', {
  /** Notebook CRs (where the cluster serves kubeflow.org/v1 notebooks) and StatefulSets labelled d.run/notebook. */
  list: method<NotebookInfo[]>()(z.object({ contextId, namespace })),
  /**
   * Creates the notebook when it does not exist (Kubeflow Notebook, else StatefulSet + Service from the
   * flavor's template), or scales a stopped one up; then streams progress until the pod is Ready, the
   * port is forwarded and the token found. The last value has phase `open` and the URL, or `failed`.
   */
  launch: stream<LaunchProgress>()(createNotebookSchema),
  /** Scales the notebook to zero (Kubeflow: the stop annotation) and closes its forward; data volumes stay. */
  stop: method<NotebookInfo>()(notebookRef),
  /** Deletes the notebook and what the app created with it; `confirmName` must repeat the name. */
  delete: method<void>()(notebookRef.extend({ confirmName: z.string() })),
});

export type CreateNotebookInput = z.output<typeof createNotebookSchema>;
