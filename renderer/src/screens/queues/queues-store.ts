/**
 * State of the Queues screen in a store of its own (zustand's React-free
 * core), so the screen adds no fields to the app store. It keeps the snapshot
 * of the shown cluster, the job whose details are open, and the open dialog.
 */
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ContractClient, Unsubscribe } from '../../../../shared/contract';
import { queuesContract } from '../../../../shared/contracts/queues';
import type { JobAction, JobRow, PendingExplanation, QueuesSnapshot } from '../../../../shared/models/queues';
import type { AppError } from '../../../../shared/result';
import { useAppEnvironment } from '../../store/context';
import type { Services } from '../../store/services';

export type QueuesClient = ContractClient<typeof queuesContract>;

export type QueuesDialog = { kind: 'submit' } | { kind: 'action'; action: JobAction; job: JobRow } | { kind: 'detail'; job: JobRow };

export interface QueuesState {
  client: QueuesClient;
  contextId: string | undefined;
  snapshot: QueuesSnapshot | undefined;
  error: AppError | undefined;
  dialog: QueuesDialog | undefined;
  explanation: PendingExplanation | undefined;
  explanationError: AppError | undefined;

  selectContext(contextId: string): void;
  /** Follows the snapshot of the selected context until the returned function runs. */
  watch(contextId: string): Unsubscribe;
  openDialog(dialog: QueuesDialog): void;
  closeDialog(): void;
  /** Opens a job's details and reads why it is pending. */
  openDetail(job: JobRow): Promise<void>;
}

export type QueuesStore = StoreApi<QueuesState>;

export function createQueuesStore(client: QueuesClient): QueuesStore {
  return createStore<QueuesState>()((set, get) => ({
    client,
    contextId: undefined,
    snapshot: undefined,
    error: undefined,
    dialog: undefined,
    explanation: undefined,
    explanationError: undefined,

    selectContext: (contextId) => set({ contextId, snapshot: get().snapshot?.contextId === contextId ? get().snapshot : undefined, error: undefined }),

    watch: (contextId) =>
      client.snapshot({ contextId }, (event) => {
        set(event.type === 'value' ? { snapshot: event.value, error: undefined } : { error: event.error });
      }),

    openDialog: (dialog) => set({ dialog }),
    closeDialog: () => set({ dialog: undefined, explanation: undefined, explanationError: undefined }),

    openDetail: async (job) => {
      const contextId = get().contextId;
      set({ dialog: { kind: 'detail', job }, explanation: undefined, explanationError: undefined });
      if (!contextId) {
        return;
      }
      const result = await client.explain({ contextId, kind: job.kind, namespace: job.namespace, name: job.name });
      set(result.ok ? { explanation: result.value } : { explanationError: result.error });
    },
  }));
}

const stores = new WeakMap<Services, QueuesStore>();

/** Returns the screen's store, one per set of services (one per window). */
export function queuesStoreFor(services: Services): QueuesStore {
  let store = stores.get(services);
  if (!store) {
    store = createQueuesStore(services.transport.connection.client(queuesContract));
    stores.set(services, store);
  }
  return store;
}

export function useQueuesStore(): QueuesStore {
  return queuesStoreFor(useAppEnvironment().services);
}

/** Reads one field of the Queues store; keep selectors narrow. */
export function useQueues<T>(selector: (state: QueuesState) => T): T {
  return useStore(useQueuesStore(), selector);
}
