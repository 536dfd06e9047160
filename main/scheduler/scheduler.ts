/**
 * The main process's clock. Every periodic task (health probes, discovery,
 * permission refresh, metric samples) runs through it with jitter, exponential
 * backoff on failure, a concurrency limit per cluster, and pausing when nobody
 * is looking.
 */
import type { Disposable } from '../../shared/contract';
import { createLogger } from '../log';

const log = createLogger('scheduler');

export interface TaskSpec {
  /** Unique per scheduler; a second schedule() with the same key replaces the first. */
  key: string;
  /** Tasks of one cluster share its concurrency limit and its pause switch. */
  cluster: string;
  /** Period between the end of one run and the start of the next, in milliseconds. */
  intervalMs: number;
  /** Fraction of the interval added at random (0.1 = up to 10 % later). */
  jitter?: number;
  /** Upper bound of the backoff after failures, in milliseconds. */
  maxBackoffMs?: number;
  /** Run once at once instead of after the first interval. */
  immediate?: boolean;
  run(signal: AbortSignal): Promise<void>;
}

export interface TimerApi {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  random(): number;
}

export interface SchedulerOptions {
  /** Tasks of one cluster that may run at the same time. */
  perClusterConcurrency?: number;
  timers?: TimerApi;
}

export interface Scheduler {
  schedule(spec: TaskSpec): Disposable;
  /** Pauses (or resumes) every task of a cluster; a running task finishes, no new ones start. */
  setPaused(cluster: string, paused: boolean): void;
  /** Pauses (or resumes) every cluster, for example while no window or browser tab is open. */
  setPausedAll(paused: boolean): void;
  /** Runs a task now, outside its period (for example a user's refresh). */
  runNow(key: string): Promise<void>;
  /** Consecutive failures of a task, 0 when its last run succeeded. */
  failures(key: string): number;
  dispose(): void;
}

interface Task {
  spec: TaskSpec;
  handle: unknown;
  failures: number;
  running: Promise<void> | undefined;
  abort: AbortController;
  disposed: boolean;
}

const realTimers: TimerApi = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  random: Math.random,
};

export function createScheduler(options: SchedulerOptions = {}): Scheduler {
  const timers = options.timers ?? realTimers;
  const limit = options.perClusterConcurrency ?? 2;
  const tasks = new Map<string, Task>();
  const paused = new Set<string>();
  let pausedAll = false;
  const active = new Map<string, number>();
  const waiting = new Map<string, Task[]>();

  const delayFor = (task: Task): number => {
    const { intervalMs, jitter = 0.1, maxBackoffMs = 5 * 60_000 } = task.spec;
    const base = task.failures === 0 ? intervalMs : Math.min(maxBackoffMs, intervalMs * 2 ** task.failures);
    return Math.round(base * (1 + jitter * timers.random()));
  };

  const arm = (task: Task, ms: number): void => {
    if (task.disposed) {
      return;
    }
    timers.clearTimeout(task.handle);
    task.handle = timers.setTimeout(() => void start(task), ms);
  };

  const release = (cluster: string): void => {
    active.set(cluster, (active.get(cluster) ?? 1) - 1);
    const next = waiting.get(cluster)?.shift();
    if (next) {
      void start(next);
    }
  };

  const execute = async (task: Task): Promise<void> => {
    const { cluster, key } = task.spec;
    active.set(cluster, (active.get(cluster) ?? 0) + 1);
    try {
      await task.spec.run(task.abort.signal);
      task.failures = 0;
    } catch (err) {
      task.failures++;
      log.warn('task failed', { name: key, cluster, attempt: task.failures, err });
    } finally {
      task.running = undefined;
      release(cluster);
      arm(task, delayFor(task));
    }
  };

  const start = (task: Task): Promise<void> => {
    const { cluster } = task.spec;
    if (task.disposed) {
      return Promise.resolve();
    }
    if (task.running) {
      return task.running;
    }
    if (pausedAll || paused.has(cluster)) {
      // Paused tasks are re-armed so they resume on their own period after setPaused(false).
      arm(task, delayFor(task));
      return Promise.resolve();
    }
    if ((active.get(cluster) ?? 0) >= limit) {
      const queue = waiting.get(cluster) ?? [];
      if (!queue.includes(task)) {
        queue.push(task);
      }
      waiting.set(cluster, queue);
      return Promise.resolve();
    }
    task.running = execute(task);
    return task.running;
  };

  const remove = (key: string): void => {
    const task = tasks.get(key);
    if (!task) {
      return;
    }
    task.disposed = true;
    task.abort.abort();
    timers.clearTimeout(task.handle);
    tasks.delete(key);
    const queue = waiting.get(task.spec.cluster);
    if (queue) {
      waiting.set(task.spec.cluster, queue.filter((queued) => queued !== task));
    }
  };

  return {
    schedule(spec) {
      remove(spec.key);
      const task: Task = { spec, handle: undefined, failures: 0, running: undefined, abort: new AbortController(), disposed: false };
      tasks.set(spec.key, task);
      arm(task, spec.immediate ? 0 : delayFor(task));
      return { dispose: () => tasks.get(spec.key) === task && remove(spec.key) };
    },

    setPaused(cluster, value) {
      if (value) {
        paused.add(cluster);
      } else {
        paused.delete(cluster);
      }
    },

    setPausedAll(value) {
      pausedAll = value;
    },

    runNow(key) {
      const task = tasks.get(key);
      if (!task) {
        return Promise.reject(new Error(`No scheduled task ${key}`));
      }
      timers.clearTimeout(task.handle);
      return start(task);
    },

    failures: (key) => tasks.get(key)?.failures ?? 0,

    dispose() {
      for (const key of [...tasks.keys()]) {
        remove(key);
      }
    },
  };
}
