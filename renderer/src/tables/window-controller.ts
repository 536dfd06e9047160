/**
 * Keeps one subscription to a windowed stream (overview.nodes, overview.pods)
 * that follows the rows on screen. Scrolling, filtering and sorting reopen the
 * stream after a short debounce, so only the visible window plus overscan
 * ever crosses the transport, however many rows the table has.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { StreamEvent, Unsubscribe } from '../../../shared/contract';
import type { SortDirection, TableWindow } from '../../../shared/models/overview';
import type { AppError } from '../../../shared/result';
import { needsNewWindow, windowForRange, type RowRange, type WindowRequest } from './window-math';

export interface TableQuery {
  filter: string;
  sortBy: string;
  sortDirection: SortDirection;
}

export interface WindowState<Row> {
  query: TableQuery;
  total: number;
  offset: number;
  rows: Row[];
  /** False until the first window of the current query has arrived. */
  loaded: boolean;
  error: AppError | undefined;
}

export type OpenWindow<Row> = (
  request: WindowRequest & TableQuery,
  listener: (event: StreamEvent<TableWindow<Row>>) => void,
) => Unsubscribe;

export interface WindowControllerOptions<Row> {
  open: OpenWindow<Row>;
  initialQuery: TableQuery;
  /** Rows kept ready above and below the visible ones. */
  overscan: number;
  /** Largest window main accepts. */
  maxLimit: number;
  debounceMs: number;
}

export interface WindowController<Row> {
  store: StoreApi<WindowState<Row>>;
  /** Opens the stream; may follow dispose (React runs effects twice in development). */
  start(): void;
  setRange(range: RowRange): void;
  setQuery(query: Partial<TableQuery>): void;
  /** Opens the stream again, for example after the transport reconnected. */
  reopen(): void;
  dispose(): void;
}

export function createWindowController<Row>(options: WindowControllerOptions<Row>): WindowController<Row> {
  const store = createStore<WindowState<Row>>()(() => ({
    query: options.initialQuery,
    total: 0,
    offset: 0,
    rows: [],
    loaded: false,
    error: undefined,
  }));
  let range: RowRange = { start: 0, end: 0 };
  let subscribed: WindowRequest = windowForRange(range, options.overscan, options.maxLimit);
  let unsubscribe: Unsubscribe | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = true;

  const open = (): void => {
    unsubscribe?.();
    subscribed = windowForRange(range, options.overscan, options.maxLimit);
    const query = store.getState().query;
    unsubscribe = options.open({ ...subscribed, ...query }, (event) => {
      if (event.type === 'error') {
        store.setState({ error: event.error });
        return;
      }
      const { total, offset, rows } = event.value;
      store.setState({ total, offset, rows, loaded: true, error: undefined });
    });
  };

  const schedule = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!disposed) {
        open();
      }
    }, options.debounceMs);
  };

  return {
    store,
    start: () => {
      disposed = false;
      open();
    },
    setRange: (next) => {
      range = next;
      if (disposed) {
        return;
      }
      const margin = Math.floor(options.overscan / 3);
      if (needsNewWindow(subscribed, range, store.getState().total, margin)) {
        schedule();
      }
    },
    setQuery: (partial) => {
      const query = { ...store.getState().query, ...partial };
      // Rows of the old order or filter would be wrong at every index, so they go at once.
      store.setState({ query, rows: [], offset: 0, loaded: false });
      range = { start: 0, end: range.end - range.start };
      if (!disposed) {
        schedule();
      }
    },
    reopen: () => {
      if (!disposed) {
        open();
      }
    },
    dispose: () => {
      disposed = true;
      clearTimeout(timer);
      unsubscribe?.();
      unsubscribe = undefined;
    },
  };
}
