/** Pods that request accelerators, windowed like the node table. */
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { PodRow } from '../../../../shared/models/overview';
import { useFormatters } from '../../components/format';
import { useAppEnvironment, useAppState } from '../../store/context';
import type { OpenWindow } from '../../tables/window-controller';
import { useWindowController } from '../../tables/use-window-controller';
import { VirtualTable, type Column } from '../../tables/VirtualTable';
import { TableFilter } from './TableFilter';

const PHASE_CLASS: Record<string, string> = { Running: 'pill-ok', Succeeded: 'pill-muted', Pending: 'pill-warn', Failed: 'pill-bad', Unknown: 'pill-bad' };

export function PodTable({ contextId }: { contextId: string }) {
  const { t } = useTranslation();
  const { services } = useAppEnvironment();
  const format = useFormatters();
  const epoch = useAppState((state) => state.transportEpoch);

  const open = useCallback<OpenWindow<PodRow>>(
    (request, listener) => services.overview.pods({ contextId, allPods: false, ...request }, listener),
    [services, contextId],
  );
  const controller = useWindowController(open, { filter: '', sortBy: 'name', sortDirection: 'asc' }, epoch);

  const columns = useMemo<Column<PodRow>[]>(
    () => [
      { id: 'namespace', headerKey: 'pods.namespace', width: 'minmax(7rem, 1fr)', sortKey: 'namespace', render: (row) => row.namespace },
      { id: 'name', headerKey: 'pods.name', width: 'minmax(10rem, 2fr)', sortKey: 'name', render: (row) => <span className="mono">{row.name}</span> },
      { id: 'node', headerKey: 'pods.node', width: 'minmax(8rem, 1.4fr)', sortKey: 'node', render: (row) => row.node ?? '—' },
      {
        id: 'phase',
        headerKey: 'pods.phase',
        width: '8rem',
        sortKey: 'phase',
        render: (row) => <span className={`pill ${PHASE_CLASS[row.phase] ?? 'pill-muted'}`}>{t(`pods.phases.${row.phase}`, { defaultValue: row.phase })}</span>,
      },
      { id: 'gpus', headerKey: 'pods.gpus', width: '5rem', sortKey: 'gpus', numeric: true, render: (row) => format.number(row.gpus) },
      { id: 'resource', headerKey: 'pods.resource', width: 'minmax(9rem, 1.4fr)', render: (row) => <span className="mono">{row.resourceName ?? '—'}</span> },
      { id: 'age', headerKey: 'pods.age', width: '5rem', sortKey: 'created', numeric: true, render: (row) => format.age(row.created) },
    ],
    [format, t],
  );

  return (
    <section aria-labelledby="pods-title" className="table-section">
      <div className="table-head">
        <h2 id="pods-title">{t('pods.title')}</h2>
        <TableFilter controller={controller} label={t('pods.filter')} />
      </div>
      <VirtualTable
        label={t('pods.title')}
        columns={columns}
        controller={controller}
        rowKey={(row) => `${row.namespace}/${row.name}`}
        emptyText={t('pods.empty')}
      />
    </section>
  );
}
