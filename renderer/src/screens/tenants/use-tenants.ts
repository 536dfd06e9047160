/** Narrow reads of the Tenants store from components. */
import { useStore } from 'zustand';
import { useAppEnvironment } from '../../store/context';
import { tenantsStoreFor, type TenantsState, type TenantsStore } from './tenants-store';

export function useTenantsStore(): TenantsStore {
  return tenantsStoreFor(useAppEnvironment().services);
}

export function useTenants<T>(selector: (state: TenantsState) => T): T {
  return useStore(useTenantsStore(), selector);
}
