import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { markMatches } from '../../../shared/ansi/highlight';
import { extendedPaletteColor } from '../../../shared/ansi/palette';
import { applySgr, parseAnsiLine, visibleText, type AnsiSpan } from '../../../shared/ansi/parse';

/** Log lines of a colour logger: basic, 256 and true colour, HTML in a line, a carriage-return progress line, a plain line. */
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/logs/ansi-sequences.json', import.meta.url), 'utf8')) as { lines: string[] };
const [info, warn, debug, error, progress, plain] = fixture.lines.map((line) => line);

const ESC = '\u001b';

function styleOf(spans: AnsiSpan[], text: string) {
  return spans.find((span) => span.text.includes(text))?.style;
}

describe('ANSI log lines', () => {
  it.each(fixture.lines.map((line, index) => [index + 1, line] as const))('line %i has no raw codes', (_index, line) => {
    const text = visibleText(line);

    expect(text).not.toContain(ESC);
    expect(text).not.toMatch(/\[\d+(;\d+)*[mK]/);
  });

  it('keeps basic colours and bold', () => {
    const spans = parseAnsiLine(info ?? '');

    expect(visibleText(info ?? '')).toBe('INFO  2025-01-01T00:00:00Z server ready on :8000');
    expect(styleOf(spans, 'INFO')).toEqual({ fg: 2 });
    expect(styleOf(spans, 'server ready')).toEqual({});
    expect(styleOf(parseAnsiLine(warn ?? ''), 'WARN')).toEqual({ bold: true, fg: 3 });
    expect(styleOf(parseAnsiLine(warn ?? ''), 'miss')).toEqual({ dim: true });
  });

  it('accepts 8-bit and 24-bit colours', () => {
    const spans = parseAnsiLine(debug ?? '');

    expect(styleOf(spans, 'DEBUG')).toEqual({ fg: 208 });
    expect(styleOf(spans, '1432.5')).toEqual({ fg: '#00aaff' });
    expect(visibleText(debug ?? '')).toBe('DEBUG tokens/s=1432.5');
  });

  it('returns HTML as literal text', () => {
    const text = visibleText(error ?? '');

    expect(text).toBe('ERROR request id=<b>42</b> failed: <img src=x onerror=alert(1)>');
    expect(parseAnsiLine(error ?? '').every((span) => typeof span.text === 'string')).toBe(true);
  });

  it('shows the final state of a progress line', () => {
    expect(visibleText(progress ?? '')).toBe('loading shards 100%');
  });

  it('leaves a plain line unchanged', () => {
    expect(parseAnsiLine(plain ?? '')).toEqual([{ text: 'plain line without any escape sequence', style: {} }]);
  });

  it('matches search text across escape codes', () => {
    expect(visibleText(info ?? '')).toContain('server ready');
    expect(visibleText(debug ?? '')).toContain('tokens/s=1432.5');
  });
});

describe('ANSI sequences other than SGR', () => {
  const cases: [name: string, raw: string, visible: string][] = [
    ['OSC title ended by BEL', `${ESC}]0;title${'\u0007'}text`, 'text'],
    ['OSC 8 hyperlink keeps its label', `${ESC}]8;;https://example.invalid${ESC}\\label${ESC}]8;;${ESC}\\`, 'label'],
    ['cursor up and erase display', `${ESC}[2A${ESC}[2Jdone`, 'done'],
    ['private mode', `${ESC}[?25lhidden cursor${ESC}[?25h`, 'hidden cursor'],
    ['charset selection', `${ESC}(Bascii`, 'ascii'],
    ['erase to end of line', `abcdef\r${ESC}[0Kxy`, 'xy'],
    ['erase to start of line', `abcdef${ESC}[3D${ESC}[1K`, '    ef'],
    ['cursor column', `abcdef${ESC}[3Gz`, 'abzdef'],
    ['backspace', 'ab\bc', 'ac'],
    ['bell and NUL dropped', 'a\u0007b\u0000c', 'abc'],
    ['tab kept', 'a\tb', 'a\tb'],
    ['truncated sequence at end', `text${ESC}[3`, 'text'],
    ['huge cursor move capped', `a${ESC}[99999999Cb`, `a${' '.repeat(32 * 1024 - 1)}b`],
    ['8-bit CSI', 'x\u009b31my', 'xy'],
  ];

  it.each(cases)('%s', (_name, raw, visible) => {
    expect(visibleText(raw)).toBe(visible);
  });
});

describe('SGR parameters', () => {
  const cases: [name: string, params: string, expected: object][] = [
    ['empty resets', '', {}],
    ['bright foreground', '91', { fg: 9 }],
    ['bright background', '104', { bg: 12 }],
    ['colon true colour', '38:2::10:20:30', { fg: '#0a141e' }],
    ['colon 256 background', '48:5:17', { bg: 17 }],
    ['invalid true colour ignored', '38;2;300;0;0', {}],
    ['several attributes', '1;3;4;7;9', { bold: true, italic: true, underline: true, inverse: true, strike: true }],
  ];

  it.each(cases)('%s', (_name, params, expected) => {
    expect(applySgr({}, params)).toEqual(expected);
  });

  it('normal intensity clears bold and dim', () => {
    expect(applySgr({ bold: true, dim: true, fg: 1 }, '22')).toEqual({ fg: 1 });
  });

  it('default colours clear fg and bg', () => {
    expect(applySgr({ fg: 1, bg: 2 }, '39;49')).toEqual({});
  });
});

describe('extended palette', () => {
  it.each([
    [16, '#000000'],
    [196, '#ff0000'],
    [208, '#ff8700'],
    [231, '#ffffff'],
    [232, '#080808'],
    [255, '#eeeeee'],
  ])('index %i is %s', (index, hex) => {
    expect(extendedPaletteColor(index)).toBe(hex);
  });

  it('leaves theme colours to the theme', () => {
    expect(extendedPaletteColor(7)).toBeUndefined();
  });
});

describe('search marks', () => {
  it('marks a match that crosses styled spans', () => {
    const marked = markMatches(parseAnsiLine(debug ?? ''), 'tokens/s=1432');

    expect(marked.filter((span) => span.match).map((span) => span.text)).toEqual(['tokens/s=', '1432']);
    expect(marked.map((span) => span.text).join('')).toBe('DEBUG tokens/s=1432.5');
  });

  it('is case-insensitive and finds every match', () => {
    const marked = markMatches([{ text: 'Loss loss LOSS', style: {} }], 'loss');

    expect(marked.filter((span) => span.match)).toHaveLength(3);
  });

  it('marks nothing for an empty query', () => {
    expect(markMatches([{ text: 'abc', style: {} }], '').some((span) => span.match)).toBe(false);
  });
});
