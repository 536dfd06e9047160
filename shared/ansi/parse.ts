/**
 * Turns one log line with ANSI escape sequences into styled text spans.
 * SGR sequences (colours, bold, ...) become span styles; carriage return,
 * backspace, erase-in-line and cursor-column moves are applied to a line
 * buffer so a progress line shows its final state; every other escape
 * sequence (OSC titles and hyperlinks, DCS, cursor movement between lines,
 * charset selection) and every other control byte is dropped. The result is
 * plain data: renderers must show `text` as text, never as markup.
 */

/** A palette index (0-15 the theme's colours, 16-255 the xterm cube and greys) or a `#rrggbb` colour. */
export type AnsiColor = number | string;

export interface AnsiStyle {
  fg?: AnsiColor;
  bg?: AnsiColor;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
  strike?: boolean;
}

export interface AnsiSpan {
  text: string;
  style: AnsiStyle;
}

/** Column limit for cursor moves, so `ESC[99999999C` cannot allocate a huge line. */
const MAX_COLUMN = 32 * 1024;

const ESC = '\u001b';
const BEL = '\u0007';

interface Cell {
  char: string;
  style: AnsiStyle;
}

/** Parses one line (no newline inside) into spans of equal style; adjacent equal styles merge. */
export function parseAnsiLine(raw: string): AnsiSpan[] {
  const cells: Cell[] = [];
  const state = { cursor: 0, style: {} as AnsiStyle };
  const chars = Array.from(raw);

  for (let index = 0; index < chars.length; index++) {
    const char = chars[index] ?? '';
    if (char === ESC || char === '\u009b' || char === '\u009d') {
      index = consumeEscape(chars, index, cells, state);
      continue;
    }
    applyCharacter(char, cells, state);
  }

  return mergeCells(cells);
}

/** The visible text of a line: what search matches and what copying gives. */
export function visibleText(raw: string): string {
  return parseAnsiLine(raw)
    .map((span) => span.text)
    .join('');
}

function applyCharacter(char: string, cells: Cell[], state: { cursor: number; style: AnsiStyle }): void {
  if (char === '\r') {
    state.cursor = 0;
    return;
  }
  if (char === '\b') {
    state.cursor = Math.max(0, state.cursor - 1);
    return;
  }
  const code = char.codePointAt(0) ?? 0;
  // Tabs stay as text; every other C0, DEL and C1 control is invisible.
  if (char !== '\t' && (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0))) {
    return;
  }
  padTo(cells, state.cursor);
  cells[state.cursor] = { char, style: state.style };
  state.cursor++;
}

function padTo(cells: Cell[], column: number): void {
  while (cells.length < column) {
    cells.push({ char: ' ', style: {} });
  }
}

/** Consumes the escape sequence starting at `start`; returns the index of its last character. */
function consumeEscape(chars: string[], start: number, cells: Cell[], state: { cursor: number; style: AnsiStyle }): number {
  const first = chars[start];
  let index = start + 1;
  let introducer = first === '\u009b' ? '[' : first === '\u009d' ? ']' : chars[index++];

  if (introducer === '[') {
    return consumeCsi(chars, index, cells, state);
  }
  if (introducer === ']' || introducer === 'P' || introducer === '^' || introducer === '_' || introducer === 'X') {
    return skipToStringTerminator(chars, index, introducer === ']');
  }
  if (introducer === undefined) {
    return chars.length - 1;
  }
  // nF sequences such as `ESC ( B` carry intermediates (0x20-0x2f) before the final byte.
  while (introducer !== undefined && introducer >= ' ' && introducer <= '/') {
    introducer = chars[index++];
  }
  return index - 1;
}

/** Skips an OSC, DCS, SOS, PM or APC string up to ST (`ESC \`), or BEL for OSC. */
function skipToStringTerminator(chars: string[], index: number, bellEnds: boolean): number {
  for (; index < chars.length; index++) {
    const char = chars[index];
    if (bellEnds && char === BEL) return index;
    if (char === '\u009c') return index;
    if (char === ESC && chars[index + 1] === '\\') return index + 1;
  }
  return chars.length - 1;
}

function consumeCsi(chars: string[], index: number, cells: Cell[], state: { cursor: number; style: AnsiStyle }): number {
  let params = '';
  for (; index < chars.length; index++) {
    const char = chars[index] ?? '';
    const code = char.charCodeAt(0);
    if (code >= 0x40 && code <= 0x7e) {
      applyCsi(char, params, cells, state);
      return index;
    }
    if (code < 0x20 || code > 0x3f) {
      // Not a valid CSI byte: stop the sequence here and drop it.
      return index - 1;
    }
    params += char;
  }
  return chars.length - 1;
}

function numberParam(params: string, fallback: number): number {
  const value = Number.parseInt(params, 10);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function applyCsi(final: string, params: string, cells: Cell[], state: { cursor: number; style: AnsiStyle }): void {
  if (params.startsWith('?') || params.startsWith('>') || params.startsWith('<') || params.startsWith('=')) {
    return;
  }
  if (final === 'm') {
    state.style = applySgr(state.style, params);
  } else if (final === 'K') {
    eraseInLine(cells, state.cursor, numberParam(params, 0));
  } else if (final === 'G') {
    state.cursor = Math.min(numberParam(params, 1) - 1, MAX_COLUMN);
  } else if (final === 'C') {
    state.cursor = Math.min(state.cursor + numberParam(params, 1), MAX_COLUMN);
  } else if (final === 'D') {
    state.cursor = Math.max(0, state.cursor - numberParam(params, 1));
  }
  // Every other CSI (cursor up/down, scroll, erase display, modes) has no meaning inside one log line.
}

function eraseInLine(cells: Cell[], cursor: number, mode: number): void {
  if (mode === 2) {
    cells.length = 0;
  } else if (mode === 1) {
    for (let column = 0; column <= cursor && column < cells.length; column++) {
      cells[column] = { char: ' ', style: {} };
    }
  } else {
    cells.length = Math.min(cells.length, cursor);
  }
}

/** Applies one SGR parameter list (`1;33`, `38;5;208`, `38:2::0:170:255`) to a style. */
export function applySgr(style: AnsiStyle, params: string): AnsiStyle {
  const codes = params === '' ? [[0]] : params.split(';').map((part) => part.split(':').map((value) => (value === '' ? 0 : Number(value))));
  let next: AnsiStyle = { ...style };

  for (let index = 0; index < codes.length; index++) {
    const group = codes[index] ?? [0];
    const code = group[0] ?? 0;
    if (code === 38 || code === 48 || code === 58) {
      const extended = group.length > 1 ? readColorFromGroup(group) : readColorFromList(codes, index);
      index += extended.consumed;
      if (extended.color !== undefined && code !== 58) {
        next = withColor(next, code === 38 ? 'fg' : 'bg', extended.color);
      }
      continue;
    }
    next = applyBasicCode(next, code);
  }
  return next;
}

function withColor(style: AnsiStyle, key: 'fg' | 'bg', color: AnsiColor | undefined): AnsiStyle {
  const { [key]: _dropped, ...rest } = style;
  return color === undefined ? rest : { ...rest, [key]: color };
}

function without(style: AnsiStyle, ...keys: (keyof AnsiStyle)[]): AnsiStyle {
  const next = { ...style };
  keys.forEach((key) => delete next[key]);
  return next;
}

function applyBasicCode(style: AnsiStyle, code: number): AnsiStyle {
  if (code === 0) return {};
  if (code === 1) return { ...style, bold: true };
  if (code === 2) return { ...style, dim: true };
  if (code === 3) return { ...style, italic: true };
  if (code === 4) return { ...style, underline: true };
  if (code === 7) return { ...style, inverse: true };
  if (code === 9) return { ...style, strike: true };
  if (code === 22) return without(style, 'bold', 'dim');
  if (code === 23) return without(style, 'italic');
  if (code === 24) return without(style, 'underline');
  if (code === 27) return without(style, 'inverse');
  if (code === 29) return without(style, 'strike');
  if (code >= 30 && code <= 37) return withColor(style, 'fg', code - 30);
  if (code === 39) return withColor(style, 'fg', undefined);
  if (code >= 40 && code <= 47) return withColor(style, 'bg', code - 40);
  if (code === 49) return withColor(style, 'bg', undefined);
  if (code >= 90 && code <= 97) return withColor(style, 'fg', code - 90 + 8);
  if (code >= 100 && code <= 107) return withColor(style, 'bg', code - 100 + 8);
  return style;
}

/** Reads `5;n` or `2;r;g;b` following a 38/48 in the `;`-separated form. */
function readColorFromList(codes: number[][], index: number): { color: AnsiColor | undefined; consumed: number } {
  const mode = codes[index + 1]?.[0];
  if (mode === 5) {
    return { color: paletteIndex(codes[index + 2]?.[0]), consumed: 2 };
  }
  if (mode === 2) {
    const [r, g, b] = [codes[index + 2]?.[0], codes[index + 3]?.[0], codes[index + 4]?.[0]];
    return { color: rgbHex(r, g, b), consumed: 4 };
  }
  return { color: undefined, consumed: 0 };
}

/** Reads the `:`-separated form: `38:5:n`, `38:2:r:g:b` or `38:2:space:r:g:b` (ITU T.416). */
function readColorFromGroup(group: number[]): { color: AnsiColor | undefined; consumed: number } {
  if (group[1] === 5) {
    return { color: paletteIndex(group[2]), consumed: 0 };
  }
  if (group[1] === 2) {
    const rgb = group.length >= 6 ? group.slice(3, 6) : group.slice(2, 5);
    return { color: rgbHex(rgb[0], rgb[1], rgb[2]), consumed: 0 };
  }
  return { color: undefined, consumed: 0 };
}

function paletteIndex(value: number | undefined): number | undefined {
  return value !== undefined && Number.isInteger(value) && value >= 0 && value <= 255 ? value : undefined;
}

function rgbHex(...channels: (number | undefined)[]): string | undefined {
  if (channels.some((value) => value === undefined || !Number.isInteger(value) || value < 0 || value > 255)) {
    return undefined;
  }
  return `#${channels.map((value) => (value ?? 0).toString(16).padStart(2, '0')).join('')}`;
}

function styleKey(style: AnsiStyle): string {
  return JSON.stringify(style);
}

function mergeCells(cells: Cell[]): AnsiSpan[] {
  const spans: AnsiSpan[] = [];
  let currentKey = '';
  for (const cell of cells) {
    const key = styleKey(cell.style);
    const last = spans[spans.length - 1];
    if (last && key === currentKey) {
      last.text += cell.char;
    } else {
      spans.push({ text: cell.char, style: cell.style });
      currentKey = key;
    }
  }
  return spans;
}
