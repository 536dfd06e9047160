/** Exponential backoff with full jitter, so many watches that fail together do not retry together. */
export interface Backoff {
  /** Delay before the next attempt, in milliseconds. */
  next(): number;
  reset(): void;
  readonly attempts: number;
}

export function createBackoff(initialMs = 1000, maxMs = 30_000, random: () => number = Math.random): Backoff {
  let attempts = 0;
  return {
    next() {
      const ceiling = Math.min(maxMs, initialMs * 2 ** attempts);
      attempts++;
      return Math.round(ceiling / 2 + (random() * ceiling) / 2);
    },
    reset() {
      attempts = 0;
    },
    get attempts() {
      return attempts;
    },
  };
}
