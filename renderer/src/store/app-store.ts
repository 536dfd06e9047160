/**
 * The renderer's one store, built from a slice per feature on zustand's
 * React-free core, so the slices can be driven without React and components
 * read it through narrow selectors.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createClustersSlice, type ClustersSlice } from './clusters-slice';
import { createKubeconfigSlice, type KubeconfigSlice } from './kubeconfig-slice';
import { createOverviewSlice, type OverviewSlice } from './overview-slice';
import type { Services } from './services';
import { createUiSlice, type UiSlice } from './ui-slice';

export type AppState = UiSlice & KubeconfigSlice & ClustersSlice & OverviewSlice;

export type AppStore = StoreApi<AppState>;

export function createAppStore(services: Services, storage: Pick<Storage, 'getItem' | 'setItem'>): AppStore {
  return createStore<AppState>()((...args) => ({
    ...createUiSlice(storage)(...args),
    ...createKubeconfigSlice(services)(...args),
    ...createClustersSlice(services)(...args),
    ...createOverviewSlice(services)(...args),
  }));
}
