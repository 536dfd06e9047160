import { mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { join } from 'node:path';
import { readStartTicks } from './processes';

/**
 * Sharing one cluster between several processes on a machine (a developer's
 * `up`, and test runs started at the same time):
 * - a lock file beside the run folder, so only one process starts or stops
 *   the cluster at a time;
 * - a folder of user files, one per test run using the cluster, so a run
 *   stops the cluster only when no other run still uses it.
 * Both record PID and start time, so entries of dead processes are ignored.
 */

interface Holder {
  pid: number;
  startTicks: string;
}

function self(): Holder {
  const startTicks = readStartTicks(process.pid);
  if (startTicks === undefined) throw new Error('cannot read this process start time from /proc');
  return { pid: process.pid, startTicks };
}

function isLive(holder: Holder): boolean {
  return readStartTicks(holder.pid) === holder.startTicks;
}

function readHolder(path: string): Holder | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Holder;
  } catch {
    // A missing or half-written file means no usable holder.
    return undefined;
  }
}

/** Lock file of a run folder. */
export function lockPath(runDir: string): string {
  return `${runDir}.lock`;
}

/**
 * Takes the lock of `runDir` and returns its release function. When another
 * live process has it, waits (up to `waitMs`, which covers a cold build) or,
 * with `waitMs` 0, rejects naming that process.
 */
export async function acquireLock(runDir: string, waitMs: number, log: (line: string) => void = () => undefined): Promise<() => void> {
  const path = lockPath(runDir);
  const me = self();
  const deadline = Date.now() + waitMs;
  let announced = false;

  for (;;) {
    try {
      writeFileSync(path, JSON.stringify(me), { flag: 'wx' });
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }

    const holder = readHolder(path);
    if (!holder || !isLive(holder)) {
      rmSync(path, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new Error(`process ${holder.pid} is starting or stopping the cluster in ${runDir} (lock ${path}); wait for it or stop it`);
    }
    if (!announced) {
      log(`waiting for process ${holder.pid}, which is starting or stopping the cluster`);
      announced = true;
    }
    await delay(500);
  }
}

function usersDir(runDir: string): string {
  return `${runDir}.users`;
}

/** Records this process as a user of the cluster in `runDir`. */
export function registerUser(runDir: string): void {
  const me = self();
  mkdirSync(usersDir(runDir), { recursive: true });
  writeFileSync(join(usersDir(runDir), `${me.pid}.json`), JSON.stringify(me));
}

/** Removes this process from the users and returns how many live users remain. */
export function unregisterUser(runDir: string): number {
  const dir = usersDir(runDir);
  rmSync(join(dir, `${process.pid}.json`), { force: true });

  let live = 0;
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  for (const name of names) {
    const holder = readHolder(join(dir, name));
    if (holder && isLive(holder)) live += 1;
    else unlinkSync(join(dir, name));
  }
  return live;
}
