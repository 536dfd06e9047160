import { describe, expect, it } from 'vitest';
import { LineSplitter, safeCut } from '../../../main/logs/line-splitter';

describe('line splitter', () => {
  it('joins lines split across chunks', () => {
    const splitter = new LineSplitter(100);

    const first = splitter.push('epoch 1\nepo');
    const second = splitter.push('ch 2\n');

    expect(first).toEqual([{ text: 'epoch 1' }]);
    expect(second).toEqual([{ text: 'epoch 2' }]);
  });

  it('drops the carriage return of CRLF lines', () => {
    expect(new LineSplitter(100).push('a\r\nb\r\n')).toEqual([{ text: 'a' }, { text: 'b' }]);
  });

  it('splits a long line into marked pieces', () => {
    const pieces = new LineSplitter(16).push(`${'a'.repeat(40)}\nnext\n`);

    expect(pieces).toEqual([
      { text: 'a'.repeat(16), part: 'first' },
      { text: 'a'.repeat(16), part: 'middle' },
      { text: 'a'.repeat(8), part: 'last' },
      { text: 'next' },
    ]);
  });

  it('emits pieces of an endless line before its newline', () => {
    const splitter = new LineSplitter(16);

    const pieces = splitter.push('b'.repeat(20));
    const rest = splitter.flush();

    expect(pieces).toEqual([{ text: 'b'.repeat(16), part: 'first' }]);
    expect(rest).toEqual([{ text: 'bbbb', part: 'last' }]);
  });

  it('keeps memory bounded by the limit', () => {
    const splitter = new LineSplitter(1024);
    let emitted = 0;

    for (let index = 0; index < 1000; index++) {
      emitted += splitter.push('z'.repeat(1000)).reduce((sum, piece) => sum + piece.text.length, 0);
    }

    expect(1000 * 1000 - emitted).toBeLessThan(1024);
  });

  it('flushes a last line without a newline', () => {
    const splitter = new LineSplitter(100);

    splitter.push('done');

    expect(splitter.flush()).toEqual([{ text: 'done' }]);
    expect(splitter.flush()).toEqual([]);
  });
});

describe('safe cut', () => {
  const cases: [name: string, text: string, max: number, cut: number][] = [
    ['plain text', 'abcdef', 4, 4],
    ['inside a surrogate pair', 'abc\u{1f600}def', 4, 3],
    ['inside an escape sequence', 'abcd\u001b[38;5;2', 10, 4],
    ['after a complete escape sequence', 'ab\u001b[0mcdef', 8, 8],
  ];

  it.each(cases)('%s', (_name, text, max, cut) => {
    expect(safeCut(text, max)).toBe(cut);
  });
});
