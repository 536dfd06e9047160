/** Every endpoint of the cluster, windowed; the name opens its detail. */
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { EndpointRow } from '../../../../shared/models/endpoints';
import { useFormatters } from '../../components/format';
import { useAppState, useContractClient } from '../../store/context';
import type { OpenWindow } from '../../tables/window-controller';
import { useWindowController } from '../../tables/use-window-controller';
import { VirtualTable, type Column } from '../../tables/VirtualTable';
import { TableFilter } from '../overview/TableFilter';
import { endpointsContract } from '../../../../shared/contracts/endpoints';
import { useEndpoints } from './use-endpoints';
import { AutoscalerText, HealthBadge } from './parts';

export function EndpointTable({ contextId }: { contextId: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const epoch = useAppState((state) => state.transportEpoch);
  const select = useEndpoints((state) => state.select);
  const selectedId = useEndpoints((state) => state.selectedId);
  const client = useContractClient(endpointsContract);

  const open = useCallback<OpenWindow<EndpointRow>>((request, listener) => client.list({ contextId, ...request }, listener), [client, contextId]);
  const controller = useWindowController(open, { filter: '', sortBy: 'name', sortDirection: 'asc' }, epoch);

  const columns = useMemo<Column<EndpointRow>[]>(
    () => [
      {
        id: 'name',
        headerKey: 'endpoints.column.name',
        width: 'minmax(11rem, 2fr)',
        sortKey: 'name',
        render: (row) => (
          <button type="button" className="link-button mono" aria-pressed={selectedId === row.id} title={`${row.kind} ${row.namespace}/${row.name}`} onClick={() => select(row.id)}>
            {row.namespace}/{row.name}
          </button>
        ),
      },
      { id: 'server', headerKey: 'endpoints.column.server', width: '7rem', sortKey: 'server', render: (row) => <span title={t(`endpoints.category.${row.category}`)}>{row.server}</span> },
      { id: 'model', headerKey: 'endpoints.column.model', width: 'minmax(9rem, 1.6fr)', sortKey: 'model', render: (row) => <span className="mono" title={row.model}>{row.model ?? '—'}</span> },
      { id: 'health', headerKey: 'endpoints.column.health', width: '7.5rem', sortKey: 'health', render: (row) => <HealthBadge health={row.health} /> },
      { id: 'replicas', headerKey: 'endpoints.column.replicas', width: '9rem', sortKey: 'ready', numeric: true, render: (row) => `${format.number(row.ready)} / ${format.number(row.desired)}` },
      { id: 'gpus', headerKey: 'endpoints.column.gpus', width: '4.5rem', sortKey: 'gpus', numeric: true, render: (row) => <span title={row.gpuResources.join('\n')}>{format.number(row.gpus)}</span> },
      { id: 'restarts', headerKey: 'endpoints.column.restarts', width: '5.5rem', sortKey: 'restarts', numeric: true, render: (row) => format.number(row.restarts) },
      { id: 'autoscaler', headerKey: 'endpoints.column.autoscaler', width: 'minmax(8rem, 1.2fr)', render: (row) => (row.autoscaler ? <AutoscalerText autoscaler={row.autoscaler} /> : '—') },
      { id: 'url', headerKey: 'endpoints.column.url', width: 'minmax(10rem, 1.8fr)', render: (row) => <span className="mono" title={row.urls.map((url) => url.url).join('\n')}>{row.urls[0]?.url ?? '—'}</span> },
    ],
    [format, select, selectedId, t],
  );

  return (
    <section aria-labelledby="endpoints-table-title" className="table-section">
      <div className="table-head">
        <h2 id="endpoints-table-title">{t('endpoints.title')}</h2>
        <TableFilter controller={controller} label={t('endpoints.filter')} />
      </div>
      <VirtualTable label={t('endpoints.title')} columns={columns} controller={controller} rowKey={(row) => row.id} emptyText={t('endpoints.empty')} />
    </section>
  );
}
