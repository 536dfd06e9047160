/**
 * The Endpoints screen's state: the chosen cluster and endpoint, the detail
 * and metrics streams, the "try it" exchange and the write dialogs. A store
 * of its own on zustand's React-free core, one per transport client, so the
 * shell's store stays unaware of it.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ContractClient, Unsubscribe } from '../../../../shared/contract';
import { endpointsContract } from '../../../../shared/contracts/endpoints';
import type {
  ChatEvent,
  ChatStats,
  DeployInput,
  DeployPreview,
  DeployResult,
  EndpointDetail,
  EndpointsSummary,
  ModelsReply,
  RawRequest,
  RawResponse,
  ServingMetrics,
  TryProblem,
} from '../../../../shared/models/endpoints';
import type { AppError } from '../../../../shared/result';
import type { Services } from '../../store/services';

export type EndpointsClient = ContractClient<typeof endpointsContract>;

export interface TryState {
  modelsReply: ModelsReply | undefined;
  loadingModels: boolean;
  model: string;
  prompt: string;
  maxTokens: number;
  running: boolean;
  answer: string;
  /** The SSE text as it arrived, for the raw exchange view. */
  raw: string;
  request: RawRequest | undefined;
  response: RawResponse | undefined;
  stats: ChatStats | undefined;
  problem: TryProblem | undefined;
}

export type ActionDialog = { kind: 'scale' } | { kind: 'restart' } | { kind: 'deploy' } | undefined;

export interface EndpointsState {
  contextId: string | undefined;
  selectedId: string | undefined;
  summary: EndpointsSummary | undefined;
  summaryError: AppError | undefined;
  detail: EndpointDetail | undefined;
  detailError: AppError | undefined;
  metrics: ServingMetrics | undefined;
  tryOpen: boolean;
  tryState: TryState;
  dialog: ActionDialog;
  /** The last action's outcome line, or its error. */
  notice: string | undefined;
  actionError: AppError | undefined;
  busy: boolean;
  appUrl: string | undefined;
  preview: DeployPreview | undefined;
  deployResult: DeployResult | undefined;

  chooseContext(contextId: string): void;
  select(id: string | undefined): void;
  watchSummary(contextId: string): Unsubscribe;
  watchDetail(contextId: string, id: string): Unsubscribe;
  watchMetrics(contextId: string, id: string): Unsubscribe;
  openTry(open: boolean): void;
  editTry(patch: Partial<Pick<TryState, 'model' | 'prompt' | 'maxTokens'>>): void;
  loadModels(): Promise<void>;
  sendChat(): void;
  stopChat(): void;
  openDialog(dialog: ActionDialog): void;
  scale(replicas: number): Promise<void>;
  restart(): Promise<void>;
  openApp(): Promise<string | undefined>;
  previewDeploy(input: DeployInput): Promise<void>;
  deploy(input: DeployInput): Promise<void>;
}

export type EndpointsStore = StoreApi<EndpointsState>;

const emptyTry = (prompt: string): TryState => ({
  modelsReply: undefined,
  loadingModels: false,
  model: '',
  prompt,
  maxTokens: 128,
  running: false,
  answer: '',
  raw: '',
  request: undefined,
  response: undefined,
  stats: undefined,
  problem: undefined,
});

/** Applies one chat event to the try state. */
export function reduceChat(state: TryState, event: ChatEvent): TryState {
  switch (event.type) {
    case 'connecting':
      return state;
    case 'sent':
      return { ...state, request: event.request };
    case 'headers':
      return { ...state, response: { status: event.status, headers: event.headers, body: '', truncated: false } };
    case 'delta':
      return { ...state, answer: state.answer + event.text, raw: state.raw + event.raw };
    case 'done':
      return { ...state, running: false, stats: event.stats, response: event.response };
    case 'failed':
      return { ...state, running: false, problem: event.problem, stats: event.stats, ...(event.response ? { response: event.response } : {}) };
  }
}

export function createEndpointsStore(client: EndpointsClient, defaultPrompt: () => string): EndpointsStore {
  let stopChatStream: Unsubscribe | undefined;

  return createStore<EndpointsState>()((set, get) => {
    const act = async <T>(run: () => Promise<{ ok: true; value: T } | { ok: false; error: AppError }>, onValue: (value: T) => Partial<EndpointsState>): Promise<T | undefined> => {
      set({ busy: true, actionError: undefined, notice: undefined });
      const result = await run();
      if (!result.ok) {
        set({ busy: false, actionError: result.error });
        return undefined;
      }
      set({ busy: false, ...onValue(result.value) });
      return result.value;
    };
    const selected = () => {
      const { contextId, selectedId } = get();
      return contextId && selectedId ? { contextId, id: selectedId } : undefined;
    };

    return {
      contextId: undefined,
      selectedId: undefined,
      summary: undefined,
      summaryError: undefined,
      detail: undefined,
      detailError: undefined,
      metrics: undefined,
      tryOpen: false,
      tryState: emptyTry(defaultPrompt()),
      dialog: undefined,
      notice: undefined,
      actionError: undefined,
      busy: false,
      appUrl: undefined,
      preview: undefined,
      deployResult: undefined,

      chooseContext: (contextId) => {
        if (get().contextId !== contextId) {
          get().stopChat();
          set({ contextId, selectedId: undefined, summary: undefined, detail: undefined, metrics: undefined, tryOpen: false });
        }
      },

      select: (id) => {
        get().stopChat();
        set({ selectedId: id, detail: undefined, detailError: undefined, metrics: undefined, tryOpen: false, tryState: emptyTry(defaultPrompt()), notice: undefined, actionError: undefined, appUrl: undefined });
      },

      watchSummary: (contextId) =>
        client.summary({ contextId }, (event) => set(event.type === 'value' ? { summary: event.value, summaryError: undefined } : { summaryError: event.error })),

      watchDetail: (contextId, id) =>
        client.detail({ contextId, id }, (event) => set(event.type === 'value' ? { detail: event.value, detailError: undefined } : { detailError: event.error })),

      watchMetrics: (contextId, id) =>
        client.metrics({ contextId, id }, (event) => {
          if (event.type === 'value') {
            set({ metrics: event.value });
          }
        }),

      openTry: (open) => {
        set({ tryOpen: open });
        if (open && !get().tryState.modelsReply) {
          void get().loadModels();
        }
      },

      editTry: (patch) => set((state) => ({ tryState: { ...state.tryState, ...patch } })),

      loadModels: async () => {
        const target = selected();
        if (!target) {
          return;
        }
        set((state) => ({ tryState: { ...state.tryState, loadingModels: true } }));
        const result = await client.models(target);
        set((state) => {
          if (!result.ok) {
            return { tryState: { ...state.tryState, loadingModels: false }, actionError: result.error };
          }
          const reply = result.value;
          const model = reply.models.some((candidate) => candidate.id === state.tryState.model) ? state.tryState.model : (reply.models[0]?.id ?? state.tryState.model);
          return { tryState: { ...state.tryState, loadingModels: false, modelsReply: reply, model } };
        });
      },

      sendChat: () => {
        const target = selected();
        const { tryState } = get();
        if (!target || tryState.running || !tryState.model || !tryState.prompt.trim()) {
          return;
        }
        stopChatStream?.();
        set({ tryState: { ...tryState, running: true, answer: '', raw: '', request: undefined, response: undefined, stats: undefined, problem: undefined } });
        const stop = client.chat(
          { ...target, model: tryState.model, messages: [{ role: 'user', content: tryState.prompt }], maxTokens: tryState.maxTokens },
          (event) => {
            if (event.type === 'error') {
              set((state) => ({ tryState: { ...state.tryState, running: false, problem: { code: 'noTarget', message: event.error.message } } }));
              return;
            }
            set((state) => ({ tryState: reduceChat(state.tryState, event.value) }));
            if (event.value.type === 'done' || event.value.type === 'failed') {
              stop();
              if (stopChatStream === stop) {
                stopChatStream = undefined;
              }
            }
          },
        );
        stopChatStream = stop;
      },

      stopChat: () => {
        stopChatStream?.();
        stopChatStream = undefined;
        set((state) =>
          state.tryState.running ? { tryState: { ...state.tryState, running: false, problem: { code: 'cancelled', message: 'Stopped by the user.' } } } : {},
        );
      },

      openDialog: (dialog) => set({ dialog, actionError: undefined, preview: undefined, deployResult: undefined }),

      scale: async (replicas) => {
        const target = selected();
        if (target) {
          await act(() => client.scale({ ...target, replicas }), (value) => ({ dialog: undefined, notice: `scale:${value.replicas}` }));
        }
      },

      restart: async () => {
        const target = selected();
        if (target) {
          await act(() => client.restart(target), (value) => ({ dialog: undefined, notice: `restart:${value.restartedAt}` }));
        }
      },

      openApp: async () => {
        const target = selected();
        if (!target) {
          return undefined;
        }
        const value = await act(() => client.openApp(target), (reply) => ({ appUrl: reply.url }));
        return value?.url;
      },

      previewDeploy: async (input) => {
        const { contextId } = get();
        if (contextId) {
          await act(() => client.previewDeploy({ contextId, input }), (preview) => ({ preview, deployResult: undefined }));
        }
      },

      deploy: async (input) => {
        const { contextId } = get();
        if (contextId) {
          await act(() => client.deploy({ contextId, input }), (deployResult) => ({ deployResult }));
        }
      },
    };
  });
}

const stores = new WeakMap<Services, EndpointsStore>();

/** The store of one set of services; created on first use. */
export function endpointsStoreFor(services: Services, defaultPrompt: () => string): EndpointsStore {
  let store = stores.get(services);
  if (!store) {
    store = createEndpointsStore(services.transport.connection.client(endpointsContract), defaultPrompt);
    stores.set(services, store);
  }
  return store;
}
