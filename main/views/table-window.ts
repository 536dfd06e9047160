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

/** Rows that match the filter, in the requested order; `rows` itself is never reordered. */
function filterAndSort<Row extends object>(rows: readonly Row[], query: TableQuery, searchText: (row: Row) => string): Row[] {
  const needle = query.filter.trim().toLowerCase();
  const filtered = needle ? rows.filter((row) => searchText(row).toLowerCase().includes(needle)) : [...rows];
  const column = query.sortBy as keyof Row;
  if (filtered.length > 0 && column in (filtered[0] as object)) {
    const sign = query.sortDirection === 'desc' ? -1 : 1;
    filtered.sort((a, b) => sign * compareValues(a[column], b[column]));
  }
  return filtered;
}

function slice<Row>(ordered: readonly Row[], query: TableQuery): TableWindow<Row> {
  const offset = Math.min(query.offset, Math.max(0, ordered.length - 1));
  return { total: ordered.length, offset, rows: ordered.slice(offset, offset + query.limit) };
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
  return slice(filterAndSort(rows, query, searchText), query);
}

export interface TableWindows<Row extends object> {
  /** Like tableWindow, but sorts a given rows array once per filter and order. */
  window(rows: readonly Row[], query: TableQuery): TableWindow<Row>;
}

/** Orders kept per rows array; a few, since each user query (filter and order) is one. */
const ORDERS_PER_ROWS = 8;

/**
 * Windows over one table whose rows array is replaced only when a row
 * changes. Sorting 50,000 rows takes a good part of a second on a small
 * machine, and every scroll opens a new window; the order is kept per rows
 * array (by identity, so an old array and its orders go with it) and filter
 * and order.
 */
export function createTableWindows<Row extends object>(searchText: (row: Row) => string): TableWindows<Row> {
  const orders = new WeakMap<readonly Row[], Map<string, Row[]>>();
  return {
    window(rows, query) {
      const key = JSON.stringify([query.filter.trim().toLowerCase(), query.sortBy, query.sortDirection]);
      let byQuery = orders.get(rows);
      if (!byQuery) {
        byQuery = new Map();
        orders.set(rows, byQuery);
      }
      let ordered = byQuery.get(key);
      if (!ordered) {
        ordered = filterAndSort(rows, query, searchText);
        if (byQuery.size >= ORDERS_PER_ROWS) byQuery.delete(byQuery.keys().next().value as string);
        byQuery.set(key, ordered);
      }
      return slice(ordered, query);
    },
  };
}
