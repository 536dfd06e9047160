/** One card per accelerator vendor and model: capacity, allocatable, requested and schedulable devices. */
import { useTranslation } from 'react-i18next';
import type { AcceleratorTotal } from '../../../../shared/models/overview';
import { useFormatters } from '../../components/format';
import { acceleratorLabel } from './accelerator-label';

const FIELDS = ['capacity', 'allocatable', 'requested', 'schedulable'] as const;

/** Vendor name in the screen's language; the shared table's English name where no translation exists. */
export function useVendorName(): (accelerator: AcceleratorTotal) => string {
  const { t } = useTranslation();
  return (accelerator) => t(`overview.vendor.${accelerator.vendor}`, { defaultValue: accelerator.vendorName });
}

export function GpuCards({ accelerators, nodesHidden = false }: { accelerators: AcceleratorTotal[]; nodesHidden?: boolean }) {
  const { t } = useTranslation();
  const devices = accelerators.filter((accelerator) => accelerator.countsDevices);
  const shares = accelerators.filter((accelerator) => !accelerator.countsDevices);

  return (
    <section aria-labelledby="gpu-title" className="gpus">
      <h2 id="gpu-title">{t('overview.gpus')}</h2>
      {devices.length === 0 && <p className="empty">{t(nodesHidden ? 'overview.nodesHidden' : 'overview.noGpus')}</p>}
      <div className="cards">
        {devices.map((accelerator) => (
          <GpuCard key={`${accelerator.resourceName}/${accelerator.model}`} accelerator={accelerator} />
        ))}
      </div>
      {shares.length > 0 && <ShareTable shares={shares} />}
    </section>
  );
}

/** Memory and compute shares (HAMi and similar): amounts, never summed with device counts. */
function ShareTable({ shares }: { shares: AcceleratorTotal[] }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const vendorName = useVendorName();
  return (
    <details className="gpu-shares">
      <summary>{t('overview.shares')}</summary>
      <p className="muted">{t('overview.sharesHint')}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('overview.shareColumns.resource')}</th>
            <th scope="col">{t('overview.shareColumns.vendor')}</th>
            <th scope="col">{t('overview.shareColumns.unit')}</th>
            <th scope="col">{t('overview.shareColumns.allocatable')}</th>
            <th scope="col">{t('overview.shareColumns.requested')}</th>
          </tr>
        </thead>
        <tbody>
          {shares.map((share) => (
            <tr key={`${share.resourceName}/${share.model}`}>
              <td className="mono">{share.resourceName}</td>
              <td>{vendorName(share)}</td>
              <td>{share.measure}</td>
              <td>{format.number(share.allocatable)}</td>
              <td>{format.number(share.requested)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function GpuCard({ accelerator }: { accelerator: AcceleratorTotal }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const label = acceleratorLabel(accelerator, useVendorName()(accelerator));
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
