import { describe, expect, test } from 'vitest';
import { needsNewWindow, rowAt, windowForRange } from '../../../renderer/src/tables/window-math';

describe('windowForRange', () => {
  test.each([
    ['top of the table', { start: 0, end: 19 }, 60, 500, { offset: 0, limit: 140 }],
    ['middle centres the window', { start: 1000, end: 1019 }, 60, 500, { offset: 940, limit: 140 }],
    ['limit caps a tall viewport', { start: 100, end: 699 }, 60, 500, { offset: 100, limit: 500 }],
    ['empty range asks for one row plus overscan', { start: 0, end: 0 }, 10, 500, { offset: 0, limit: 21 }],
  ])('%s', (_name, range, overscan, maxLimit, expected) => {
    expect(windowForRange(range, overscan, maxLimit)).toEqual(expected);
  });
});

describe('needsNewWindow', () => {
  const current = { offset: 940, limit: 140 };

  test.each([
    ['well inside', { start: 1000, end: 1019 }, 50_000, false],
    ['left the window', { start: 2000, end: 2019 }, 50_000, true],
    ['near the lower edge', { start: 1055, end: 1074 }, 50_000, true],
    ['near the upper edge', { start: 945, end: 964 }, 50_000, true],
    ['lower edge is the table end', { start: 1055, end: 1074 }, 1080, false],
  ])('%s', (_name, range, total, expected) => {
    expect(needsNewWindow(current, range, total, 20)).toBe(expected);
  });

  test('edge at row 0 does not count', () => {
    expect(needsNewWindow({ offset: 0, limit: 140 }, { start: 0, end: 19 }, 50_000, 20)).toBe(false);
  });
});

describe('rowAt', () => {
  const window = { offset: 10, rows: ['a', 'b', 'c'] };

  test.each([
    ['before the window', 9, undefined],
    ['first row', 10, 'a'],
    ['last row', 12, 'c'],
    ['after the window', 13, undefined],
  ])('%s', (_name, index, expected) => {
    expect(rowAt(window, index)).toBe(expected);
  });
});
