/** The summary view of the cluster the Overview screen shows. */
import type { StateCreator } from 'zustand';
import type { Unsubscribe } from '../../../shared/contract';
import type { OverviewSummary } from '../../../shared/models/overview';
import type { AppError } from '../../../shared/result';
import type { AppState } from './app-store';
import type { Services } from './services';

export interface OverviewSlice {
  summary: OverviewSummary | undefined;
  summaryError: AppError | undefined;

  /** Follows the summary of one context; a new call replaces the previous context's data. */
  watchSummary(contextId: string): Unsubscribe;
}

export function createOverviewSlice(services: Services): StateCreator<AppState, [], [], OverviewSlice> {
  return (set) => ({
    summary: undefined,
    summaryError: undefined,

    watchSummary: (contextId) => {
      set((state) => ({
        summary: state.summary?.contextId === contextId ? state.summary : undefined,
        summaryError: undefined,
      }));
      return services.overview.summary({ contextId }, (event) => {
        set(event.type === 'value' ? { summary: event.value, summaryError: undefined } : { summaryError: event.error });
      });
    },
  });
}
