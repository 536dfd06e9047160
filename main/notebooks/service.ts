/**
 * Notebooks: one click creates (or starts) a notebook in a tenant namespace,
 * follows its pod until Ready, forwards its port through the port-forward
 * manager, finds its token and returns the URL to open.
 */
import { randomBytes } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ContractImpl, Disposable } from '../../shared/contract';
import type { CreateNotebookInput, notebooksContract } from '../../shared/contracts/notebooks';
import { PODS } from '../../shared/k8s/gvr';
import { DEFAULT_IMAGES, NOTEBOOK_PORTS, type LaunchProgress, type NotebookInfo } from '../../shared/models/notebooks';
import { appError, type AppError } from '../../shared/result';
import type { WatchCache } from '../cache/watch-cache';
import type { ClusterService } from '../clusters/service';
import { createLogger } from '../log';
import type { PortForwardService } from '../portforward/service';
import { toAppError } from '../transport/errors';
import { createNotebookApi, type NotebookApi, type NotebookRef } from './api';
import { podProgress, type PodStatusShape } from './progress';
import { findToken, type NotebookContainer } from './token';

const log = createLogger('notebooks');

/** Image pulls of notebook images (several GB) can take minutes. */
const DEFAULT_READY_TIMEOUT_MS = 15 * 60_000;

export interface NotebookServiceOptions {
  clusters: Pick<ClusterService, 'connection'>;
  cache: WatchCache;
  portforward: Pick<PortForwardService, 'startForward' | 'stop' | 'list'>;
  templatesDir: string;
  readyTimeoutMs?: number;
}

export interface NotebookService extends ContractImpl<typeof notebooksContract> {
  dispose(): Promise<void>;
}

const direct = () => ({ transport: 'direct' as const, signal: new AbortController().signal });

function refKey(ref: NotebookRef): string {
  return JSON.stringify([ref.contextId, ref.namespace, ref.name]);
}

export function createNotebookService(options: NotebookServiceOptions): NotebookService {
  const forwards = new Map<string, string>();
  const launches = new Set<AbortController>();
  const apiFor = (contextId: string): NotebookApi => createNotebookApi(options.clusters.connection(contextId).kubeConfig, options.templatesDir);

  /** Returns the forward already open to this notebook, if it still exists. */
  const openForward = async (ref: NotebookRef) => {
    const id = forwards.get(refKey(ref));
    const states = await options.portforward.list({}, direct());
    return states.find((state) => state.id === id && state.phase !== 'failed');
  };

  const closeForward = async (ref: NotebookRef): Promise<void> => {
    const id = forwards.get(refKey(ref));
    forwards.delete(refKey(ref));
    if (id) {
      await options.portforward.stop({ id }, direct()).catch((error: unknown) => log.debug('forward already gone', { name: ref.name, err: error }));
    }
  };

  /** Resolves with the Ready pod, emitting a progress value whenever the phase or message changes. */
  const waitForPod = (kubeConfig: KubeConfig, ref: NotebookRef, podName: string, emit: (progress: LaunchProgress) => void, signal: AbortSignal): Promise<PodStatusShape> =>
    new Promise((resolve, reject) => {
      let last = '';
      let lastState = 'no pod yet';
      const check = (): void => {
        if (!subscription.state().synced) {
          // Before the first list an absent pod means nothing yet, so the launch keeps its last step.
          return;
        }
        const pod = subscription.get(`${ref.namespace}/${podName}`) as PodStatusShape | undefined;
        const progress = podProgress(pod);
        const key = `${progress.phase}:${progress.note ?? ''}:${progress.message ?? ''}`;
        if (key !== last) {
          last = key;
          lastState = [progress.phase, progress.message ?? progress.note].filter(Boolean).join(': ');
          const { fatal: _fatal, ...shown } = progress;
          // A failed pod ends the launch with the error below, and until then it shows as still starting.
          emit({ ...shown, phase: progress.phase === 'failed' ? 'starting' : progress.phase });
        }
        if (progress.phase === 'ready' && pod) {
          finish();
          resolve(pod);
        } else if (progress.fatal) {
          finish();
          const reason = progress.note === 'pod-ended' ? `its pod ended (${progress.noteParams?.['podPhase'] ?? 'Failed'}); start it again or check its logs` : (progress.message ?? 'the pod failed');
          reject(appError('Unavailable', `Notebook ${ref.namespace}/${ref.name} cannot start: ${reason}.`, { namespace: ref.namespace }));
        }
      };
      const subscription = options.cache.subscribe(ref.contextId, kubeConfig, { gvr: PODS, namespace: ref.namespace, fieldSelector: `metadata.name=${podName}` }, { onChange: check, onState: check });
      const timeoutMs = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
      const timer = setTimeout(() => {
        finish();
        reject(appError('Timeout', `Notebook ${ref.namespace}/${ref.name} was not Ready after ${Math.round(timeoutMs / 1000)} s (last state: ${lastState}); check its pod's events.`));
      }, timeoutMs);
      const onAbort = (): void => {
        finish();
        reject(appError('Cancelled', 'The launch was cancelled.'));
      };
      const finish = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        // Dispose after the current change callback returns, so the cache is not changed while it notifies.
        queueMicrotask(() => subscription.dispose());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      check();
    });

  const launch = async (input: CreateNotebookInput, emit: (progress: LaunchProgress) => void, signal: AbortSignal): Promise<void> => {
    const { kubeConfig } = options.clusters.connection(input.contextId);
    const api = apiFor(input.contextId);
    const image = input.image || DEFAULT_IMAGES[input.flavor];

    emit({ phase: 'creating', note: 'applying' });
    const token = input.token || randomBytes(24).toString('hex');
    const notebook = await api.ensureRunning({ ...input, image }, token);
    const podName = `${input.name}-0`;
    const pod = await waitForPod(kubeConfig, input, podName, emit, signal);

    emit({ phase: 'forwarding', note: 'forwarding' });
    const existing = await openForward(input);
    const forward =
      existing ??
      (await options.portforward.startForward({
        contextId: input.contextId,
        target: { kind: 'pod', namespace: input.namespace, name: podName, port: NOTEBOOK_PORTS[notebook.flavor] },
        localPort: 0,
        keep: false,
      }));
    forwards.set(refKey(input), forward.id);

    const container = (pod as { spec?: { containers?: NotebookContainer[] } }).spec?.containers?.[0];
    const found = notebook.flavor === 'jupyter' && container ? await findToken(kubeConfig, input.namespace, podName, container, log) : { token: '', source: 'none' as const };
    const basePath = notebookBasePath(container);
    const url = notebook.flavor === 'jupyter' ? `${forward.url}${basePath}lab${found.token ? `?token=${encodeURIComponent(found.token)}` : ''}` : `${forward.url}${basePath}`;
    log.info('notebook open', { namespace: input.namespace, name: input.name, port: forward.localPort, source: found.source });
    emit({ phase: 'open', url, tokenSource: found.source, forwardId: forward.id });
  };

  return {
    async list({ contextId, namespace }) {
      const notebooks = await apiFor(contextId).list(contextId, namespace);
      const states = await options.portforward.list({}, direct());
      return notebooks.map((notebook) => {
        const id = forwards.get(refKey(notebook));
        const forward = states.find((state) => state.id === id);
        return forward ? { ...notebook, localUrl: forward.url } : notebook;
      });
    },

    launch(input, emit): Disposable {
      const abort = new AbortController();
      launches.add(abort);
      void launch(input, emit, abort.signal)
        .catch((error: unknown) => {
          const appErr: AppError = toAppError(error);
          if (appErr.kind !== 'Cancelled') {
            log.warn('notebook launch failed', { namespace: input.namespace, name: input.name, err: appErr.message });
          }
          emit({ phase: 'failed', message: appErr.message, error: appErr });
        })
        .finally(() => launches.delete(abort));
      return { dispose: () => abort.abort() };
    },

    async stop(ref) {
      await closeForward(ref);
      return apiFor(ref.contextId).stop(ref);
    },

    async delete(ref) {
      if (ref.confirmName !== ref.name) {
        throw appError('InvalidInput', `Type the notebook's name "${ref.name}" to confirm the deletion; "${ref.confirmName}" does not match.`);
      }
      await closeForward(ref);
      await apiFor(ref.contextId).delete(ref);
    },

    async dispose() {
      launches.forEach((abort) => abort.abort());
      launches.clear();
      forwards.clear();
    },
  };
}

/** Kubeflow images serve under NB_PREFIX (for example /notebook/team-a/demo); others serve at the root. */
function notebookBasePath(container: NotebookContainer | undefined): string {
  const prefix = container?.env?.find((variable) => variable.name === 'NB_PREFIX')?.value;
  return prefix ? `${prefix.replace(/\/+$/, '')}/` : '/';
}

export type { NotebookInfo };
