/** One card per accelerator vendor and model: capacity, allocatable, requested and schedulable devices. */
import { useTranslation } from 'react-i18next';
import type { AcceleratorTotal } from '../../../../shared/models/overview';
import { useFormatters } from '../../components/format';

const FIELDS = ['capacity', 'allocatable', 'requested', 'schedulable'] as const;

export function acceleratorLabel(accelerator: AcceleratorTotal): string {
  return accelerator.model.toLowerCase().startsWith(accelerator.vendor.toLowerCase())
    ? accelerator.model
    : `${accelerator.vendor} ${accelerator.model}`;
}

export function GpuCards({ accelerators }: { accelerators: AcceleratorTotal[] }) {
  const { t } = useTranslation();

  return (
    <section aria-labelledby="gpu-title" className="gpus">
      <h2 id="gpu-title">{t('overview.gpus')}</h2>
      {accelerators.length === 0 && <p className="empty">{t('overview.noGpus')}</p>}
      <div className="cards">
        {accelerators.map((accelerator) => (
          <GpuCard key={`${accelerator.resourceName}/${accelerator.model}`} accelerator={accelerator} />
        ))}
      </div>
    </section>
  );
}

function GpuCard({ accelerator }: { accelerator: AcceleratorTotal }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const label = acceleratorLabel(accelerator);
  const used = accelerator.allocatable > 0 ? Math.min(1, accelerator.requested / accelerator.allocatable) : 0;

  return (
    <article className="card gpu-card" aria-label={label} data-testid="gpu-card" data-resource={accelerator.resourceName} data-model={accelerator.model}>
      <h3 className="card-title">{label}</h3>
      <p className="muted mono">{accelerator.resourceName}</p>
      <p className="muted">{t('overview.onNodes', { count: accelerator.nodes, formatted: format.number(accelerator.nodes) })}</p>
      <dl className="numbers">
        {FIELDS.map((field) => (
          <div key={field} className={`number number-${field}`}>
            <dt>{t(`overview.gpu.${field}`)}</dt>
            <dd data-testid={`gpu-${field}`}>{format.number(accelerator[field])}</dd>
          </div>
        ))}
      </dl>
      <div
        className="meter"
        role="meter"
        aria-label={t('overview.gpu.requestedShare')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(used * 100)}
      >
        <div className="meter-fill" style={{ width: `${used * 100}%` }} />
      </div>
    </article>
  );
}
