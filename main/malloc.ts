/**
 * glibc malloc settings for main's services when Node hosts them (browser
 * mode, the benchmark's app process). Electron's main process allocates
 * through Chromium's allocator instead, so these settings do not apply there.
 *
 * glibc can give each thread that calls malloc an arena of its own (V8's
 * GC helpers, libuv's pool, the watch worker), up to eight per core, and it
 * raises its mmap threshold after each large free. So the freed buffers of
 * a 190 MiB list stayed in the arenas. On the benchmark's scale profile
 * (50,000 pods) that kept about 30 MiB of free memory in RSS after the first
 * sync. Two arenas and a fixed 64 KiB mmap threshold hand large buffers back
 * to the kernel when they are freed.
 */
import { createLogger } from './log';

const log = createLogger('malloc');

export const MALLOC_TUNABLES = 'glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=65536';

/** Returns env with GLIBC_TUNABLES set on Linux, unless the user already set it. */
export function withMallocTunables(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): NodeJS.ProcessEnv {
  if (platform !== 'linux' || env['GLIBC_TUNABLES'] !== undefined) {
    return env;
  }
  return { ...env, GLIBC_TUNABLES: MALLOC_TUNABLES };
}

/** Set on the restarted process only, so it can tell its own tunables from the user's. */
const RESTARTED = 'DRUN_MALLOC_RESTARTED';

/**
 * Starts this process again with the tunables, because glibc reads them only
 * at start. Returns when no restart is needed, and otherwise never returns.
 * The restarted process drops the tunables it added from its environment, so
 * the processes it starts (kubeconfig exec plugins, kubectl) do not inherit them.
 */
export function restartWithMallocTunables(): void {
  if (process.env[RESTARTED] === '1') {
    delete process.env[RESTARTED];
    delete process.env['GLIBC_TUNABLES'];
    return;
  }
  const env = withMallocTunables(process.env);
  if (env === process.env || typeof process.execve !== 'function') {
    return;
  }
  try {
    process.execve(process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], { ...env, [RESTARTED]: '1' });
  } catch (error) {
    // The settings only save memory, so a failed restart runs on without them.
    log.warn('restart with glibc malloc settings failed; running without them', { execPath: process.execPath, err: error instanceof Error ? error.message : String(error) });
  }
}
