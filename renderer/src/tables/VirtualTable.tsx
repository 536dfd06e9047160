/**
 * A table of any length that renders only the rows on screen. Rows come from a
 * WindowController, so the rows in the DOM and the rows that crossed the
 * transport are both bounded by the viewport, not by the table's size.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { useFormatters } from '../components/format';
import type { WindowController } from './window-controller';
import { rowAt } from './window-math';

export interface Column<Row> {
  id: string;
  /** i18n key of the header. */
  headerKey: string;
  /** CSS grid track, for example `2fr` or `7rem`. */
  width: string;
  /** Field name main sorts by; absent when the column cannot be sorted. */
  sortKey?: string;
  numeric?: boolean;
  render(row: Row): ReactNode;
}

export interface VirtualTableProps<Row> {
  label: string;
  columns: Column<Row>[];
  controller: WindowController<Row>;
  rowKey(row: Row): string;
  emptyText: string;
}

const ROW_HEIGHT = 34;
/** Tallest body; shorter tables shrink to their rows, with room for the empty or loading line. */
const MAX_BODY_HEIGHT = 360;

export function VirtualTable<Row>({ label, columns, controller, rowKey, emptyText }: VirtualTableProps<Row>) {
  const { t } = useTranslation();
  const format = useFormatters();
  const scrollRef = useRef<HTMLDivElement>(null);
  const window = useStore(controller.store);
  const template = columns.map((column) => column.width).join(' ');

  const virtualizer = useVirtualizer({
    count: window.total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => controller.setRange({ start: first, end: last }), [controller, first, last]);

  // A new filter or order starts at the top, where its first window is.
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [window.query.filter, window.query.sortBy, window.query.sortDirection]);

  return (
    <div className="vtable" role="table" aria-label={label} aria-rowcount={window.total + 1}>
      <div role="rowgroup" className="vtable-head">
        <div role="row" aria-rowindex={1} className="vtable-row" style={{ gridTemplateColumns: template }}>
          {columns.map((column) => (
            <HeaderCell key={column.id} column={column} controller={controller} />
          ))}
        </div>
      </div>
      <div
        ref={scrollRef}
        className="vtable-body"
        style={{ height: Math.min(MAX_BODY_HEIGHT, Math.max(2, window.total) * ROW_HEIGHT + 2) }}
        tabIndex={0} aria-label={t('table.scrollRegion', { label })} role="rowgroup">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = rowAt(window, item.index);
            return (
              <div
                key={row ? rowKey(row) : `pending-${item.index}`}
                role="row"
                aria-rowindex={item.index + 2}
                className={row ? 'vtable-row' : 'vtable-row vtable-row-pending'}
                style={{ gridTemplateColumns: template, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              >
                {columns.map((column) => (
                  <div key={column.id} role="cell" className={column.numeric ? 'vtable-cell numeric' : 'vtable-cell'}>
                    {row ? column.render(row) : ''}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
        {window.loaded && window.total === 0 && <p className="vtable-empty">{emptyText}</p>}
        {!window.loaded && !window.error && <p className="vtable-empty">{t('table.loading')}</p>}
      </div>
      <p className="vtable-foot" aria-live="polite">
        {window.error ? `${t(`errors.kind.${window.error.kind}`)}: ${window.error.message}` : t('table.rowCount', { count: window.total, formatted: format.number(window.total) })}
      </p>
    </div>
  );
}

function HeaderCell<Row>({ column, controller }: { column: Column<Row>; controller: WindowController<Row> }) {
  const { t } = useTranslation();
  const sortBy = useStore(controller.store, (state) => state.query.sortBy);
  const direction = useStore(controller.store, (state) => state.query.sortDirection);
  const active = column.sortKey !== undefined && sortBy === column.sortKey;
  const className = column.numeric ? 'vtable-cell vtable-header numeric' : 'vtable-cell vtable-header';

  if (!column.sortKey) {
    return (
      <div role="columnheader" className={className}>
        {t(column.headerKey)}
      </div>
    );
  }
  const sortKey = column.sortKey;
  return (
    <div role="columnheader" className={className} aria-sort={active ? (direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button
        type="button"
        className="sort-button"
        onClick={() => controller.setQuery({ sortBy: sortKey, sortDirection: active && direction === 'asc' ? 'desc' : 'asc' })}
      >
        {t(column.headerKey)}
        <span aria-hidden="true">{active ? (direction === 'asc' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </div>
  );
}
