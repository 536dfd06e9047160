/**
 * Cuts decoded log text into lines. A line longer than the limit is emitted
 * in marked pieces as soon as the limit is reached, so one endless line (a
 * progress bar without newlines, a minified JSON blob) can neither grow
 * memory without bound nor vanish, because every piece is marked as continued.
 */
import type { LogLine } from '../../shared/models/logs';

export type LinePiece = Pick<LogLine, 'text' | 'part'>;

export class LineSplitter {
  private pending = '';
  /** Whether `pending` continues a piece already emitted. */
  private continuing = false;

  constructor(private readonly maxChars: number) {
    if (maxChars < 16) {
      throw new Error(`line splitter: maxChars ${maxChars} is too small; use at least 16`);
    }
  }

  /** Adds text and returns the complete lines and pieces it finished. */
  push(text: string): LinePiece[] {
    const pieces: LinePiece[] = [];
    let rest = this.pending + text;
    this.pending = '';

    for (let newline = rest.indexOf('\n'); newline !== -1; newline = rest.indexOf('\n')) {
      const line = rest.slice(0, newline).replace(/\r$/, '');
      rest = rest.slice(newline + 1);
      this.emitLine(line, true, pieces);
    }
    this.emitLine(rest, false, pieces);
    return pieces;
  }

  /** Returns what is left when the stream ends: a last line without a newline. */
  flush(): LinePiece[] {
    const pieces: LinePiece[] = [];
    if (this.pending !== '' || this.continuing) {
      this.emitLine(this.pending, true, pieces);
    }
    this.pending = '';
    return pieces;
  }

  /** Emits whole pieces of `line`; a line without its newline keeps its short tail pending. */
  private emitLine(line: string, complete: boolean, pieces: LinePiece[]): void {
    let rest = line;
    while (rest.length > this.maxChars) {
      const cut = safeCut(rest, this.maxChars);
      pieces.push({ text: rest.slice(0, cut), part: this.continuing ? 'middle' : 'first' });
      this.continuing = true;
      rest = rest.slice(cut);
    }
    if (!complete) {
      this.pending = rest;
      return;
    }
    pieces.push(this.continuing ? { text: rest, part: 'last' } : { text: rest });
    this.continuing = false;
  }
}

/**
 * Finds a cut position at or before `max` that splits neither a surrogate pair nor
 * an escape sequence, so both pieces still render cleanly.
 */
export function safeCut(text: string, max: number): number {
  let cut = max;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) {
    cut--;
  }
  // An escape sequence is at most a few dozen characters in practice; look back that far.
  const escape = text.lastIndexOf('\u001b', cut - 1);
  if (escape > 0 && cut - escape < 64 && !hasTerminator(text.slice(escape + 2, cut))) {
    cut = escape;
  }
  return cut;
}

/** Checks whether an escape sequence's body contains its final byte (0x40-0x7e) or BEL. */
function hasTerminator(body: string): boolean {
  for (let index = 0; index < body.length; index++) {
    const code = body.charCodeAt(index);
    if ((code >= 0x40 && code <= 0x7e) || code === 0x07) return true;
  }
  return false;
}
