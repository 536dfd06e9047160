/**
 * Finds the PATH of the user's login shell. An app started from a desktop
 * launcher gets a short system PATH, so exec plugins such as `aws` or
 * `kubelogin` are "not found" although kubectl finds them in a terminal.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Logger } from '../log';

export interface LoginShellPathOptions {
  /** The shell to ask; defaults to $SHELL. */
  shell?: string | undefined;
  /** The PATH to use when the shell cannot be asked. */
  fallbackPath: string;
  timeoutMs?: number;
  platform?: NodeJS.Platform;
  logger: Logger;
}

const START = '__DRUN_PATH_START__';
const END = '__DRUN_PATH_END__';

/**
 * Runs `$SHELL -l -i -c` once and reads PATH between markers, because an
 * interactive login shell prints banners and zsh only reads .zshrc when
 * interactive. The result is the shell's PATH followed by fallback entries
 * it lacks; on timeout, failure or Windows it is the fallback PATH.
 */
export async function resolveLoginShellPath(options: LoginShellPathOptions): Promise<string> {
  const platform = options.platform ?? process.platform;
  const shell = options.shell;
  if (platform === 'win32' || shell === undefined || shell === '') {
    return options.fallbackPath;
  }
  try {
    const shellPath = await readShellPath(shell, options.timeoutMs ?? 10_000);
    return joinPaths(shellPath, options.fallbackPath);
  } catch (err) {
    options.logger.warn('cannot read PATH from the login shell; using the process PATH', { path: shell, err });
    return options.fallbackPath;
  }
}

function readShellPath(shell: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const script = `printf '%s' '${START}'; printenv PATH; printf '%s' '${END}'`;
    // detached puts the shell in its own process group, so an interactive shell cannot take over a terminal and the timeout can stop its children too.
    const child = spawn(shell, ['-l', '-i', '-c', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, DRUN_RESOLVING_SHELL_ENV: '1' },
    });
    let stdout = '';
    const timer = setTimeout(() => {
      stopGroup(child.pid);
      reject(new Error(`${shell} did not print PATH within ${timeoutMs} ms`));
    }, timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.resume();
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const start = stdout.indexOf(START);
      const end = stdout.indexOf(END, start);
      if (start < 0 || end < 0) {
        reject(new Error(`${shell} exited with code ${code} without printing PATH`));
        return;
      }
      const value = stdout.slice(start + START.length, end).trim();
      if (value === '') {
        reject(new Error(`${shell} printed an empty PATH`));
        return;
      }
      resolve(value);
    });
  });
}

function stopGroup(pid: number | undefined): void {
  if (pid === undefined) {
    return;
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group already exited between the timeout and the kill; nothing is left to stop.
  }
}

/** Joins PATH values, keeping the first occurrence of each entry. */
export function joinPaths(...values: string[]): string {
  const entries: string[] = [];
  for (const value of values) {
    for (const entry of value.split(path.delimiter)) {
      if (entry !== '' && !entries.includes(entry)) {
        entries.push(entry);
      }
    }
  }
  return entries.join(path.delimiter);
}
