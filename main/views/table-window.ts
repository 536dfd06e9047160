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
  /** Like tableWindow, but keeps each order and updates it when the rows array is replaced. */
  window(rows: readonly Row[], query: TableQuery): TableWindow<Row>;
}

/** Orders kept; a few, since each user query (filter and order) is one. */
const ORDERS_KEPT = 8;
/** Above this share of new rows a full sort is cheaper than inserting them one by one. */
const FULL_SORT_SHARE = 0.2;

interface Order<Row> {
  source: readonly Row[];
  sourceSet: ReadonlySet<Row>;
  ordered: Row[];
}

function comparatorOf<Row extends object>(query: TableQuery, sample: Row | undefined): ((a: Row, b: Row) => number) | undefined {
  const column = query.sortBy as keyof Row;
  if (!sample || !(column in sample)) return undefined;
  const sign = query.sortDirection === 'desc' ? -1 : 1;
  return (a, b) => sign * compareValues(a[column], b[column]);
}

/** Index after the last row that sorts at or before `row`, so equal rows keep their arrival order. */
function upperBound<Row>(ordered: readonly Row[], row: Row, compare: (a: Row, b: Row) => number): number {
  let low = 0;
  let high = ordered.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(ordered[middle] as Row, row) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Updates the previous order: drops the rows that left and inserts the new
 * ones. Returns undefined when so much changed that a full sort is cheaper.
 */
function reorder<Row extends object>(previous: Order<Row>, rows: readonly Row[], query: TableQuery, searchText: (row: Row) => string): Row[] | undefined {
  const compare = comparatorOf(query, rows[0]);
  if (!compare) return undefined;
  const added = rows.filter((row) => !previous.sourceSet.has(row));
  if (added.length > rows.length * FULL_SORT_SHARE) return undefined;
  const present = new Set(rows);
  const ordered = previous.ordered.filter((row) => present.has(row));
  for (const row of filterAndSort(added, query, searchText)) {
    ordered.splice(upperBound(ordered, row, compare), 0, row);
  }
  return ordered;
}

/**
 * Windows over one table whose rows array is replaced when rows change,
 * keeping unchanged rows as the same objects. A full sort of 50,000 rows
 * took 100 to 200 ms on a 2-core machine, and a busy cluster replaces the
 * array several times a second. So each order (per filter and sort) is kept
 * and updated: rows that left are dropped, and new ones are inserted.
 */
export function createTableWindows<Row extends object>(searchText: (row: Row) => string): TableWindows<Row> {
  const orders = new Map<string, Order<Row>>();
  return {
    window(rows, query) {
      const key = JSON.stringify([query.filter.trim().toLowerCase(), query.sortBy, query.sortDirection]);
      let order = orders.get(key);
      if (order?.source !== rows) {
        const ordered = (order && reorder(order, rows, query, searchText)) ?? filterAndSort(rows, query, searchText);
        order = { source: rows, sourceSet: new Set(rows), ordered };
        orders.delete(key);
        if (orders.size >= ORDERS_KEPT) orders.delete(orders.keys().next().value as string);
        orders.set(key, order);
      }
      return slice(order.ordered, query);
    },
  };
}
