/** Where utilization comes from and whether it is current; says "allocation only" instead of showing zeros. */
import { useTranslation } from 'react-i18next';
import type { MetricsStatus } from '../../../../../shared/models/gpu';
import { useFormatters } from '../../../components/format';

export function StatusBar({ status, onConfigure }: { status: MetricsStatus; onConfigure(): void }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const source = status.source ?? '';
  const tone = status.state === 'ok' ? 'notice-info' : 'notice-warning';

  return (
    <div role="status" className={`notice ${tone} gpu-status`} data-metrics-state={status.state}>
      <p>
        {status.state === 'unconfigured' && t('gpu.status.unconfigured')}
        {status.state === 'connecting' && t('gpu.status.connecting', { source })}
        {status.state === 'ok' && t('gpu.status.ok', { source, interval: status.sampleIntervalSeconds, time: status.lastSampleAt ? format.time(status.lastSampleAt) : '—' })}
        {status.state === 'failing' && t('gpu.status.failing', { source, message: status.message ?? '' })}
      </p>
      {status.state === 'ok' && status.message && <p>{status.message}</p>}
      {status.state === 'ok' && <p className="muted">{t('gpu.status.exporters', { list: status.exporters.join(', ') || t('gpu.status.none') })}</p>}
      {status.warnings.length > 0 && (
        <details>
          <summary>{t('gpu.status.warnings')}</summary>
          <ul>
            {status.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </details>
      )}
      {(status.state === 'unconfigured' || status.state === 'failing') && (
        <button type="button" className="button" onClick={onConfigure}>
          {t('gpu.status.configure')}
        </button>
      )}
    </div>
  );
}
