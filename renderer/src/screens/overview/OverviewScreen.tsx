/** GPU inventory and allocation of one connected cluster, live from main's views. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { ErrorBlock } from '../../components/ErrorBlock';
import { useFormatters } from '../../components/format';
import { useAppEnvironment, useAppState } from '../../store/context';
import { GpuCards } from './GpuCards';
import { GpuChart } from './GpuChart';
import { GpuSections } from './gpu/GpuSections';
import { NodeTable } from './NodeTable';
import { PodTable } from './PodTable';
import { Totals } from './Totals';

export function OverviewScreen() {
  const { t } = useTranslation();
  const contextId = useAppState((state) => state.overviewContextId);
  const connected = useAppState((state) => (contextId ? state.statuses[contextId]?.state === 'connected' : false));

  return (
    <section aria-labelledby="overview-title" className="overview">
      <div className="overview-head">
        <h1 id="overview-title">{t('overview.title')}</h1>
        <ClusterPicker />
      </div>
      {contextId && connected ? <OverviewBody contextId={contextId} /> : <NotConnected />}
    </section>
  );
}

function NotConnected() {
  const { t } = useTranslation();
  const showScreen = useAppState((state) => state.showScreen);
  return (
    <div className="empty-state">
      <p>{t('overview.notConnected')}</p>
      <button type="button" className="button button-primary" onClick={() => showScreen('clusters')}>
        {t('overview.goToClusters')}
      </button>
    </div>
  );
}

function ClusterPicker() {
  const { t } = useTranslation();
  const contextId = useAppState((state) => state.overviewContextId);
  const openOverview = useAppState((state) => state.openOverview);
  const connected = useAppState(
    useShallow((state) =>
      Object.values(state.statuses)
        .filter((status) => status.state === 'connected')
        .map((status) => `${status.contextId}\u0000${status.contextName}`),
    ),
  );
  if (connected.length === 0) {
    return null;
  }
  return (
    <label className="picker">
      <span>{t('overview.cluster')}</span>
      <select value={contextId ?? ''} onChange={(event) => openOverview(event.target.value)}>
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
  );
}

function OverviewBody({ contextId }: { contextId: string }) {
  const { t } = useTranslation();
  const { store } = useAppEnvironment();
  const format = useFormatters();
  const epoch = useAppState((state) => state.transportEpoch);
  const summary = useAppState((state) => (state.summary?.contextId === contextId ? state.summary : undefined));
  const summaryError = useAppState((state) => state.summaryError);

  useEffect(() => store.getState().watchSummary(contextId), [store, contextId, epoch]);

  return (
    <GpuSections
      contextId={contextId}
      tables={
        <>
          <NodeTable contextId={contextId} />
          <PodTable contextId={contextId} />
        </>
      }
    >
      {summaryError && <ErrorBlock error={summaryError} />}
      {!summary && !summaryError && <p role="status">{t('overview.loading')}</p>}
      {summary && (
        <>
          <p className="muted" role="status">
            {summary.synced ? t('overview.updatedAt', { time: format.time(summary.updatedAt) }) : t('overview.syncing')}
          </p>
          {summary.forbidden.length > 0 && (
            <div role="alert" className="notice notice-warning" data-error-kind="Forbidden">
              <strong>{t('overview.forbiddenTitle')}</strong>
              <p>{t('overview.forbidden', { resources: summary.forbidden.join(t('overview.listSeparator')) })}</p>
            </div>
          )}
          <Totals summary={summary} />
          <GpuCards accelerators={summary.accelerators} nodesHidden={summary.forbidden.includes('nodes')} />
          {summary.accelerators.some((accelerator) => accelerator.countsDevices) && <GpuChart accelerators={summary.accelerators} />}
        </>
      )}
    </GpuSections>
  );
}
