/** Held GPUs that sit idle, sortable, each with a link to its pod in the inventory; then busy devices no pod can be named for. */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GpuTelemetryView, IdleGpuRow } from '../../../../../shared/models/gpu';
import { useFormatters } from '../../../components/format';
import type { PodFocus } from './DeviceMaps';

type SortKey = 'namespace' | 'workload' | 'pod' | 'device' | 'tenant' | 'queue' | 'user' | 'idleSeconds' | 'memoryUsedMiB';

const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'namespace', label: 'gpu.idle.namespace' },
  { key: 'workload', label: 'gpu.idle.workload' },
  { key: 'pod', label: 'gpu.idle.pod' },
  { key: 'device', label: 'gpu.idle.device' },
  { key: 'tenant', label: 'gpu.idle.tenant' },
  { key: 'queue', label: 'gpu.idle.queue' },
  { key: 'user', label: 'gpu.idle.user' },
  { key: 'idleSeconds', label: 'gpu.idle.idleFor', numeric: true },
  { key: 'memoryUsedMiB', label: 'gpu.idle.memory', numeric: true },
];

function sortValue(row: IdleGpuRow, key: SortKey): string | number {
  if (key === 'workload') return `${row.workload.kind}/${row.workload.name}`;
  const value = row[key];
  return typeof value === 'number' ? value : (value ?? '');
}

export function IdleGpus({ view, onShow }: { view: GpuTelemetryView; onShow(focus: PodFocus): void }) {
  const { t } = useTranslation();
  const [sort, setSort] = useState<{ key: SortKey; direction: 'asc' | 'desc' }>({ key: 'idleSeconds', direction: 'desc' });
  const rows = useMemo(() => {
    const sign = sort.direction === 'asc' ? 1 : -1;
    return [...view.idle].sort((a, b) => {
      const left = sortValue(a, sort.key);
      const right = sortValue(b, sort.key);
      return sign * (typeof left === 'number' && typeof right === 'number' ? left - right : String(left).localeCompare(String(right)));
    });
  }, [view.idle, sort]);
  const hasMetrics = view.status.state === 'ok' || (view.status.state === 'failing' && Boolean(view.status.lastSampleAt));

  return (
    <section aria-labelledby="idle-title" className="gpu-section">
      <h2 id="idle-title">{t('gpu.idle.title')}</h2>
      {!hasMetrics ? (
        <p className="notice notice-warning">{t('gpu.idle.needsMetrics')}</p>
      ) : (
        <>
          <p className="muted">{t('gpu.idle.explain', { percent: view.settings.idleUtilizationPercent, minutes: view.settings.idleMinutes })}</p>
          {view.podsWithoutTelemetry > 0 && <p className="muted">{t('gpu.idle.withoutTelemetry', { count: view.podsWithoutTelemetry })}</p>}
          {rows.length === 0 ? <p className="muted">{t('gpu.idle.empty')}</p> : <IdleTable rows={rows} sort={sort} onSort={setSort} onShow={onShow} />}
        </>
      )}
      <Unattributed view={view} />
    </section>
  );
}

function IdleTable({ rows, sort, onSort, onShow }: { rows: IdleGpuRow[]; sort: { key: SortKey; direction: 'asc' | 'desc' }; onSort(next: { key: SortKey; direction: 'asc' | 'desc' }): void; onShow(focus: PodFocus): void }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const duration = (row: IdleGpuRow) => format.age(new Date(Date.now() - row.idleSeconds * 1000).toISOString());
  return (
    <table className="plain-table" aria-label={t('gpu.idle.title')}>
      <thead>
        <tr>
          {COLUMNS.map((column) => {
            const active = sort.key === column.key;
            return (
              <th key={column.key} scope="col" className={column.numeric ? 'numeric' : undefined} aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
                <button
                  type="button"
                  className="sort-button"
                  aria-label={t('gpu.idle.sortBy', { column: t(column.label) })}
                  onClick={() => onSort({ key: column.key, direction: active && sort.direction === 'desc' ? 'asc' : active ? 'desc' : column.numeric ? 'desc' : 'asc' })}
                >
                  {t(column.label)} {active ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
                </button>
              </th>
            );
          })}
          <th scope="col" />
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.namespace}/${row.pod}/${row.deviceKey}`} data-pod={`${row.namespace}/${row.pod}`}>
            <td className="mono">{row.namespace}</td>
            <td>
              <span className="muted">{row.workload.kind}</span> {row.workload.name}
            </td>
            <td className="mono">{row.pod}</td>
            <td className="mono">{row.device}</td>
            <td>{row.tenant ?? '—'}</td>
            <td>{row.queue ?? '—'}</td>
            <td>{row.user ?? '—'}</td>
            <td className="numeric" data-field="idle-seconds" data-value={row.idleSeconds}>
              {row.atLeast ? t('gpu.idle.atLeast', { duration: duration(row) }) : duration(row)}
            </td>
            <td className="numeric" data-field="memory" data-value={row.memoryUsedMiB ?? ''}>
              {row.memoryUsedMiB === undefined ? '—' : `${format.number(Math.round(row.memoryUsedMiB))} MiB`}
            </td>
            <td>
              <button type="button" className="button" aria-label={t('gpu.idle.showLabel', { pod: `${row.namespace}/${row.pod}` })} onClick={() => onShow({ namespace: row.namespace, pod: row.pod, ...(row.node ? { node: row.node } : {}) })}>
                {t('gpu.idle.show')}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Unattributed({ view }: { view: GpuTelemetryView }) {
  const { t } = useTranslation();
  const format = useFormatters();
  if (view.unattributedBusy.length === 0) return null;
  return (
    <div className="notice notice-warning" role="note" aria-labelledby="unattributed-title">
      <h3 id="unattributed-title">{t('gpu.idle.unattributedTitle')}</h3>
      <p>{t('gpu.idle.unattributedExplain')}</p>
      <ul aria-label={t('gpu.idle.unattributedTitle')}>
        {view.unattributedBusy.map((device) => (
          <li key={device.deviceKey} className="mono">
            {device.node ?? '?'} #{device.index ?? '?'} · {device.utilizationPercent === undefined ? '—' : `${format.number(Math.round(device.utilizationPercent))} %`} ·{' '}
            {device.memoryUsedMiB === undefined ? '—' : `${format.number(Math.round(device.memoryUsedMiB))} MiB`} ·{' '}
            {device.reason === 'no-pod-label' ? t('gpu.idle.noPodLabel') : t('gpu.idle.unknownPod', { pod: device.namedPod ?? '' })}
          </li>
        ))}
      </ul>
    </div>
  );
}
