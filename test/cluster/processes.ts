import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Starting and stopping the cluster's background processes. Each process runs
 * in its own session (so Ctrl-C in the terminal that ran `up` does not reach
 * it), writes stdout and stderr to one log file, and is recorded with its
 * start time so that `down` never signals a recycled PID.
 */

/** A started process as recorded in the state file. */
export interface ManagedProcess {
  name: string;
  pid: number;
  /** Field 22 of /proc/<pid>/stat: start time in clock ticks since boot. */
  startTicks: string;
  command: string[];
  log: string;
}

export interface SpawnOptions {
  env?: Record<string, string>;
  cwd?: string;
}

/** Reads the start time of a PID, or undefined when no such process exists. */
export function readStartTicks(pid: number): string | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may contain spaces, so
  // count fields from the last closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  if (state === 'Z' || state === 'X') return undefined;
  return fields[19];
}

/** True when the recorded process is still the one that was started. */
export function isAlive(process: ManagedProcess): boolean {
  return readStartTicks(process.pid) === process.startTicks;
}

/** Starts a detached process whose output goes to `log`; returns its record. */
export function spawnDetached(name: string, command: string, args: string[], log: string, options: SpawnOptions = {}): ManagedProcess {
  const fd = openSync(log, 'a');
  try {
    const child = spawn(command, args, {
      detached: true,
      stdio: ['ignore', fd, fd],
      cwd: options.cwd,
      env: { ...process.env, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost', ...options.env },
    });
    child.unref();
    // A missing executable is reported here, asynchronously; the caller's
    // readiness wait then names the log file.
    child.once('error', (error) => appendFileSync(log, `${name}: failed to start ${command}: ${error.message}\n`));
    if (child.pid === undefined) {
      throw new Error(`${name}: failed to start ${command}; see ${log}`);
    }
    const startTicks = readStartTicks(child.pid);
    if (startTicks === undefined) {
      throw new Error(`${name}: ${command} exited at once; command: ${[command, ...args].join(' ')}; log: ${log}`);
    }
    return { name, pid: child.pid, startTicks, command: [command, ...args], log };
  } finally {
    closeSync(fd);
  }
}

function signal(process_: ManagedProcess, sig: NodeJS.Signals): void {
  if (!isAlive(process_)) return;
  try {
    process.kill(process_.pid, sig);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

async function waitForExit(process_: ManagedProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(process_)) {
    if (Date.now() > deadline) return false;
    await delay(50);
  }
  return true;
}


/**
 * Stops recorded processes in the given order: SIGTERM, up to `graceMs` for
 * it to exit, then SIGKILL. Only signals PIDs whose start time still matches.
 */
export async function stopProcesses(processes: ManagedProcess[], graceMs = 10_000): Promise<void> {
  for (const process_ of processes) {
    signal(process_, 'SIGTERM');
    if (await waitForExit(process_, graceMs)) continue;
    signal(process_, 'SIGKILL');
    await waitForExit(process_, 5_000);
  }
}
