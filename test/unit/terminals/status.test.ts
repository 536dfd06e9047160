import { describe, expect, it } from 'vitest';
import { shellCandidates } from '../../../main/terminals/shell';
import { endFromClose, endFromStatus, isStartFailure, type RemoteStatus } from '../../../main/terminals/status';
import type { TerminalEnd } from '../../../shared/models/terminals';

describe('remote command status', () => {
  const cases: [name: string, status: RemoteStatus, end: TerminalEnd][] = [
    ['success', { status: 'Success' }, { cause: 'exited', exitCode: 0 }],
    [
      'non-zero exit code',
      { status: 'Failure', reason: 'NonZeroExitCode', message: 'command terminated with non-zero exit code', details: { causes: [{ reason: 'ExitCode', message: '3' }] } },
      { cause: 'exited', exitCode: 3 },
    ],
    [
      'wrapped exit status',
      { status: 'Failure', reason: 'InternalError', message: 'error executing command in container: cmd wait: sh : exit status 7' },
      { cause: 'exited', exitCode: 7, message: 'error executing command in container: cmd wait: sh : exit status 7' },
    ],
    [
      'missing executable',
      { status: 'Failure', message: 'exec: "bash": executable file not found in $PATH' },
      { cause: 'exited', message: 'exec: "bash": executable file not found in $PATH' },
    ],
    ['failure without message', { status: 'Failure' }, { cause: 'exited', message: 'the command failed without a message' }],
  ];

  it.each(cases)('%s', (_name, status, end) => {
    expect(endFromStatus(status)).toEqual(end);
  });

  it.each([
    ['missing executable', { cause: 'exited', message: 'exec: "bash": executable file not found in $PATH' }, true],
    ['shell exit 127', { cause: 'exited', exitCode: 127 }, true],
    ['ordinary exit', { cause: 'exited', exitCode: 1 }, false],
    ['user close', { cause: 'user' }, false],
  ] as [string, TerminalEnd, boolean][])('start failure: %s', (_name, end, expected) => {
    expect(isStartFailure(end)).toBe(expected);
  });

  it.each([
    [1000, '', { cause: 'closed', message: 'the server closed the session' }],
    [1006, '', { cause: 'lost', message: 'the connection closed with WebSocket code 1006' }],
    [1011, 'pod deleted', { cause: 'lost', message: 'pod deleted' }],
  ] as [number, string, TerminalEnd][])('close code %i', (code, reason, end) => {
    expect(endFromClose(code, reason)).toEqual(end);
  });
});

describe('shell candidates', () => {
  it('tries /bin/sh with a bash-first script, then PATH lookups', () => {
    const candidates = shellCandidates('auto');

    expect(candidates[0]?.slice(0, 2)).toEqual(['/bin/sh', '-c']);
    expect(candidates[0]?.[2]).toContain('command -v bash');
    expect(candidates.slice(1).map((argv) => argv[0])).toEqual(['sh', 'bash', 'ash']);
  });

  it('runs a named shell by PATH, then from /bin', () => {
    expect(shellCandidates('bash')).toEqual([['bash'], ['/bin/bash']]);
  });
});
