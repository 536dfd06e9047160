/** Pure arithmetic of windowed tables: which rows to ask main for, and when to ask again. */

export interface RowRange {
  /** First visible row index. */
  start: number;
  /** Last visible row index, inclusive. */
  end: number;
}

export interface WindowRequest {
  offset: number;
  limit: number;
}

/** The window to subscribe to: the visible rows plus `overscan` rows on each side, at most `maxLimit` rows. */
export function windowForRange(range: RowRange, overscan: number, maxLimit: number): WindowRequest {
  const visible = Math.max(1, range.end - range.start + 1);
  const limit = Math.min(maxLimit, visible + 2 * overscan);
  const spare = Math.max(0, limit - visible);
  const offset = Math.max(0, range.start - Math.floor(spare / 2));
  return { offset, limit };
}

/**
 * True when the visible rows have left the subscribed window or come within
 * `margin` rows of one of its edges (an edge at row 0 or at the end of the
 * table does not count, because nothing lies beyond it).
 */
export function needsNewWindow(current: WindowRequest, range: RowRange, total: number, margin: number): boolean {
  const windowEnd = current.offset + current.limit;
  if (range.start < current.offset || range.end >= windowEnd) {
    return true;
  }
  const nearStart = current.offset > 0 && range.start - current.offset < margin;
  const nearEnd = windowEnd < total && windowEnd - 1 - range.end < margin;
  return nearStart || nearEnd;
}

/** The row at `index` when the loaded window holds it. */
export function rowAt<Row>(window: { offset: number; rows: readonly Row[] }, index: number): Row | undefined {
  const position = index - window.offset;
  return position >= 0 && position < window.rows.length ? window.rows[position] : undefined;
}
