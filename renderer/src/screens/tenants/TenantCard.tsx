/** One tenant: each of its namespaces with Pod Security, quotas, LimitRanges, queues and members. */
import { useTranslation } from 'react-i18next';
import type { LocalQueueView, MemberView, QuotaView, TenantNamespaceView, TenantView } from '../../../../shared/models/tenants';
import { POD_SECURITY_MODES } from '../../../../shared/tenants/labels';
import { NoteText } from './NoteText';
import { useTenantsStore } from './use-tenants';

export function TenantCard({ tenant, kueue }: { tenant: TenantView; kueue: boolean }) {
  const { t } = useTranslation();
  return (
    <article className="tenant card" aria-label={tenant.name} data-tenant={tenant.name}>
      <h2 className="card-title">
        {tenant.name} {!tenant.labelled && <span className="badge badge-muted">{t('tenants.notLabelled')}</span>}
      </h2>
      {tenant.namespaces.map((namespace) => <NamespaceSection key={namespace.namespace} view={namespace} kueue={kueue} />)}
    </article>
  );
}

function NamespaceSection({ view, kueue }: { view: TenantNamespaceView; kueue: boolean }) {
  const { t } = useTranslation();
  const store = useTenantsStore();
  const noAccess = view.notes.some((note) => note.effect === 'no-access');
  const hidden = (resource: string) => view.notes.some((note) => note.resource === resource && note.effect === 'hidden');

  return (
    <section className="tenant-namespace" aria-label={`${t('tenants.namespace')} ${view.namespace}`} data-namespace={view.namespace}>
      <div className="tenant-head">
        <h3>{t('tenants.namespace')} <code>{view.namespace}</code></h3>
        {view.readable && <PodSecurity view={view} />}
        {!view.readable && !noAccess && <span className="badge badge-muted">{t('tenants.unreadable')}</span>}
        {!noAccess && view.exists !== false && (
          <span className="actions">
            {view.readable && <button type="button" className="button" onClick={() => void store.getState().openEdit(view.namespace)}>{t('tenants.edit')}</button>}
            <button type="button" className="button" onClick={() => store.getState().openAccess(view.namespace)}>{t('tenants.checkAccess')}</button>
          </span>
        )}
      </div>
      {view.exists === false && <p className="notice notice-warning">{t('tenants.doesNotExist', { namespace: view.namespace })}</p>}
      {view.notes.length > 0 && (
        <ul className="note-list notice notice-warning" data-testid="namespace-notes">
          {view.notes.map((note) => <li key={`${note.verb}:${note.resource}`}><NoteText note={note} /></li>)}
        </ul>
      )}
      {!noAccess && view.exists !== false && (
        <div className="tenant-grid">
          {!hidden('resourcequotas') && <Quotas quotas={view.quotas} />}
          {!hidden('limitranges') && <LimitRanges view={view} />}
          {kueue && !hidden('localqueues') && <Queues queues={view.localQueues} />}
          {!hidden('rolebindings') && <Members members={view.members} />}
        </div>
      )}
    </section>
  );
}

function PodSecurity({ view }: { view: TenantNamespaceView }) {
  const { t } = useTranslation();
  return (
    <ul className="badge-list" aria-label={t('tenants.podSecurity')}>
      {POD_SECURITY_MODES.map((mode) => {
        const entry = view.podSecurity[mode];
        return (
          <li key={mode} className={entry ? `badge psa-${entry.level}` : 'badge badge-muted'} title={entry?.version ? `${entry.level}@${entry.version}` : undefined}>
            {mode}: {entry?.level ?? t('tenants.psaUnset')}
          </li>
        );
      })}
    </ul>
  );
}

function Quotas({ quotas }: { quotas: QuotaView[] }) {
  const { t } = useTranslation();
  return (
    <div className="tenant-block">
      <h4>{t('tenants.quotas')}</h4>
      {quotas.length === 0 && <p className="empty">{t('tenants.noQuotas')}</p>}
      {quotas.map((quota) => (
        <table key={quota.name} className="quota-table" aria-label={`ResourceQuota ${quota.name}`}>
          <caption><code>{quota.name}</code>{quota.pending && <span className="muted"> — {t('tenants.quotaPending')}</span>}</caption>
          <thead><tr><th scope="col">{t('tenants.resource')}</th><th scope="col">{t('tenants.used')}</th><th scope="col">{t('tenants.hard')}</th><th scope="col">{t('tenants.usage')}</th></tr></thead>
          <tbody>
            {quota.rows.map((row) => (
              <tr key={row.resource} data-resource={row.resource}>
                <td>{row.accelerator && <span className="badge badge-accent">{row.accelerator}</span>} <code>{row.resource}</code></td>
                <td className="numeric">{row.used}</td>
                <td className="numeric">{row.hard}</td>
                <td>
                  <div className="meter" title={row.display}><div className={`meter-fill${(row.ratio ?? 0) >= 1 ? ' meter-full' : ''}`} style={{ width: `${Math.min(100, (row.ratio ?? 0) * 100)}%` }} /></div>
                  <span className="muted small">{row.display}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </div>
  );
}

function LimitRanges({ view }: { view: TenantNamespaceView }) {
  const { t } = useTranslation();
  return (
    <div className="tenant-block">
      <h4>{t('tenants.limitRanges')}</h4>
      {view.limitRanges.length === 0 && <p className="empty">{t('tenants.noLimitRanges')}</p>}
      {view.limitRanges.map((range) => (
        <div key={range.name}>
          <code>{range.name}</code>
          {range.items.map((item, index) => (
            <dl key={index} className="facts limit-facts">
              <dt className="muted">type</dt><dd>{item.type}</dd>
              {Object.entries(item.values).map(([field, values]) => (
                <div key={field} className="fact"><dt className="muted">{field}</dt><dd>{Object.entries(values).map(([k, v]) => `${k}=${v}`).join(', ')}</dd></div>
              ))}
            </dl>
          ))}
        </div>
      ))}
    </div>
  );
}

function Queues({ queues }: { queues: LocalQueueView[] }) {
  const { t } = useTranslation();
  return (
    <div className="tenant-block">
      <h4>{t('tenants.queues')}</h4>
      {queues.length === 0 && <p className="empty">{t('tenants.noQueues')}</p>}
      {queues.map((queue) => (
        <div key={queue.name} className="queue">
          <code>{queue.name}</code> {t('tenants.queueTo', { name: queue.clusterQueue })}
          {queue.pendingWorkloads !== undefined && <span className="muted"> · {t('tenants.workloads', { pending: queue.pendingWorkloads, admitted: queue.admittedWorkloads ?? 0 })}</span>}
          {queue.clusterQueueProblem === 'missing' && <p className="field-error">{t('tenants.cqMissing', { name: queue.clusterQueue })}</p>}
          {queue.clusterQueueProblem === 'forbidden' && <p className="muted">{t('tenants.cqForbidden')}</p>}
          {queue.clusterQueueDetail && (
            <ul className="plain-list">
              {queue.clusterQueueDetail.cohort && <li className="muted">{t('tenants.cohort', { name: queue.clusterQueueDetail.cohort })}</li>}
              {queue.clusterQueueDetail.resources.map((r) => (
                <li key={`${r.flavor}/${r.resource}`}>
                  <code>{r.flavor}</code> <code>{r.resource}</code>: {r.used ?? '0'} / {r.nominalQuota ?? '—'}
                  {r.borrowingLimit && <span className="muted"> ({t('tenants.borrowing', { value: r.borrowingLimit })})</span>}
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </div>
  );
}

function Members({ members }: { members: MemberView[] }) {
  const { t } = useTranslation();
  return (
    <div className="tenant-block tenant-members">
      <h4>{t('tenants.members')}</h4>
      {members.length === 0 && <p className="empty">{t('tenants.noMembers')}</p>}
      {members.length > 0 && (
        <table className="quota-table" aria-label={t('tenants.members')}>
          <thead><tr><th scope="col">{t('tenants.subject')}</th><th scope="col">{t('tenants.roles')}</th></tr></thead>
          <tbody>
            {members.map((member) => (
              <tr key={`${member.subject.kind}/${member.subject.namespace ?? ''}/${member.subject.name}`}>
                <td><span className="badge">{t(`tenants.kind.${member.subject.kind}`)}</span> {member.subject.namespace ? `${member.subject.namespace}/` : ''}{member.subject.name}</td>
                <td>
                  {member.grants.map((grant) => (
                    <div key={`${grant.bindingKind}/${grant.binding}`}>
                      <strong>{grant.role}</strong> <span className="muted small">({grant.bindingKind} {grant.binding})</span>
                      {grant.managed && <span className="badge badge-capability" title={t('tenants.managed')}>d.run</span>}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
