/** Hands the store and the services to components; both are created once in main.tsx. */
import { createContext, useContext, useMemo } from 'react';
import type { Contract, ContractClient } from '../../../shared/contract';
import { useStore } from 'zustand';
import type { AppState, AppStore } from './app-store';
import type { Services } from './services';

export interface AppEnvironment {
  store: AppStore;
  services: Services;
}

export const AppEnvironmentContext = createContext<AppEnvironment | undefined>(undefined);

export function useAppEnvironment(): AppEnvironment {
  const environment = useContext(AppEnvironmentContext);
  if (!environment) {
    throw new Error('useAppEnvironment needs an AppEnvironmentContext provider around the tree');
  }
  return environment;
}

/** Reads one slice of the store; keep selectors narrow (primitives or stable references). */
export function useAppState<T>(selector: (state: AppState) => T): T {
  return useStore(useAppEnvironment().store, selector);
}

/** Returns the typed client of one contract over the app's transport, made once per transport. */
export function useContractClient<C extends Contract>(contract: C): ContractClient<C> {
  const { services } = useAppEnvironment();
  return useMemo(() => services.transport.connection.client(contract), [services, contract]);
}
