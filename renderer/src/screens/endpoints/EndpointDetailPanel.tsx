/** One endpoint: what it runs, where it is reached, its pods, scaling, events, metrics and actions. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { EndpointDetail } from '../../../../shared/models/endpoints';
import { ErrorBlock } from '../../components/ErrorBlock';
import { useFormatters } from '../../components/format';
import { useAppState } from '../../store/context';
import { ActionDialogs } from './ActionDialogs';
import { MetricsPanel } from './MetricsPanel';
import { AutoscalerText, HealthBadge } from './parts';
import { TryPanel } from './TryPanel';
import { useEndpoints, useEndpointsStore } from './use-endpoints';

export function EndpointDetailPanel({ contextId, id }: { contextId: string; id: string }) {
  const { t } = useTranslation();
  const store = useEndpointsStore();
  const epoch = useAppState((state) => state.transportEpoch);
  const detail = useEndpoints((state) => (state.detail?.id === id ? state.detail : undefined));
  const error = useEndpoints((state) => state.detailError);

  useEffect(() => store.getState().watchDetail(contextId, id), [store, contextId, id, epoch]);

  return (
    <section aria-labelledby="endpoint-detail-title" className="ep-detail">
      <div className="table-head">
        <h2 id="endpoint-detail-title">{detail ? t('endpoints.detail.title', { name: detail.name, namespace: detail.namespace }) : id}</h2>
        <button type="button" className="button" onClick={() => store.getState().select(undefined)}>
          {t('endpoints.close')}
        </button>
      </div>
      {error && <ErrorBlock error={error} />}
      {!detail && !error && <p role="status">{t('endpoints.loading')}</p>}
      {detail && <DetailBody contextId={contextId} detail={detail} />}
    </section>
  );
}

function DetailBody({ contextId, detail }: { contextId: string; detail: EndpointDetail }) {
  const { t } = useTranslation();
  const tryOpen = useEndpoints((state) => state.tryOpen);

  return (
    <>
      <Actions detail={detail} />
      <dl className="ep-facts">
        <dt>{t('endpoints.detail.kind')}</dt>
        <dd>{detail.kind}</dd>
        <dt>{t('endpoints.detail.server')}</dt>
        <dd>
          {detail.server} <span className="muted">({t(`endpoints.category.${detail.category}`)})</span>
        </dd>
        <dt>{t('endpoints.detail.evidence')}</dt>
        <dd className="mono">{detail.serverInfo.evidence}</dd>
        <dt>{t('endpoints.detail.model')}</dt>
        <dd className="mono">{detail.model ?? '—'}</dd>
        {detail.deploymentMode && (
          <>
            <dt>{t('endpoints.detail.mode')}</dt>
            <dd>{detail.deploymentMode}</dd>
          </>
        )}
        <dt>{t('endpoints.detail.replicas')}</dt>
        <dd>
          {detail.ready} / {detail.desired} <HealthBadge health={detail.health} />
        </dd>
        <dt>{t('endpoints.detail.gpus')}</dt>
        <dd className="mono">{detail.gpuResources.join(', ') || '—'}</dd>
        {detail.modelStatus && (
          <>
            <dt>{t('endpoints.detail.modelStatus')}</dt>
            <dd>{[detail.modelStatus.transition, detail.modelStatus.activeState, detail.modelStatus.failure].filter(Boolean).join(' · ')}</dd>
          </>
        )}
      </dl>
      {tryOpen && <TryPanel detail={detail} />}
      <Urls detail={detail} />
      <Scaling detail={detail} />
      {detail.category === 'model' && <MetricsPanel contextId={contextId} id={detail.id} />}
      <Conditions detail={detail} />
      <Pods detail={detail} />
      <Events detail={detail} />
      <ActionDialogs detail={detail} />
    </>
  );
}

function Actions({ detail }: { detail: EndpointDetail }) {
  const { t } = useTranslation();
  const store = useEndpointsStore();
  const busy = useEndpoints((state) => state.busy);
  const notice = useEndpoints((state) => state.notice);
  const appUrl = useEndpoints((state) => state.appUrl);
  const actionError = useEndpoints((state) => state.actionError);
  const dialog = useEndpoints((state) => state.dialog);
  const format = useFormatters();

  const noticeText = notice?.startsWith('scale:')
    ? t('endpoints.scale.done', { replicas: notice.slice('scale:'.length) })
    : notice?.startsWith('restart:')
      ? t('endpoints.restart.done', { time: format.time(notice.slice('restart:'.length)) })
      : undefined;

  return (
    <div className="ep-actions">
      {detail.openAI && (
        <button type="button" className="button button-primary" onClick={() => store.getState().openTry(true)}>
          {t('endpoints.actions.tryIt')}
        </button>
      )}
      {detail.category === 'app' && (
        <button
          type="button"
          className="button button-primary"
          disabled={busy}
          onClick={async () => {
            const url = await store.getState().openApp();
            if (url) {
              window.open(url, '_blank', 'noopener,noreferrer');
            }
          }}
        >
          {busy ? t('endpoints.actions.opening') : t('endpoints.actions.openApp')}
        </button>
      )}
      <button type="button" className="button" disabled={!detail.scalable} title={detail.scalable ? undefined : t('endpoints.actions.noWrite')} onClick={() => store.getState().openDialog({ kind: 'scale' })}>
        {t('endpoints.actions.scale')}
      </button>
      <button type="button" className="button" disabled={!detail.restartable} title={detail.restartable ? undefined : t('endpoints.actions.noWrite')} onClick={() => store.getState().openDialog({ kind: 'restart' })}>
        {t('endpoints.actions.restart')}
      </button>
      {appUrl && (
        <span role="status">
          {t('endpoints.actions.appOpened', { url: '' })}
          <a href={appUrl} target="_blank" rel="noreferrer" className="mono">
            {appUrl}
          </a>
        </span>
      )}
      {noticeText && <span role="status">{noticeText}</span>}
      {actionError && !dialog && <ErrorBlock error={actionError} compact />}
    </div>
  );
}

function Urls({ detail }: { detail: EndpointDetail }) {
  const { t } = useTranslation();
  if (detail.urls.length === 0) {
    return null;
  }
  return (
    <section className="ep-block">
      <h3>{t('endpoints.detail.urls')}</h3>
      <ul className="ep-list">
        {detail.urls.map((url) => (
          <li key={`${url.source}-${url.url}`}>
            <span className="mono">{url.url}</span> <span className="badge">{url.source}</span>
            {!url.external && <span className="muted"> {t('endpoints.detail.internal')}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Scaling({ detail }: { detail: EndpointDetail }) {
  const { t } = useTranslation();
  return (
    <section className="ep-block">
      <h3>{t('endpoints.detail.autoscalers')}</h3>
      {detail.autoscalers.length === 0 && <p className="muted">{t('endpoints.detail.noAutoscaler')}</p>}
      <ul className="ep-list">
        {detail.autoscalers.map((autoscaler) => (
          <li key={`${autoscaler.kind}/${autoscaler.name}`}>
            <AutoscalerText autoscaler={autoscaler} /> <span className="mono muted">{autoscaler.name}</span>
            {autoscaler.current !== undefined && <span> · {t('endpoints.autoscaler.current', { current: autoscaler.current, desired: autoscaler.desired ?? '?' })}</span>}
            {autoscaler.metrics.length > 0 && <span className="muted"> · {autoscaler.metrics.join(', ')}</span>}
            {autoscaler.message && <p className="muted">{autoscaler.message}</p>}
          </li>
        ))}
      </ul>
      {detail.traffic.length > 0 && (
        <>
          <h3>{t('endpoints.detail.traffic')}</h3>
          <ul className="ep-list">
            {detail.traffic.map((entry) => (
              <li key={`${entry.component}/${entry.revision ?? entry.tag ?? ''}`}>
                {entry.component}: {entry.percent}% <span className="mono">{entry.revision ?? ''}</span> {entry.tag && <span className="badge">{entry.tag}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function Conditions({ detail }: { detail: EndpointDetail }) {
  const { t } = useTranslation();
  if (detail.conditions.length === 0) {
    return null;
  }
  return (
    <section className="ep-block">
      <h3>{t('endpoints.detail.conditions')}</h3>
      <ul className="ep-list">
        {detail.conditions.map((condition) => (
          <li key={condition.type}>
            <span className={condition.status === 'True' ? 'badge badge-capability' : 'badge badge-warn'}>
              {condition.type}={condition.status}
            </span>{' '}
            {condition.reason && <span className="mono">{condition.reason}</span>} {condition.message && <span className="muted">{condition.message}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Pods({ detail }: { detail: EndpointDetail }) {
  const { t } = useTranslation();
  return (
    <section className="ep-block">
      <h3>{t('endpoints.detail.pods')}</h3>
      <ul className="ep-list">
        {detail.pods.map((pod) => (
          <li key={pod.name}>
            <span className="mono">{pod.name}</span> <span className={pod.ready ? 'badge badge-capability' : 'badge badge-warn'}>{pod.ready ? t('endpoints.detail.ready') : t('endpoints.detail.notReady')}</span>{' '}
            <span className="muted">
              {pod.phase}
              {pod.reason ? ` · ${pod.reason}` : ''} · {t('endpoints.column.restarts')} {pod.restarts}
              {pod.node ? ` · ${pod.node}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Events({ detail }: { detail: EndpointDetail }) {
  const { t } = useTranslation();
  const format = useFormatters();
  return (
    <section className="ep-block">
      <h3>{t('endpoints.detail.events')}</h3>
      {detail.events.length === 0 && <p className="muted">{t('endpoints.detail.noEvents')}</p>}
      <ul className="ep-list">
        {detail.events.map((event, index) => (
          <li key={`${event.object}-${event.reason}-${index}`}>
            <span className={event.type === 'Warning' ? 'badge badge-warn' : 'badge'}>{event.reason}</span> <span className="mono muted">{event.object}</span> {event.message}{' '}
            <span className="muted">
              ×{event.count}
              {event.lastSeen ? ` · ${format.age(event.lastSeen)}` : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
