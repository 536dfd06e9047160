/** React access to the Endpoints store: one store per transport client, read through narrow selectors. */
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { useAppEnvironment } from '../../store/context';
import { endpointsStoreFor, type EndpointsState, type EndpointsStore } from './endpoints-store';

export function useEndpointsStore(): EndpointsStore {
  const { services } = useAppEnvironment();
  const { i18n } = useTranslation();
  return endpointsStoreFor(services, () => i18n.t('endpoints.try.promptDefault'));
}

export function useEndpoints<T>(selector: (state: EndpointsState) => T): T {
  return useStore(useEndpointsStore(), selector);
}
