/** Model servers and apps of one connected cluster: the table, one endpoint's detail, "try it" and deploy. */
import { useEffect } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { EndpointsSummary } from '../../../../shared/models/endpoints';
import { ContextPicker, NotConnected, pickContext, useConnectedContexts, useNotConnectedText } from '../../components/ConnectedContexts';
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
  const connected = useConnectedContexts();
  const preferred = useAppState((state) => state.overviewContextId);
  const contextId = pickContext(connected, chosen, preferred);
  const notConnected = useNotConnectedText('endpoints');

  useEffect(() => {
    if (contextId && contextId !== chosen) {
      store.getState().chooseContext(contextId);
    }
  }, [store, contextId, chosen]);

  return (
    <section aria-labelledby="endpoints-title" className="endpoints">
      <div className="overview-head">
        <h1 id="endpoints-title">{t('endpoints.title')}</h1>
        <ContextPicker contexts={connected} value={contextId} onChange={(id) => store.getState().chooseContext(id)} label={t('endpoints.cluster')} />
      </div>
      {contextId ? <EndpointsBody contextId={contextId} /> : <NotConnected {...notConnected} />}
    </section>
  );
}

/** Returns the status line above the table: loading, listing, or the counts by kind. */
function summaryStatus(t: TFunction, summary: EndpointsSummary | undefined): string {
  if (!summary) {
    return t('endpoints.loading');
  }
  if (!summary.synced) {
    return t('endpoints.syncing');
  }
  const models = t('endpoints.modelServerCount', { count: summary.models });
  const apps = t('endpoints.appCount', { count: summary.apps });
  return t('endpoints.counts', { count: summary.total, models, apps });
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
          {summaryStatus(t, summary)}
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
