/** Accelerator allocation per namespace and tenant against its ResourceQuota. */
import { useTranslation } from 'react-i18next';
import type { TenantAllocation } from '../../../../../shared/models/gpu';
import { useFormatters } from '../../../components/format';

export function TenantTable({ tenants, forbidden }: { tenants: TenantAllocation[]; forbidden: string[] }) {
  const { t } = useTranslation();
  const format = useFormatters();
  return (
    <section aria-labelledby="tenants-gpu-title" className="gpu-section">
      <h2 id="tenants-gpu-title">{t('gpu.tenants.title')}</h2>
      {forbidden.length > 0 && <p className="notice notice-warning">{t('gpu.tenants.forbidden', { resources: forbidden.join(', ') })}</p>}
      {tenants.length === 0 ? (
        <p className="muted">{t('gpu.tenants.empty')}</p>
      ) : (
        <table className="plain-table" aria-label={t('gpu.tenants.title')}>
          <thead>
            <tr>
              <th scope="col">{t('gpu.tenants.namespace')}</th>
              <th scope="col">{t('gpu.tenants.tenant')}</th>
              <th scope="col" className="numeric">{t('gpu.tenants.held')}</th>
              <th scope="col" className="numeric">{t('gpu.tenants.pending')}</th>
              <th scope="col">{t('gpu.tenants.quota')}</th>
            </tr>
          </thead>
          <tbody>
            {tenants.map((tenant) => (
              <tr key={tenant.namespace}>
                <td className="mono">{tenant.namespace}</td>
                <td>{tenant.tenant ?? '—'}</td>
                <td className="numeric">{format.number(tenant.held)}</td>
                <td className="numeric">{format.number(tenant.pending)}</td>
                <td>
                  {tenant.quotas.length === 0 ? (
                    <span className="muted">{t('gpu.tenants.noQuota')}</span>
                  ) : (
                    tenant.quotas.map((quota) => (
                      <div key={quota.resource} className="quota-row">
                        <span className="mono">{quota.resource}</span> {quota.display}
                        <span className="quota-bar" aria-hidden="true">
                          <span style={{ width: `${Math.min(100, (quota.ratio ?? 0) * 100)}%` }} />
                        </span>
                      </div>
                    ))
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
