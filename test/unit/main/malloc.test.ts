import { describe, expect, it } from 'vitest';
import { MALLOC_TUNABLES, withMallocTunables } from '../../../main/malloc';

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
