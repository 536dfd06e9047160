/**
 * Coalesces bursts of cache changes into at most one recompute per interval,
 * so 2,000 watch events a second become a few view updates a second.
 */
export interface Coalescer {
  /** Marks the view dirty; the callback runs at most once per interval. */
  touch(): void;
  /** Runs the callback now if a touch is pending. */
  flush(): void;
  dispose(): void;
}

export function createCoalescer(intervalMs: number, callback: () => void): Coalescer {
  let timer: NodeJS.Timeout | undefined;
  let dirty = false;
  let lastRun = 0;
  let disposed = false;

  const run = (): void => {
    timer = undefined;
    if (!dirty || disposed) {
      return;
    }
    dirty = false;
    lastRun = Date.now();
    callback();
  };

  return {
    touch() {
      dirty = true;
      if (timer || disposed) {
        return;
      }
      // The first change after a quiet period goes out at once; the rest wait for the interval.
      const wait = Math.max(0, lastRun + intervalMs - Date.now());
      timer = setTimeout(run, wait);
    },
    flush() {
      clearTimeout(timer);
      run();
    },
    dispose() {
      disposed = true;
      clearTimeout(timer);
    },
  };
}
