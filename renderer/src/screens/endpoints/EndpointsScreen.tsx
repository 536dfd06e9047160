/** Model servers and apps of one connected cluster: the table, one endpoint's detail, "try it" and deploy. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { ErrorBlock } from '../../components/ErrorBlock';
import { useAppState } from '../../store/context';
import { DeployDialog } from './DeployDialog';
import { EndpointDetailPanel } from './EndpointDetailPanel';
import { EndpointTable } from './EndpointTable';
import { useEndpoints, useEndpointsStore } from './use-endpoints';
import './endpoints.css';

export function EndpointsScreen() {
  const { t } = useTranslation();
  const store = useEndpointsStore();
  const chosen = useEndpoints((state) => state.contextId);
  const connected = useAppState(
    useShallow((state) =>
      Object.values(state.statuses)
        .filter((status) => status.state === 'connected')
        .map((status) => `${status.contextId}\u0000${status.contextName}`),
    ),
  );
  const preferred = useAppState((state) => state.overviewContextId);
  const ids = connected.map((entry) => entry.split('\u0000')[0] ?? '');
  const contextId = chosen && ids.includes(chosen) ? chosen : preferred && ids.includes(preferred) ? preferred : ids[0];

  useEffect(() => {
    if (contextId && contextId !== chosen) {
      store.getState().chooseContext(contextId);
    }
  }, [store, contextId, chosen]);

  return (
    <section aria-labelledby="endpoints-title" className="endpoints">
      <div className="overview-head">
        <h1 id="endpoints-title">{t('endpoints.title')}</h1>
        {connected.length > 0 && (
          <label className="picker">
            <span>{t('endpoints.cluster')}</span>
            <select value={contextId ?? ''} onChange={(event) => store.getState().chooseContext(event.target.value)}>
              {connected.map((entry) => {
                const [id = '', name = ''] = entry.split('\u0000');
                return (
                  <option key={id} value={id}>
                    {name}
                  </option>
                );
              })}
            </select>
          </label>
        )}
      </div>
      {contextId ? <EndpointsBody contextId={contextId} /> : <NotConnected />}
    </section>
  );
}

function NotConnected() {
  const { t } = useTranslation();
  const showScreen = useAppState((state) => state.showScreen);
  return (
    <div className="empty-state">
      <p>{t('endpoints.notConnected')}</p>
      <button type="button" className="button button-primary" onClick={() => showScreen('clusters')}>
        {t('endpoints.goToClusters')}
      </button>
    </div>
  );
}

function EndpointsBody({ contextId }: { contextId: string }) {
  const { t } = useTranslation();
  const store = useEndpointsStore();
  const epoch = useAppState((state) => state.transportEpoch);
  const summary = useEndpoints((state) => (state.summary?.contextId === contextId ? state.summary : undefined));
  const summaryError = useEndpoints((state) => state.summaryError);
  const selectedId = useEndpoints((state) => state.selectedId);
  const dialog = useEndpoints((state) => state.dialog);

  useEffect(() => store.getState().watchSummary(contextId), [store, contextId, epoch]);

  return (
    <>
      {summaryError && <ErrorBlock error={summaryError} />}
      <div className="ep-summary">
        <p className="muted" role="status">
          {!summary ? t('endpoints.loading') : summary.synced ? t('endpoints.counts', { count: summary.total, models: summary.models, apps: summary.apps }) : t('endpoints.syncing')}
        </p>
        {summary && (
          <p className="muted">
            {t('endpoints.apis', {
              kserve: summary.apis.kserve ? t('endpoints.yes') : t('endpoints.no'),
              gateway: summary.apis.gatewayApi ? t('endpoints.yes') : t('endpoints.no'),
              keda: summary.apis.keda ? t('endpoints.yes') : t('endpoints.no'),
            })}
          </p>
        )}
        <button type="button" className="button" onClick={() => store.getState().openDialog({ kind: 'deploy' })}>
          {t('endpoints.deploy')}
        </button>
      </div>
      {summary?.namespace && <p className="notice notice-warning">{t('endpoints.scope', { namespace: summary.namespace })}</p>}
      {summary && summary.forbidden.length > 0 && (
        <div role="alert" className="notice notice-warning" data-error-kind="Forbidden">
          {t('endpoints.forbidden', { resources: summary.forbidden.join(', ') })}
        </div>
      )}
      <EndpointTable contextId={contextId} />
      {selectedId && <EndpointDetailPanel key={selectedId} contextId={contextId} id={selectedId} />}
      {dialog?.kind === 'deploy' && <DeployDialog defaultNamespace={summary?.namespace ?? 'default'} />}
    </>
  );
}
