/**
 * The lines a log view holds: at most `maxLines`, dropping the oldest, with
 * each line's visible text kept beside the raw text so search and copy never
 * see escape codes and never parse a line twice.
 */
import { visibleText } from '../../../../../shared/ansi/parse';
import type { LogLine } from '../../../../../shared/models/logs';

export interface BufferedLine extends LogLine {
  /** Increasing id, stable while the line is kept; React keys and scrolling use it. */
  id: number;
  visible: string;
}

export class LogBuffer {
  private items: BufferedLine[] = [];
  private nextId = 0;
  private droppedCount = 0;

  constructor(private readonly maxLines: number) {}

  append(lines: LogLine[]): void {
    for (const line of lines) {
      this.items.push({ ...line, id: this.nextId++, visible: visibleText(line.text) });
    }
    // Trimming in slices of a tenth keeps appends cheap instead of shifting on every line.
    if (this.items.length > this.maxLines + Math.ceil(this.maxLines / 10)) {
      const excess = this.items.length - this.maxLines;
      this.items = this.items.slice(excess);
      this.droppedCount += excess;
    }
  }

  get lines(): readonly BufferedLine[] {
    return this.items;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  clear(): void {
    this.items = [];
    this.droppedCount = 0;
  }

  /** Joins the log into text: raw keeps escape codes as the container wrote them, visible drops them. */
  text(kind: 'raw' | 'visible'): string {
    return this.items
      .map((line) => {
        const body = kind === 'raw' ? line.text : line.visible;
        const prefix = line.time !== undefined ? `${line.time} ` : '';
        const newline = line.part === 'first' || line.part === 'middle' ? '' : '\n';
        return `${prefix}${body}${newline}`;
      })
      .join('');
  }
}
