/**
 * Notebook view models and input checks: Kubeflow Notebooks where the
 * cluster serves the CRD, otherwise a StatefulSet and Service made from a
 * template; both reached through a port-forward on 127.0.0.1.
 */
import type { AppError } from '../result';

export type NotebookFlavor = 'jupyter' | 'code-server';

/** How the notebook exists in the cluster. */
export type NotebookBackend = 'kubeflow' | 'statefulset';

/**
 * Progress of one launch, in order: `creating` (objects created or scaled up), `scheduling`
 * (the pod waits for a node), `starting` (image pull and container start), `ready` (the pod is
 * Ready), `forwarding` (the local port is being opened and the token found), `open` (the URL
 * can be opened). `failed` ends a launch with an error.
 */
export type LaunchPhase = 'creating' | 'scheduling' | 'starting' | 'ready' | 'forwarding' | 'open' | 'failed';

/**
 * A code for the step the app is taking or waiting for within a phase, which the renderer translates.
 * Kubernetes' own words (the scheduler's condition, a container's waiting reason) travel untranslated in `message`.
 */
export type LaunchNote = 'applying' | 'awaiting-pod' | 'pulling' | 'awaiting-readiness' | 'forwarding' | 'pod-ended';

export interface LaunchProgress {
  phase: LaunchPhase;
  note?: LaunchNote;
  /** Parameters of the note: `pod-ended` names the pod's phase. */
  noteParams?: Record<string, string>;
  /** Kubernetes' own message, such as the scheduler's condition or a container's waiting reason. On `failed` it is the error's message. */
  message?: string;
  /** Set in `open`: the URL to load, with the token when one is needed. */
  url?: string;
  /** Source of the token: `none` when no lookup found one, though the server may still require a token. */
  tokenSource?: 'env' | 'args' | 'secret' | 'server-list' | 'none';
  forwardId?: string;
  error?: AppError;
}

/** The state of a notebook in the list. */
export type NotebookState = 'stopped' | 'starting' | 'ready' | 'failed';

export interface NotebookInfo {
  contextId: string;
  namespace: string;
  name: string;
  backend: NotebookBackend;
  flavor: NotebookFlavor;
  image: string;
  gpus: number;
  state: NotebookState;
  /** Why the notebook is failed or still starting. */
  message?: string;
  /** ISO creation time. */
  createdAt?: string;
  /** The local URL while a forward to the notebook is open in this app. */
  localUrl?: string;
}

export const DEFAULT_IMAGES: Record<NotebookFlavor, string> = {
  jupyter: 'quay.io/jupyter/scipy-notebook:2025-06-02',
  'code-server': 'docker.io/codercom/code-server:4.100.3',
};

/** Container port each flavor serves on. */
export const NOTEBOOK_PORTS: Record<NotebookFlavor, number> = { jupyter: 8888, 'code-server': 8080 };

export const MAX_NOTEBOOK_GPUS = 16;
/** StatefulSet names above this length leave no room for the pod's controller-revision-hash label value. */
export const MAX_NOTEBOOK_NAME = 52;

/** Checks a notebook name: a DNS-1035 label short enough for a StatefulSet. */
export function notebookNameProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > MAX_NOTEBOOK_NAME || !/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
    return `Notebook name "${name}" is not valid; use 1 to ${MAX_NOTEBOOK_NAME} lower-case letters, digits and '-', starting with a letter and ending with a letter or digit.`;
  }
  return undefined;
}

/** Checks a container image reference loosely: no spaces or quotes, a name, an optional tag or digest. */
export function imageProblem(image: string): string | undefined {
  if (image.length === 0 || image.length > 512 || !/^[a-z0-9]([a-z0-9._\-/:@]*[a-zA-Z0-9_])?$/.test(image) || image.includes('//')) {
    return `Image "${image}" is not a valid image reference; use a form such as registry.example/team/jupyter:2025-06 (lower-case name, optional :tag or @sha256:digest).`;
  }
  return undefined;
}

/** Checks the GPU count: a whole number from 0 to MAX_NOTEBOOK_GPUS. */
export function gpuCountProblem(gpus: number): string | undefined {
  if (!Number.isInteger(gpus) || gpus < 0 || gpus > MAX_NOTEBOOK_GPUS) {
    return `GPU count ${gpus} is not valid; use a whole number from 0 to ${MAX_NOTEBOOK_GPUS}.`;
  }
  return undefined;
}

/** Checks an extended resource name such as nvidia.com/gpu. */
export function gpuResourceProblem(resource: string): string | undefined {
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$/.test(resource) || resource.length > 253) {
    return `GPU resource "${resource}" is not an extended resource name; use a form such as nvidia.com/gpu.`;
  }
  return undefined;
}

/** Checks a caller-chosen token: printable, no spaces, 8 to 128 characters. */
export function tokenProblem(token: string): string | undefined {
  if (!/^[A-Za-z0-9._~-]{8,128}$/.test(token)) {
    return 'The notebook token is not valid; use 8 to 128 letters, digits, ".", "_", "~" or "-", or leave it empty for a random one.';
  }
  return undefined;
}
