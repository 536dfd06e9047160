/** The read-only tables of the Queues screen: ClusterQueues with quota, LocalQueues, Workloads and unplaced pods. */
import { Fragment, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClusterQueueRow, LocalQueueRow, PendingPodRow, WorkloadRow } from '../../../../shared/models/queues';
import { useFormatters } from '../../components/format';

/** Rows rendered per table; the lists of one cluster rarely exceed it, and the filter narrows the rest. */
export const MAX_ROWS = 200;

export function Section({ id, titleKey, count, filter, onFilter, children }: { id: string; titleKey: string; count: number; filter?: string; onFilter?(value: string): void; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <section className="table-section queues-section" aria-labelledby={`${id}-title`} data-testid={id}>
      <div className="table-head">
        <h2 id={`${id}-title`}>
          {t(titleKey)} <span className="badge">{count}</span>
        </h2>
        {onFilter && <input className="table-filter" type="search" aria-label={`${t(titleKey)}: ${t('queues.filter')}`} placeholder={t('queues.filter')} value={filter ?? ''} onChange={(event) => onFilter(event.target.value)} />}
      </div>
      {children}
    </section>
  );
}

export function useFilter<Row>(rows: readonly Row[], text: (row: Row) => string): { filter: string; setFilter(value: string): void; shown: Row[]; hidden: number } {
  const [filter, setFilter] = useState('');
  const needle = filter.trim().toLowerCase();
  const matching = needle ? rows.filter((row) => text(row).toLowerCase().includes(needle)) : [...rows];
  return { filter, setFilter, shown: matching.slice(0, MAX_ROWS), hidden: Math.max(0, matching.length - MAX_ROWS) };
}

export function MoreRows({ hidden }: { hidden: number }) {
  const { t } = useTranslation();
  return hidden > 0 ? <p className="muted">{t('queues.more', { count: hidden })}</p> : null;
}

export function ClusterQueueTable({ rows }: { rows: ClusterQueueRow[] }) {
  const { t } = useTranslation();
  if (rows.length === 0) {
    return <p className="empty">{t('queues.empty')}</p>;
  }
  const limit = (value: string | undefined) => value ?? <span className="muted">{t('queues.noLimit')}</span>;
  return (
    <div className="queues-scroll">
      <table className="queues-table" aria-label={t('queues.sections.clusterQueues')}>
        <thead>
          <tr>
            {['name', 'cohort', 'flavor', 'resource', 'nominal', 'borrowingLimit', 'lendingLimit', 'used', 'reserved', 'available', 'workloads'].map((column) => (
              <th key={column} scope="col">
                {t(`queues.columns.${column}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((queue) => (
            <Fragment key={queue.name}>
              {(queue.quotas.length > 0 ? queue.quotas : [undefined]).map((quota, index) => (
                <tr key={`${queue.name}/${quota?.flavor ?? ''}/${quota?.resource ?? ''}`} data-queue={queue.name}>
                  {index === 0 ? (
                    <>
                      <th scope="row" rowSpan={Math.max(1, queue.quotas.length)}>
                        {queue.name} {!queue.active && <span className="badge badge-warn" title={queue.activeMessage}>{t('queues.inactive')}</span>}
                      </th>
                      <td rowSpan={Math.max(1, queue.quotas.length)}>{queue.cohort ?? '—'}</td>
                    </>
                  ) : null}
                  <td>{quota?.flavor ?? '—'}</td>
                  <td className="mono">{quota?.resource ?? '—'}</td>
                  <td className="num">{quota?.nominal ?? '—'}</td>
                  <td className="num">{quota ? limit(quota.borrowingLimit) : '—'}</td>
                  <td className="num">{quota ? limit(quota.lendingLimit) : '—'}</td>
                  <td className="num" title={quota?.statusUsed !== undefined && quota.statusUsed !== quota.used ? t('queues.statusDiffers', { value: quota.statusUsed }) : undefined}>
                    {quota?.used ?? '—'}
                  </td>
                  <td className="num">{quota?.reserved ?? '—'}</td>
                  <td className="num strong">{quota?.available ?? '—'}</td>
                  {index === 0 ? (
                    <td rowSpan={Math.max(1, queue.quotas.length)} className="num">
                      {queue.pendingWorkloads} / {queue.admittedWorkloads}
                    </td>
                  ) : null}
                </tr>
              ))}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function LocalQueueTable({ rows }: { rows: LocalQueueRow[] }) {
  const { t } = useTranslation();
  if (rows.length === 0) {
    return <p className="empty">{t('queues.empty')}</p>;
  }
  return (
    <div className="queues-scroll">
      <table className="queues-table" aria-label={t('queues.sections.localQueues')}>
        <thead>
          <tr>
            {['namespace', 'name', 'clusterQueue', 'workloads', 'used'].map((column) => (
              <th key={column} scope="col">
                {t(`queues.columns.${column}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((queue) => (
            <tr key={`${queue.namespace}/${queue.name}`}>
              <td>{queue.namespace}</td>
              <th scope="row">{queue.name}</th>
              <td>{queue.clusterQueue}</td>
              <td className="num">
                {queue.pendingWorkloads} / {queue.admittedWorkloads}
              </td>
              <td className="mono">{queue.used.map((entry) => `${entry.flavor} ${entry.resource}=${entry.total}`).join(', ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function WorkloadTable({ rows }: { rows: WorkloadRow[] }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { filter, setFilter, shown, hidden } = useFilter(rows, (row) => `${row.namespace} ${row.name} ${row.queue} ${row.state} ${row.owner?.name ?? ''}`);
  return (
    <Section id="queues-workloads" titleKey="queues.sections.workloads" count={rows.length} filter={filter} onFilter={setFilter}>
      {shown.length === 0 ? (
        <p className="empty">{t('queues.empty')}</p>
      ) : (
        <div className="queues-scroll">
          <table className="queues-table" aria-label={t('queues.sections.workloads')}>
            <thead>
              <tr>
                {['namespace', 'name', 'queue', 'state', 'position', 'priority', 'requests', 'owner', 'age'].map((column) => (
                  <th key={column} scope="col">
                    {t(`queues.columns.${column}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <tr key={`${row.namespace}/${row.name}`} data-workload={row.name}>
                  <td>{row.namespace}</td>
                  <th scope="row" className="mono">
                    {row.name}
                  </th>
                  <td>
                    {row.queue}
                    {row.clusterQueue ? <span className="muted"> → {row.clusterQueue}</span> : null}
                  </td>
                  <td>
                    <span className={`state state-${row.state}`} title={row.stateMessage}>
                      {t(`queues.workloadState.${row.state}`)}
                    </span>
                  </td>
                  <td className="num">{row.position?.inClusterQueue ?? row.position?.inLocalQueue ? t('queues.positionValue', { position: row.position?.inClusterQueue ?? row.position?.inLocalQueue }) : '—'}</td>
                  <td className="num">{row.priority}</td>
                  <td className="mono">{row.requests.map((entry) => `${entry.resource}=${entry.amount}`).join(', ')}</td>
                  <td>{row.owner ? `${row.owner.kind}/${row.owner.name}` : '—'}</td>
                  <td>{row.createdAt ? format.age(row.createdAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MoreRows hidden={hidden} />
    </Section>
  );
}

export function PendingPodTable({ rows }: { rows: PendingPodRow[] }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { filter, setFilter, shown, hidden } = useFilter(rows, (row) => `${row.namespace} ${row.name} ${row.message ?? ''}`);
  return (
    <Section id="queues-pending-pods" titleKey="queues.sections.pendingPods" count={rows.length} filter={filter} onFilter={setFilter}>
      {shown.length === 0 ? (
        <p className="empty">{t('queues.empty')}</p>
      ) : (
        <div className="queues-scroll">
          <table className="queues-table" aria-label={t('queues.sections.pendingPods')}>
            <thead>
              <tr>
                {['namespace', 'name', 'owner', 'reason', 'message', 'age'].map((column) => (
                  <th key={column} scope="col">
                    {t(`queues.columns.${column}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <tr key={`${row.namespace}/${row.name}`}>
                  <td>{row.namespace}</td>
                  <th scope="row" className="mono">
                    {row.name}
                  </th>
                  <td>{row.owner ? `${row.owner.kind}/${row.owner.name}` : '—'}</td>
                  <td>{row.reason ?? '—'}</td>
                  <td className="wrap">{row.message ?? '—'}</td>
                  <td>{row.since ? format.age(row.since) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MoreRows hidden={hidden} />
    </Section>
  );
}
