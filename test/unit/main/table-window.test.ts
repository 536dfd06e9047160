import { describe, expect, it } from 'vitest';
import { createTableWindows, tableWindow, type TableQuery } from '../../../main/views/table-window';

const rows = [
  { name: 'node-10', gpus: 8 },
  { name: 'node-2', gpus: 0 },
  { name: 'node-1', gpus: 4 },
];
const base: TableQuery = { offset: 0, limit: 10, filter: '', sortBy: 'name', sortDirection: 'asc' };

describe('tableWindow', () => {
  it.each([
    ['natural name order', base, ['node-1', 'node-2', 'node-10']],
    ['numeric column descending', { ...base, sortBy: 'gpus', sortDirection: 'desc' as const }, ['node-10', 'node-1', 'node-2']],
    ['filter before slicing', { ...base, filter: 'NODE-1' }, ['node-1', 'node-10']],
    ['window of one row', { ...base, offset: 1, limit: 1 }, ['node-2']],
    ['unknown column keeps order', { ...base, sortBy: 'missing' }, ['node-10', 'node-2', 'node-1']],
  ])('%s', (_name, query, expected) => {
    const window = tableWindow(rows, query, (row) => row.name);
    expect(window.rows.map((row) => row.name)).toEqual(expected);
  });

  it('reports the filtered total, not the window size', () => {
    const window = tableWindow(rows, { ...base, limit: 1 }, (row) => row.name);
    expect(window.total).toBe(3);
    expect(window.rows).toHaveLength(1);
  });

  it('clamps an offset past the end', () => {
    const window = tableWindow(rows, { ...base, offset: 99 }, (row) => row.name);
    expect(window.offset).toBe(2);
  });
});

describe('createTableWindows', () => {
  it.each([
    ['natural name order', base],
    ['descending with a filter', { ...base, filter: 'node-1', sortDirection: 'desc' as const }],
    ['a later window', { ...base, offset: 1, limit: 1 }],
  ])('gives what tableWindow gives: %s', (_name, query) => {
    const windows = createTableWindows<(typeof rows)[number]>((row) => row.name);
    expect(windows.window(rows, query)).toEqual(tableWindow(rows, query, (row) => row.name));
  });

  it('filters each row only once', () => {
    let searched = 0;
    const windows = createTableWindows<(typeof rows)[number]>((row) => {
      searched += 1;
      return row.name;
    });
    const query = { ...base, filter: 'node' };
    windows.window(rows, query);
    windows.window(rows, { ...query, offset: 2 });
    expect(searched).toBe(rows.length);
    windows.window([...rows], query);
    expect(searched).toBe(rows.length);
  });

  it.each<[string, (current: Array<{ name: string; gpus: number }>) => Array<{ name: string; gpus: number }>]>([
    ['a row added', (current) => [...current, { name: 'node-3', gpus: 2 }]],
    ['a row removed', (current) => current.slice(1)],
    ['a row replaced', (current) => current.map((row) => (row.name === 'node-2' ? { ...row, gpus: 9 } : row))],
  ])('after %s, gives the order of a full sort', (_name, change) => {
    const many = Array.from({ length: 20 }, (_, index) => ({ name: `node-${index * 5}`, gpus: index % 3 }));
    const windows = createTableWindows<{ name: string; gpus: number }>((row) => row.name);
    for (const query of [base, { ...base, sortBy: 'gpus', sortDirection: 'desc' as const }]) {
      windows.window(many, query);
      const next = change(many);
      expect(windows.window(next, query).rows).toEqual(tableWindow(next, query, (row) => row.name).rows);
    }
  });

  it('applies builder changes like a full sort', () => {
    type Row = { name: string; gpus: number };
    let current: Row[] = Array.from({ length: 200 }, (_, index) => ({ name: `pod-${index}`, gpus: index % 4 }));
    let searched = 0;
    const windows = createTableWindows<Row>((row) => {
      searched += 1;
      return row.name;
    });
    const queries = [base, { ...base, filter: 'pod-1' }, { ...base, sortBy: 'gpus', sortDirection: 'desc' as const }];
    queries.forEach((query) => windows.window(current, query));
    searched = 0;
    for (let round = 0; round < 20; round++) {
      const removed = [current[(round * 37) % current.length]!, current[(round * 11 + 5) % current.length]!];
      const added = [{ name: `pod-new-${round}`, gpus: round % 4 }, { ...removed[0]!, gpus: (removed[0]!.gpus + 1) % 4 }];
      const next = [...current.filter((row) => !removed.includes(row)), ...added];
      for (const query of queries) {
        const window = windows.window(next, { ...query, limit: 500 }, { from: current, removed, added });
        const expected = tableWindow(next, { ...query, limit: 500 }, (row) => row.name);
        // Equal sort values may come in another order; the values and the set of rows may not.
        expect(window.rows.map((row) => row[query.sortBy as keyof Row])).toEqual(expected.rows.map((row) => row[query.sortBy as keyof Row]));
        expect(new Set(window.rows)).toEqual(new Set(expected.rows));
      }
      current = next;
    }
    // Only the changed rows met the filter: no order was made again from all rows.
    expect(searched).toBe(20 * 4);
  });
});
