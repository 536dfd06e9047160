import { describe, expect, it } from 'vitest';
import { createScheduler, type TimerApi } from '../../../main/scheduler/scheduler';

/** Manual clock: timers fire only when the test advances time. */
function manualTimers(): TimerApi & { advance(ms: number): Promise<void>; now: number } {
  let now = 0;
  let nextId = 1;
  const pending = new Map<number, { at: number; callback: () => void }>();
  return {
    get now() {
      return now;
    },
    setTimeout: (callback, ms) => {
      const id = nextId++;
      pending.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
    random: () => 0,
    async advance(ms) {
      const target = now + ms;
      for (;;) {
        const due = [...pending.entries()].filter(([, t]) => t.at <= target).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].callback();
        // Let the task's promise settle before the next timer fires.
        await new Promise((resolve) => setImmediate(resolve));
      }
      now = target;
    },
  };
}

describe('scheduler', () => {
  it('runs a task on its interval', async () => {
    const timers = manualTimers();
    const scheduler = createScheduler({ timers });
    let runs = 0;
    scheduler.schedule({ key: 'a', cluster: 'c', intervalMs: 1000, jitter: 0, run: async () => void runs++ });
    await timers.advance(3500);
    expect(runs).toBe(3);
    scheduler.dispose();
  });

  it('backs off exponentially after failures and resets on success', async () => {
    const timers = manualTimers();
    const scheduler = createScheduler({ timers });
    const startedAt: number[] = [];
    let fail = true;
    scheduler.schedule({
      key: 'a',
      cluster: 'c',
      intervalMs: 1000,
      jitter: 0,
      run: async () => {
        startedAt.push(timers.now);
        if (fail) throw new Error('unreachable');
      },
    });
    await timers.advance(1000 + 2000 + 4000);
    expect(startedAt).toEqual([1000, 3000, 7000]);
    expect(scheduler.failures('a')).toBe(3);
    fail = false;
    await timers.advance(8000);
    expect(scheduler.failures('a')).toBe(0);
    scheduler.dispose();
  });

  it('limits concurrency per cluster', async () => {
    const timers = manualTimers();
    const scheduler = createScheduler({ timers, perClusterConcurrency: 1 });
    let running = 0;
    let maxRunning = 0;
    const release: (() => void)[] = [];
    const run = () =>
      new Promise<void>((resolve) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        release.push(() => {
          running--;
          resolve();
        });
      });
    scheduler.schedule({ key: 'a', cluster: 'c', intervalMs: 1000, immediate: true, run });
    scheduler.schedule({ key: 'b', cluster: 'c', intervalMs: 1000, immediate: true, run });
    await timers.advance(0);
    expect(running).toBe(1);
    release.shift()?.();
    await timers.advance(0);
    expect(maxRunning).toBe(1);
    expect(running).toBe(1);
    release.shift()?.();
    scheduler.dispose();
  });

  it('pauses a cluster without dropping its tasks', async () => {
    const timers = manualTimers();
    const scheduler = createScheduler({ timers });
    let runs = 0;
    scheduler.schedule({ key: 'a', cluster: 'c', intervalMs: 1000, jitter: 0, run: async () => void runs++ });
    scheduler.setPaused('c', true);
    await timers.advance(5000);
    expect(runs).toBe(0);
    scheduler.setPaused('c', false);
    await timers.advance(1000);
    expect(runs).toBe(1);
    scheduler.dispose();
  });

  it('pauses every cluster at once', async () => {
    const timers = manualTimers();
    const scheduler = createScheduler({ timers });
    let runs = 0;
    scheduler.schedule({ key: 'a', cluster: 'c1', intervalMs: 1000, jitter: 0, run: async () => void runs++ });
    scheduler.schedule({ key: 'b', cluster: 'c2', intervalMs: 1000, jitter: 0, run: async () => void runs++ });
    scheduler.setPausedAll(true);
    await timers.advance(3000);
    expect(runs).toBe(0);
    scheduler.setPausedAll(false);
    await timers.advance(1000);
    expect(runs).toBe(2);
    scheduler.dispose();
  });

  it('stops a disposed task and aborts its signal', async () => {
    const timers = manualTimers();
    const scheduler = createScheduler({ timers });
    let signal: AbortSignal | undefined;
    let runs = 0;
    const handle = scheduler.schedule({
      key: 'a',
      cluster: 'c',
      intervalMs: 1000,
      jitter: 0,
      run: async (s) => {
        signal = s;
        runs++;
      },
    });
    await timers.advance(1000);
    handle.dispose();
    await timers.advance(5000);
    expect(runs).toBe(1);
    expect(signal?.aborted).toBe(true);
  });
});
