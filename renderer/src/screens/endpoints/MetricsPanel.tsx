/** Serving metrics (vLLM, SGLang, TGI) read through forwards every few seconds while shown. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../components/format';
import { useAppState } from '../../store/context';
import { useEndpoints, useEndpointsStore } from './use-endpoints';

export function MetricsPanel({ contextId, id }: { contextId: string; id: string }) {
  const { t } = useTranslation();
  const store = useEndpointsStore();
  const epoch = useAppState((state) => state.transportEpoch);
  const metrics = useEndpoints((state) => state.metrics);
  const format = useFormatters();

  useEffect(() => store.getState().watchMetrics(contextId, id), [store, contextId, id, epoch]);

  const total = metrics?.total;
  const number = (value: number | undefined, digits = 0) => (value === undefined ? '—' : format.number(Number(value.toFixed(digits))));
  return (
    <section className="ep-block" aria-labelledby="ep-metrics-title">
      <h3 id="ep-metrics-title">{t('endpoints.metrics.title')}</h3>
      {!metrics && <p className="muted">{t('endpoints.metrics.loading')}</p>}
      {metrics?.unavailable && <p className="muted">{t('endpoints.metrics.unavailable', { reason: metrics.unavailable })}</p>}
      {total && !metrics?.unavailable && (
        <dl className="ep-facts" data-testid="serving-metrics">
          <dt>{t('endpoints.metrics.running')}</dt>
          <dd>{number(total.running)}</dd>
          <dt>{t('endpoints.metrics.waiting')}</dt>
          <dd>{number(total.waiting)}</dd>
          <dt>{t('endpoints.metrics.kvCache')}</dt>
          <dd>{total.kvCacheUsage === undefined ? '—' : `${number(total.kvCacheUsage * 100, 1)}%`}</dd>
          <dt>{t('endpoints.metrics.ttft')}</dt>
          <dd>
            {number(total.timeToFirstTokenMeanMs)} / {number(total.timeToFirstTokenP95Ms)} ms
          </dd>
          <dt>{t('endpoints.metrics.tokens')}</dt>
          <dd>{number(total.generationTokens)}</dd>
        </dl>
      )}
      {metrics && (
        <p className="muted">
          {t('endpoints.metrics.pods', { count: metrics.pods.length })}
          {metrics.pods
            .filter((pod) => pod.error)
            .map((pod) => (
              <span key={pod.pod}> · {t('endpoints.metrics.podError', { pod: pod.pod, error: pod.error })}</span>
            ))}
        </p>
      )}
    </section>
  );
}
