import { describe, expect, it } from 'vitest';
import { createLineDecoder } from '../../../main/cache/watch-stream/lines';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('watch line decoder', () => {
  it('returns each complete line', () => {
    const decoder = createLineDecoder();

    expect(decoder.push(bytes('{"a":1}\n{"b":2}\n'))).toEqual(['{"a":1}', '{"b":2}']);
    expect(decoder.end()).toEqual([]);
  });

  it('carries a line across chunks', () => {
    const decoder = createLineDecoder();

    expect(decoder.push(bytes('{"type":"ADD'))).toEqual([]);
    expect(decoder.push(bytes('ED"}\n{"ty'))).toEqual(['{"type":"ADDED"}']);
    expect(decoder.push(bytes('pe":"DELETED"}\n'))).toEqual(['{"type":"DELETED"}']);
  });

  it('keeps a character split between chunks', () => {
    const encoded = bytes('{"name":"训练任务"}\n');
    // The first CJK character is three bytes; cut inside it.
    const cut = encoded.indexOf(0xe8) + 1;
    const decoder = createLineDecoder();

    expect(decoder.push(encoded.subarray(0, cut))).toEqual([]);
    expect(decoder.push(encoded.subarray(cut))).toEqual(['{"name":"训练任务"}']);
  });

  it('skips blank lines', () => {
    const decoder = createLineDecoder();

    expect(decoder.push(bytes('\n\r\n{"a":1}\n\n'))).toEqual(['{"a":1}']);
  });

  it('returns a last line without newline at the end', () => {
    const decoder = createLineDecoder();

    expect(decoder.push(bytes('{"a":1}\n{"b":'))).toEqual(['{"a":1}']);
    expect(decoder.push(bytes('2}'))).toEqual([]);
    expect(decoder.end()).toEqual(['{"b":2}']);
  });

  it('reads a chunk that is a view into a larger buffer', () => {
    const whole = bytes('xx{"a":1}\nyy');
    const decoder = createLineDecoder();

    expect(decoder.push(whole.subarray(2, 10))).toEqual(['{"a":1}']);
  });
});
