import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MALLOC_TUNABLES, withMallocTunables } from '../../../main/malloc';

const TSX = join(import.meta.dirname, '../../../node_modules/tsx/dist/cli.mjs');
const FIXTURE = join(import.meta.dirname, 'malloc-restart.fixture.ts');

/** Runs the fixture under tsx with env and returns what it reports. */
async function runFixture(env: NodeJS.ProcessEnv): Promise<{ atStart: boolean; child: string[] }> {
  const { stdout } = await promisify(execFile)(process.execPath, [TSX, FIXTURE], { env });
  return JSON.parse(stdout) as { atStart: boolean; child: string[] };
}

describe('withMallocTunables', () => {
  it('sets the tunables on Linux', () => {
    const env = withMallocTunables({ PATH: '/usr/bin' }, 'linux');

    expect(env['GLIBC_TUNABLES']).toBe(MALLOC_TUNABLES);
    expect(env['PATH']).toBe('/usr/bin');
  });

  it("keeps the user's own tunables", () => {
    const env = { GLIBC_TUNABLES: 'glibc.malloc.arena_max=4' };

    expect(withMallocTunables(env, 'linux')).toBe(env);
  });

  it('leaves other platforms alone', () => {
    const env = { PATH: 'C:\\Windows' };

    expect(withMallocTunables(env, 'win32')).toBe(env);
    expect(withMallocTunables(env, 'darwin')).toBe(env);
  });
});

describe.runIf(process.platform === 'linux')('restartWithMallocTunables', () => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'GLIBC_TUNABLES'));

  it('restarts with the tunables', async () => {
    const report = await runFixture(env);

    expect(report.atStart).toBe(true);
  });

  it('keeps them from child processes', async () => {
    const report = await runFixture(env);

    expect(report.child).toEqual([]);
  });

  it("passes the user's own tunables on", async () => {
    const report = await runFixture({ ...env, GLIBC_TUNABLES: 'glibc.malloc.arena_max=4' });

    expect(report.child).toEqual(['GLIBC_TUNABLES=glibc.malloc.arena_max=4']);
  });
});
