/**
 * The Endpoints service: the endpoint list and detail views from the shared
 * model, serving metrics and "try it" through port-forwards made on demand,
 * opening apps, and the writes (deploy, scale, restart).
 */
import type { ContractImpl, Disposable } from '../../shared/contract';
import type { endpointsContract } from '../../shared/contracts/endpoints';
import { endpointDetail } from '../../shared/endpoints/detail';
import type { DiscoveredEndpoint } from '../../shared/endpoints/discover';
import type { ChatEvent, ModelsReply, TryProblem } from '../../shared/models/endpoints';
import type { ForwardTarget } from '../../shared/models/portforward';
import { appError, isAppErrorException } from '../../shared/result';
import type { WatchCache } from '../cache/watch-cache';
import { reviewAccess } from '../clusters/probe';
import { createLogger } from '../log';
import { toAppError } from '../transport/errors';
import { createCoalescer } from '../views/coalesce';
import { tableWindow } from '../views/table-window';
import { deploy, previewDeploy, restartEndpoint, scaleEndpoint } from './actions';
import { createForwardPool, type ForwardManager } from './forwards';
import type { HttpLimits } from './http-client';
import { readServingMetrics } from './metrics';
import { createEndpointsModels, type EndpointsClusterAccess, type EndpointsModel } from './model';
import { apiPaths, apiTarget } from './targets';
import type { EndpointTemplates } from './templates';
import { listModels, streamChat } from './try-it';

const log = createLogger('endpoints');

/** Metrics are read this often while a detail panel shows them. */
const METRICS_INTERVAL_MS = 5_000;
const DETAIL_INTERVAL_MS = 250;
/** Longest wait for a new model's first complete lists before an action looks its endpoint up. */
const SYNC_WAIT_MS = 15_000;

export interface EndpointsServiceOptions {
  clusters: EndpointsClusterAccess;
  cache: WatchCache;
  portforward: ForwardManager;
  templates: EndpointTemplates;
  /** Overrides of the HTTP limits, for tests. */
  chatLimits?: HttpLimits;
  quickLimits?: HttpLimits;
  metricsIntervalMs?: number;
}

export type EndpointsService = ContractImpl<typeof endpointsContract> & { dispose(): Promise<void> };

function searchText(row: { namespace: string; name: string; model?: string; server: string; kind: string }): string {
  return `${row.namespace} ${row.name} ${row.model ?? ''} ${row.server} ${row.kind}`;
}

function forwardProblem(error: unknown): TryProblem {
  const appErr = toAppError(error);
  return { code: 'forward', message: `The port-forward could not start: ${appErr.message}` };
}

export function createEndpointsService(options: EndpointsServiceOptions): EndpointsService {
  const models = createEndpointsModels(options.clusters, options.cache);
  const pool = createForwardPool(options.portforward, log);
  /** Base path that answered /models, per context and endpoint, so chat uses it straight away. */
  const workingPaths = new Map<string, string>();

  const endpointOf = async (contextId: string, id: string): Promise<{ model: EndpointsModel; endpoint: DiscoveredEndpoint } & Disposable> => {
    let resolveReady: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (resolveReady = resolve));
    const handle = await models.acquire(contextId, (model) => {
      if (model.find(id) || model.summary().synced) {
        resolveReady();
      }
    });
    // A model opened just now has not listed everything yet; a cluster that never syncs still gets an answer.
    const timer = setTimeout(resolveReady, SYNC_WAIT_MS);
    await ready;
    clearTimeout(timer);
    const endpoint = handle.model.find(id);
    if (!endpoint) {
      handle.dispose();
      throw appError('NotFound', `Endpoint ${id} was not found in this cluster; it may have been deleted. Refresh the list.`);
    }
    return { model: handle.model, endpoint, dispose: handle.dispose };
  };

  /** Base URLs to try for the OpenAI API, through a forward or the endpoint's own URL. */
  const apiBase = async (contextId: string, endpoint: DiscoveredEndpoint, url: string | undefined): Promise<{ via: 'forward' | 'url'; origins: string[]; target?: ForwardTarget; forwardId?: string }> => {
    if (url) {
      if (!endpoint.row.urls.some((candidate) => candidate.url === url && candidate.external)) {
        throw appError('InvalidInput', `${url} is not one of the external URLs of ${endpoint.row.name}; pick one from the endpoint's URL list.`);
      }
      return { via: 'url', origins: [url.replace(/\/+$/, '')] };
    }
    const target = apiTarget(endpoint);
    if (!target) {
      throw appError('Unavailable', `${endpoint.row.name} has no Ready pod and no Service in front of its port; wait until a pod is Ready.`);
    }
    const state = await pool.acquire(contextId, target);
    return { via: 'forward', origins: [state.url], target, forwardId: state.id };
  };

  /** Adds what the forward knows (a refused port, no Ready pod) to a connection problem. */
  const explain = async (problem: TryProblem, forwardId: string | undefined): Promise<TryProblem> => {
    if (!forwardId || (problem.code !== 'connection' && problem.code !== 'emptyStream')) {
      return problem;
    }
    const state = await pool.state(forwardId);
    const why = state?.lastConnectionError ?? (state?.phase === 'reconnecting' ? state.reason : undefined);
    return why ? { ...problem, message: `${problem.message} The port-forward reported: ${why}` } : problem;
  };

  return {
    async summary({ contextId }, emit) {
      return models.acquire(contextId, (model) => emit(model.summary()));
    },

    async list(query, emit) {
      return models.acquire(query.contextId, (model) => emit(tableWindow(model.endpoints.map((endpoint) => endpoint.row), query, searchText)));
    },

    async detail({ contextId, id }, emit) {
      let canWrite = true;
      const watched: { events?: ReturnType<EndpointsModel['watchEvents']> } = {};
      let current: EndpointsModel | undefined;
      const coalescer = createCoalescer(DETAIL_INTERVAL_MS, () => {
        const endpoint = current?.find(id);
        if (!endpoint) {
          return;
        }
        emit(endpointDetail(endpoint, watched.events?.objects() ?? [], canWrite));
      });
      const handle = await models.acquire(contextId, (model) => {
        current = model;
        coalescer.touch();
      });
      const namespace = id.split('/')[1] ?? '';
      watched.events = handle.model.watchEvents(namespace, () => coalescer.touch());
      const kind = id.startsWith('InferenceService/') ? 'inferenceservices' : 'deployments';
      reviewAccess(handle.model.kubeConfig, [{ verb: 'patch', group: kind === 'inferenceservices' ? 'serving.kserve.io' : 'apps', resource: kind, namespace }])
        .then((checks) => {
          canWrite = checks.every((check) => check.allowed);
          coalescer.touch();
        })
        .catch((error: unknown) => log.warn('access review for endpoint actions failed', { context: contextId, namespace, err: toAppError(error).message }));
      return {
        dispose: () => {
          coalescer.dispose();
          watched.events?.dispose();
          handle.dispose();
        },
      };
    },

    async metrics({ contextId, id }, emit) {
      const { endpoint: first, dispose, model } = await endpointOf(contextId, id);
      let stopped = false;
      let timer: NodeJS.Timeout | undefined;
      const poll = async (): Promise<void> => {
        const endpoint = model.find(id) ?? first;
        try {
          emit(await readServingMetrics(contextId, endpoint, pool, options.quickLimits));
        } catch (error) {
          log.warn('serving metrics failed', { context: contextId, endpoint: id, err: toAppError(error).message });
        }
        if (!stopped) {
          timer = setTimeout(() => void poll(), options.metricsIntervalMs ?? METRICS_INTERVAL_MS);
        }
      };
      void poll();
      return {
        dispose: () => {
          stopped = true;
          clearTimeout(timer);
          dispose();
        },
      };
    },

    async models({ contextId, id, url }, context): Promise<ModelsReply> {
      const { endpoint, dispose } = await endpointOf(contextId, id);
      try {
        if (!endpoint.serverInfo.openAI) {
          throw appError('InvalidInput', `${endpoint.row.name} runs ${endpoint.serverInfo.server}, which has no OpenAI-compatible chat API to try.`);
        }
        let base;
        try {
          base = await apiBase(contextId, endpoint, url);
        } catch (error) {
          if (isAppErrorException(error) && error.appError.kind === 'InvalidInput') {
            throw error;
          }
          return { via: url ? 'url' : 'forward', models: [], problem: forwardProblem(error) };
        }
        const baseUrls = base.origins.flatMap((origin) => apiPaths(endpoint).map((path) => `${origin}${path}`));
        const reply = await listModels({ baseUrls, via: base.via, signal: context.signal, ...(options.quickLimits ? { limits: options.quickLimits } : {}) });
        if (reply.baseUrl && !reply.problem) {
          workingPaths.set(`${contextId}|${id}`, reply.baseUrl.slice(base.origins[0]!.length));
        }
        return reply.problem ? { ...reply, problem: await explain(reply.problem, base.forwardId) } : reply;
      } finally {
        dispose();
      }
    },

    chat(input, emit) {
      const controller = new AbortController();
      let disposeEndpoint: (() => void) | undefined;
      let forwardId: string | undefined;
      const send = (event: ChatEvent): void => {
        if (!controller.signal.aborted) {
          emit(event);
        }
      };
      const run = async (): Promise<void> => {
        const { endpoint, dispose } = await endpointOf(input.contextId, input.id);
        disposeEndpoint = dispose;
        let base;
        try {
          base = await apiBase(input.contextId, endpoint, input.url);
        } catch (error) {
          send({ type: 'failed', problem: isAppErrorException(error) && error.appError.kind === 'InvalidInput' ? { code: 'noTarget', message: error.message } : forwardProblem(error) });
          return;
        }
        forwardId = base.forwardId;
        send({ type: 'connecting', via: base.via, target: base.target ? `${base.target.kind}/${base.target.name}:${base.target.port}` : base.origins[0]! });
        const path = workingPaths.get(`${input.contextId}|${input.id}`) ?? apiPaths(endpoint)[0]!;
        await streamChat({
          baseUrl: `${base.origins[0]}${path}`,
          model: input.model,
          messages: input.messages,
          maxTokens: input.maxTokens,
          ...(input.temperature !== undefined ? { temperature: input.temperature } : {}),
          includeUsage: ['vllm', 'sglang', 'kserve'].includes(endpoint.serverInfo.server),
          signal: controller.signal,
          ...(options.chatLimits ? { limits: options.chatLimits } : {}),
          emit: (event) => {
            if (event.type !== 'failed') {
              send(event);
              return;
            }
            void explain(event.problem, forwardId).then((problem) => send({ ...event, problem }));
          },
        });
      };
      run().catch((error: unknown) => {
        const appErr = toAppError(error);
        log.warn('try it failed', { context: input.contextId, endpoint: input.id, err: appErr.message });
        send({ type: 'failed', problem: { code: 'noTarget', message: appErr.message } });
      });
      return {
        dispose: () => {
          controller.abort();
          disposeEndpoint?.();
        },
      };
    },

    async openApp({ contextId, id }) {
      const { endpoint, dispose } = await endpointOf(contextId, id);
      try {
        const target = apiTarget(endpoint);
        if (!target) {
          throw appError('Unavailable', `${endpoint.row.name} has no Ready pod and no Service in front of its port; wait until a pod is Ready.`);
        }
        const state = await pool.acquire(contextId, target);
        log.info('app opened', { context: contextId, endpoint: id, port: state.localPort });
        return { url: `${state.url}/`, forwardId: state.id };
      } finally {
        dispose();
      }
    },

    async previewDeploy({ contextId, input }) {
      return previewDeploy(options.clusters.connection(contextId).kubeConfig, options.templates, input);
    },

    async deploy({ contextId, input }) {
      const result = await deploy(options.clusters.connection(contextId).kubeConfig, options.templates, input);
      log.info('endpoint deployed', { context: contextId, namespace: input.namespace, name: input.name, template: input.template, failed: result.outcomes.some((outcome) => outcome.outcome === 'failed') });
      return result;
    },

    async scale({ contextId, id, replicas }) {
      const { model, endpoint, dispose } = await endpointOf(contextId, id);
      try {
        const result = await scaleEndpoint(model.kubeConfig, endpoint, replicas);
        log.info('endpoint scaled', { context: contextId, endpoint: id, replicas });
        return result;
      } finally {
        dispose();
      }
    },

    async restart({ contextId, id }) {
      const { model, endpoint, dispose } = await endpointOf(contextId, id);
      try {
        const result = await restartEndpoint(model.kubeConfig, endpoint);
        log.info('endpoint restarted', { context: contextId, endpoint: id });
        return result;
      } finally {
        dispose();
      }
    },

    async dispose() {
      models.dispose();
      await pool.dispose();
    },
  };
}
