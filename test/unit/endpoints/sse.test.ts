import { describe, expect, it } from 'vitest';
import { createSseReader } from '../../../shared/endpoints/sse';

function readAll(chunks: string[]): Array<{ event: string; data: string }> {
  const reader = createSseReader();
  return chunks.flatMap((chunk) => reader.push(chunk)).map(({ event, data }) => ({ event, data }));
}

describe('createSseReader', () => {
  it.each([
    { name: 'one event', chunks: ['data: {"a":1}\n\n'], events: [{ event: 'message', data: '{"a":1}' }] },
    { name: 'split inside a line', chunks: ['da', 'ta: hel', 'lo\n', '\n'], events: [{ event: 'message', data: 'hello' }] },
    { name: 'CRLF split between chunks', chunks: ['data: x\r', '\n\r\n'], events: [{ event: 'message', data: 'x' }] },
    { name: 'CR only', chunks: ['data: x\r\rdata: y\r\r'], events: [{ event: 'message', data: 'x' }, { event: 'message', data: 'y' }] },
    { name: 'multi-line data', chunks: ['data: a\ndata: b\n\n'], events: [{ event: 'message', data: 'a\nb' }] },
    { name: 'comments and named events', chunks: [': ping\n\nevent: error\ndata: bad\n\n'], events: [{ event: 'error', data: 'bad' }] },
    { name: 'no blank line yet', chunks: ['data: pending\n'], events: [] },
  ])('$name', ({ chunks, events }) => {
    expect(readAll(chunks)).toEqual(events);
  });
});
