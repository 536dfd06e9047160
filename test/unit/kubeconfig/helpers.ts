import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../../main/log';
import { createKubeconfigService } from '../../../main/kubeconfig';
import type { KubeconfigService, KubeconfigServiceOptions } from '../../../main/kubeconfig';

export const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/kubeconfig');

export function fixture(...parts: string[]): string {
  return path.join(fixtures, ...parts);
}

/** A logger that keeps records in memory, so tests can assert on warnings without noise on stderr. */
export function memoryLogger(records: string[] = []): Logger {
  const write = (level: string) => (message: string, fields?: object) => {
    records.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  };
  const logger: Logger = {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: () => logger,
  };
  return logger;
}

export async function makeTempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'drun-kubeconfig-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A service over the given KUBECONFIG value with its store in `<base>/store`, without watching unless asked. */
export function serviceFor(kubeconfig: string | undefined, base: string, extra: Partial<KubeconfigServiceOptions> = {}): KubeconfigService {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  if (kubeconfig !== undefined) {
    env.KUBECONFIG = kubeconfig;
  }
  return createKubeconfigService({
    storeDir: path.join(base, 'store'),
    env,
    homeDir: path.join(base, 'no-home'),
    watch: false,
    loginShellPath: async () => env.PATH ?? '',
    logger: memoryLogger(),
    ...extra,
  });
}
