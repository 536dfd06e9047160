/** Jobs of every kind with their state, replicas and GPUs, and the actions on each. */
import { useTranslation } from 'react-i18next';
import type { JobRow } from '../../../../shared/models/queues';
import { useFormatters } from '../../components/format';
import { MoreRows, Section, useFilter } from './QueueTables';
import { useQueues } from './queues-store';

const WAITING = new Set(['Pending', 'Created', 'Suspended']);

export function JobTable({ rows }: { rows: JobRow[] }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const openDetail = useQueues((state) => state.openDetail);
  const openDialog = useQueues((state) => state.openDialog);
  const { filter, setFilter, shown, hidden } = useFilter(rows, (row) => `${row.kind} ${row.namespace} ${row.name} ${row.queue ?? ''} ${row.state}`);

  return (
    <Section id="queues-jobs" titleKey="queues.sections.jobs" count={rows.length} filter={filter} onFilter={setFilter}>
      {shown.length === 0 ? (
        <p className="empty">{t('queues.empty')}</p>
      ) : (
        <div className="queues-scroll">
          <table className="queues-table" aria-label={t('queues.sections.jobs')}>
            <thead>
              <tr>
                {['kind', 'namespace', 'name', 'queue', 'state', 'replicas', 'accelerators', 'progress', 'age', 'actions'].map((column) => (
                  <th key={column} scope="col">
                    {t(`queues.columns.${column}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((job) => {
                const finished = job.state === 'Succeeded' || job.state === 'Failed';
                // A Kueue job waiting for quota is suspended by Kueue, not by the user: it offers Suspend (deactivate).
                const toggle = job.state === 'Suspended' ? 'resume' : 'suspend';
                return (
                  <tr key={`${job.kind}/${job.namespace}/${job.name}`} data-job={job.name} data-state={job.state}>
                    <td>{job.kind}</td>
                    <td>{job.namespace}</td>
                    <th scope="row" className="mono">
                      {job.name}
                    </th>
                    <td>{job.queue ?? '—'}</td>
                    <td>
                      <span className={`state state-job-${job.state}`} title={job.stateCondition?.message}>
                        {t(`queues.jobState.${job.state}`)}
                      </span>
                    </td>
                    <td className="mono">{job.replicas.map((replica) => `${replica.type} ${replica.active + replica.succeeded}/${replica.desired}${replica.failed ? ` ✗${replica.failed}` : ''}`).join(', ')}</td>
                    <td className="mono">{job.accelerators.map((entry) => `${entry.resource}=${entry.amount}`).join(', ') || '—'}</td>
                    <td>{job.progress?.percent !== undefined ? `${job.progress.percent}%` : '—'}</td>
                    <td>{job.createdAt ? format.age(job.createdAt) : '—'}</td>
                    <td className="row-actions">
                      <button type="button" className="button" onClick={() => void openDetail(job)}>
                        {WAITING.has(job.state) ? t('queues.actions.why') : t('queues.actions.details')}
                      </button>
                      {!finished && (
                        <button type="button" className="button" onClick={() => openDialog({ kind: 'action', action: toggle, job })}>
                          {t(`queues.actions.${toggle}`)}
                        </button>
                      )}
                      <button type="button" className="button button-danger" onClick={() => openDialog({ kind: 'action', action: 'delete', job })}>
                        {t('queues.actions.delete')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <MoreRows hidden={hidden} />
    </Section>
  );
}
