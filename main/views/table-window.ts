/** Filters, sorts and slices a table's rows, so only the visible window crosses the transport. */
import type { SortDirection, TableWindow } from '../../shared/models/overview';

export interface TableQuery {
  offset: number;
  limit: number;
  filter: string;
  sortBy: string;
  sortDirection: SortDirection;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') {
    return a - b;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') {
    return Number(a) - Number(b);
  }
  return collator.compare(String(a ?? ''), String(b ?? ''));
}

/**
 * Returns the requested window. `searchText` gives the text the filter matches;
 * an unknown sort column falls back to the rows' given order.
 */
export function tableWindow<Row extends object>(
  rows: readonly Row[],
  query: TableQuery,
  searchText: (row: Row) => string,
): TableWindow<Row> {
  const needle = query.filter.trim().toLowerCase();
  const filtered = needle ? rows.filter((row) => searchText(row).toLowerCase().includes(needle)) : [...rows];
  const column = query.sortBy as keyof Row;
  if (filtered.length > 0 && column in (filtered[0] as object)) {
    const sign = query.sortDirection === 'desc' ? -1 : 1;
    filtered.sort((a, b) => sign * compareValues(a[column], b[column]));
  }
  const offset = Math.min(query.offset, Math.max(0, filtered.length - 1));
  return { total: filtered.length, offset, rows: filtered.slice(offset, offset + query.limit) };
}
