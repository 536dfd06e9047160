/** Every node with its readiness, scheduling state, pressure conditions and GPUs, windowed. */
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { NodeRow } from '../../../../shared/models/overview';
import { useFormatters } from '../../components/format';
import { useAppEnvironment, useAppState } from '../../store/context';
import type { OpenWindow } from '../../tables/window-controller';
import { useWindowController } from '../../tables/use-window-controller';
import { VirtualTable, type Column } from '../../tables/VirtualTable';
import { TableFilter } from './TableFilter';
import { modelWithVendor } from './model-label';

export function NodeTable({ contextId }: { contextId: string }) {
  const { t } = useTranslation();
  const { services } = useAppEnvironment();
  const format = useFormatters();
  const epoch = useAppState((state) => state.transportEpoch);

  const open = useCallback<OpenWindow<NodeRow>>(
    (request, listener) => services.overview.nodes({ contextId, ...request }, listener),
    [services, contextId],
  );
  const controller = useWindowController(open, { filter: '', sortBy: 'name', sortDirection: 'asc' }, epoch);

  const columns = useMemo<Column<NodeRow>[]>(
    () => [
      { id: 'name', headerKey: 'nodes.name', width: 'minmax(10rem, 2fr)', sortKey: 'name', render: (row) => <span className="mono">{row.name}</span> },
      { id: 'status', headerKey: 'nodes.status', width: 'minmax(12rem, 2fr)', render: (row) => <NodeStatus row={row} /> },
      { id: 'gpu', headerKey: 'nodes.gpuModel', width: 'minmax(8rem, 1.4fr)', sortKey: 'model', render: (row) => gpuModel(row) },
      { id: 'capacity', headerKey: 'overview.gpu.capacity', width: '6.5rem', sortKey: 'gpuCapacity', numeric: true, render: (row) => format.number(row.gpuCapacity) },
      { id: 'allocatable', headerKey: 'overview.gpu.allocatable', width: '6.5rem', sortKey: 'gpuAllocatable', numeric: true, render: (row) => format.number(row.gpuAllocatable) },
      { id: 'requested', headerKey: 'overview.gpu.requested', width: '6.5rem', sortKey: 'gpuRequested', numeric: true, render: (row) => format.number(row.gpuRequested) },
      { id: 'pods', headerKey: 'nodes.pods', width: '5rem', sortKey: 'pods', numeric: true, render: (row) => format.number(row.pods) },
      { id: 'kubelet', headerKey: 'nodes.kubelet', width: '7rem', render: (row) => row.kubeletVersion ?? '—' },
    ],
    [format],
  );

  return (
    <section aria-labelledby="nodes-title" className="table-section">
      <div className="table-head">
        <h2 id="nodes-title">{t('nodes.title')}</h2>
        <TableFilter controller={controller} label={t('nodes.filter')} />
      </div>
      <VirtualTable label={t('nodes.title')} columns={columns} controller={controller} rowKey={(row) => row.name} emptyText={t('nodes.empty')} />
    </section>
  );
}

function gpuModel(row: NodeRow): string {
  return modelWithVendor(row.vendor, row.model) || '—';
}

function NodeStatus({ row }: { row: NodeRow }) {
  const { t } = useTranslation();
  const conditions = [row.ready ? t('nodes.ready') : t('nodes.notReady'), ...(row.unschedulable ? [t('nodes.cordoned')] : []), ...row.pressure];
  return (
    <span className="conditions" title={conditions.join(', ')}>
      <span className={row.ready ? 'pill pill-ok' : 'pill pill-bad'}>{row.ready ? t('nodes.ready') : t('nodes.notReady')}</span>
      {row.unschedulable && <span className="pill pill-warn">{t('nodes.cordoned')}</span>}
      {row.pressure.map((condition) => (
        <span key={condition} className="pill pill-warn" title={condition}>
          {t(`nodes.pressure.${condition}`, { defaultValue: condition })}
        </span>
      ))}
    </span>
  );
}
