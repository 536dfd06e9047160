/** Connection status per context, pushed by main, and the connect/disconnect requests in flight. */
import type { StateCreator } from 'zustand';
import type { Unsubscribe } from '../../../shared/contract';
import type { ClusterStatus } from '../../../shared/models/cluster';
import type { AppError, Result } from '../../../shared/result';
import type { AppState } from './app-store';
import type { Services } from './services';

export type ClusterAction = 'connect' | 'disconnect' | 'refresh';

export interface ClustersSlice {
  statuses: Record<string, ClusterStatus>;
  pending: Record<string, ClusterAction>;
  /** Failures of a request itself (for example invalid input), apart from the status's own error. */
  actionErrors: Record<string, AppError>;
  statusStreamError: AppError | undefined;

  watchStatuses(): Unsubscribe;
  runClusterAction(contextId: string, action: ClusterAction): Promise<void>;
}

function without<V>(record: Record<string, V>, key: string): Record<string, V> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}

export function createClustersSlice(services: Services): StateCreator<AppState, [], [], ClustersSlice> {
  const calls: Record<ClusterAction, (contextId: string) => Promise<Result<ClusterStatus>>> = {
    connect: (contextId) => services.clusters.connect({ contextId }),
    disconnect: (contextId) => services.clusters.disconnect({ contextId }),
    refresh: (contextId) => services.clusters.refresh({ contextId }),
  };

  return (set) => ({
    statuses: {},
    pending: {},
    actionErrors: {},
    statusStreamError: undefined,

    watchStatuses: () =>
      services.clusters.onDidChangeStatus({}, (event) => {
        if (event.type === 'error') {
          set({ statusStreamError: event.error });
          return;
        }
        const statuses = Object.fromEntries(event.value.map((status) => [status.contextId, status]));
        set({ statuses, statusStreamError: undefined });
      }),

    runClusterAction: async (contextId, action) => {
      set((state) => ({ pending: { ...state.pending, [contextId]: action }, actionErrors: without(state.actionErrors, contextId) }));
      const result = await calls[action](contextId);
      set((state) => ({
        pending: without(state.pending, contextId),
        statuses: result.ok ? { ...state.statuses, [contextId]: result.value } : state.statuses,
        actionErrors: result.ok ? state.actionErrors : { ...state.actionErrors, [contextId]: result.error },
      }));
    },
  });
}
