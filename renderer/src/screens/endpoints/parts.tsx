/** Small pieces shared by the table and the detail: health badge, autoscaler line, kubectl command. */
import { useTranslation } from 'react-i18next';
import type { AutoscalerInfo, EndpointHealth } from '../../../../shared/models/endpoints';

const HEALTH_CLASS: Record<EndpointHealth, string> = {
  ready: 'badge badge-capability',
  progressing: 'badge badge-accent',
  degraded: 'badge badge-warn',
  failed: 'badge ep-badge-bad',
  scaledToZero: 'badge badge-muted',
  unknown: 'badge badge-muted',
};

export function HealthBadge({ health }: { health: EndpointHealth }) {
  const { t } = useTranslation();
  return <span className={HEALTH_CLASS[health]}>{t(`endpoints.health.${health}`)}</span>;
}

export function AutoscalerText({ autoscaler }: { autoscaler: AutoscalerInfo }) {
  const { t } = useTranslation();
  const range = autoscaler.min !== undefined || autoscaler.max !== undefined ? t('endpoints.autoscaler.range', { min: autoscaler.min ?? '?', max: autoscaler.max ?? '?' }) : '';
  const state = autoscaler.state ? t(`endpoints.autoscaler.state.${autoscaler.state}`) : '';
  const kind = autoscaler.kind === 'HorizontalPodAutoscaler' ? 'HPA' : autoscaler.kind === 'ScaledObject' ? 'KEDA' : 'KServe';
  return (
    <span title={[autoscaler.name, ...autoscaler.metrics, autoscaler.message ?? ''].filter(Boolean).join('\n')}>
      {[kind, range, state].filter(Boolean).join(' · ')}
    </span>
  );
}

export function KubectlCommand({ command }: { command: string }) {
  const { t } = useTranslation();
  return (
    <div className="ep-command">
      <span className="muted">{t('endpoints.command')}</span>
      <pre className="mono">{command}</pre>
    </div>
  );
}
