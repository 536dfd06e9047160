/**
 * A fixed-size buffer of the newest entries: pushing into a full buffer
 * drops the oldest. Time series per device and per pod live in these, so
 * an hour of samples costs the same memory however long the app runs.
 */
export class RingBuffer<T> {
  private items: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`RingBuffer capacity must be a positive integer, got ${capacity}`);
    }
    this.items = new Array<T | undefined>(capacity);
  }

  get capacity(): number {
    return this.items.length;
  }

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    const end = (this.start + this.count) % this.items.length;
    this.items[end] = item;
    if (this.count < this.items.length) {
      this.count += 1;
    } else {
      this.start = (this.start + 1) % this.items.length;
    }
  }

  /** The newest entry, or undefined when empty. */
  last(): T | undefined {
    return this.count === 0 ? undefined : this.items[(this.start + this.count - 1) % this.items.length];
  }

  /** Entries oldest first. */
  toArray(): T[] {
    const out: T[] = [];
    for (let offset = 0; offset < this.count; offset += 1) {
      out.push(this.items[(this.start + offset) % this.items.length] as T);
    }
    return out;
  }

  /** Changes the capacity, keeping the newest entries that fit. */
  resize(capacity: number): void {
    const kept = this.toArray().slice(-capacity);
    this.items = new Array<T | undefined>(capacity);
    this.start = 0;
    this.count = 0;
    kept.forEach((item) => this.push(item));
  }
}
