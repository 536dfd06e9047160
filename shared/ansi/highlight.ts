/** Splits styled spans at the matches of a search query, so a view can mark them without parsing again. */
import type { AnsiSpan } from './parse';

export interface MarkedSpan extends AnsiSpan {
  match: boolean;
}

/** Start offsets of case-insensitive matches of `query` in `text`; none for an empty query. */
export function findMatches(text: string, query: string): number[] {
  if (query === '') {
    return [];
  }
  const haystack = text.toLowerCase();
  const needle = query.toLowerCase();
  const starts: number[] = [];
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) {
    starts.push(at);
  }
  return starts;
}

/** Cuts spans at match boundaries; matches may cross span (style) boundaries. */
export function markMatches(spans: AnsiSpan[], query: string): MarkedSpan[] {
  const text = spans.map((span) => span.text).join('');
  const ranges = findMatches(text, query).map((start) => [start, start + query.length] as const);
  if (ranges.length === 0) {
    return spans.map((span) => ({ ...span, match: false }));
  }

  const marked: MarkedSpan[] = [];
  let offset = 0;
  for (const span of spans) {
    const end = offset + span.text.length;
    const cuts = new Set<number>([offset, end]);
    for (const [from, to] of ranges) {
      if (from > offset && from < end) cuts.add(from);
      if (to > offset && to < end) cuts.add(to);
    }
    const points = [...cuts].sort((a, b) => a - b);
    for (let index = 0; index + 1 < points.length; index++) {
      const from = points[index] ?? offset;
      const to = points[index + 1] ?? end;
      const match = ranges.some(([start, stop]) => from >= start && to <= stop);
      marked.push({ text: span.text.slice(from - offset, to - offset), style: span.style, match });
    }
    offset = end;
  }
  return marked;
}
