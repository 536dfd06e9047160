import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { StreamEvent } from '../../../shared/contract';
import type { TableWindow } from '../../../shared/models/overview';
import { createWindowController, type TableQuery } from '../../../renderer/src/tables/window-controller';
import type { WindowRequest } from '../../../renderer/src/tables/window-math';

type Listener = (event: StreamEvent<TableWindow<number>>) => void;

interface Opened {
  request: WindowRequest & TableQuery;
  listener: Listener;
  closed: boolean;
}

function fakeStream() {
  const opened: Opened[] = [];
  const open = (request: WindowRequest & TableQuery, listener: Listener) => {
    const entry: Opened = { request, listener, closed: false };
    opened.push(entry);
    return () => {
      entry.closed = true;
    };
  };
  return { opened, open };
}

const query: TableQuery = { filter: '', sortBy: 'name', sortDirection: 'asc' };

describe('createWindowController', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  test('opens nothing before start', () => {
    const stream = fakeStream();
    createWindowController({ open: stream.open, initialQuery: query, overscan: 30, maxLimit: 500, debounceMs: 100 });
    expect(stream.opened).toHaveLength(0);
  });

  test('scrolling inside the window keeps one subscription', () => {
    const stream = fakeStream();
    const controller = createWindowController({ open: stream.open, initialQuery: query, overscan: 30, maxLimit: 500, debounceMs: 100 });
    controller.setRange({ start: 0, end: 19 });
    controller.start();
    stream.opened[0]?.listener({ type: 'value', value: { total: 50_000, offset: 0, rows: [1, 2, 3] } });

    controller.setRange({ start: 5, end: 24 });
    vi.advanceTimersByTime(500);

    expect(stream.opened).toHaveLength(1);
  });

  test('scrolling far reopens once after the debounce', () => {
    const stream = fakeStream();
    const controller = createWindowController({ open: stream.open, initialQuery: query, overscan: 30, maxLimit: 500, debounceMs: 100 });
    controller.start();
    stream.opened[0]?.listener({ type: 'value', value: { total: 50_000, offset: 0, rows: [] } });

    controller.setRange({ start: 10_000, end: 10_019 });
    controller.setRange({ start: 20_000, end: 20_019 });
    vi.advanceTimersByTime(100);

    expect(stream.opened).toHaveLength(2);
    expect(stream.opened[0]?.closed).toBe(true);
    expect(stream.opened[1]?.request.offset).toBe(19_970);
  });

  test('a new filter clears rows and reopens at the top', () => {
    const stream = fakeStream();
    const controller = createWindowController({ open: stream.open, initialQuery: query, overscan: 30, maxLimit: 500, debounceMs: 100 });
    controller.start();
    stream.opened[0]?.listener({ type: 'value', value: { total: 3, offset: 0, rows: [1, 2, 3] } });

    controller.setQuery({ filter: 'h100' });
    expect(controller.store.getState().rows).toEqual([]);
    vi.advanceTimersByTime(100);

    expect(stream.opened[1]?.request).toMatchObject({ offset: 0, filter: 'h100' });
  });

  test('stream error is kept with the old rows', () => {
    const stream = fakeStream();
    const controller = createWindowController({ open: stream.open, initialQuery: query, overscan: 30, maxLimit: 500, debounceMs: 100 });
    controller.start();
    stream.opened[0]?.listener({ type: 'value', value: { total: 1, offset: 0, rows: [7] } });
    stream.opened[0]?.listener({ type: 'error', error: { kind: 'Unavailable', message: 'lost' } });

    expect(controller.store.getState()).toMatchObject({ rows: [7], error: { kind: 'Unavailable' } });
  });

  test('dispose closes the stream and stops timers', () => {
    const stream = fakeStream();
    const controller = createWindowController({ open: stream.open, initialQuery: query, overscan: 30, maxLimit: 500, debounceMs: 100 });
    controller.start();
    controller.setRange({ start: 10_000, end: 10_019 });
    controller.dispose();
    vi.advanceTimersByTime(500);

    expect(stream.opened).toHaveLength(1);
    expect(stream.opened[0]?.closed).toBe(true);
  });
});
