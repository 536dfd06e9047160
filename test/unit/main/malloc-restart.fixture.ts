/** Run by malloc.test.ts: restarts with the tunables and reports what this process and a child see. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { restartWithMallocTunables } from '../../../main/malloc';

restartWithMallocTunables();

// /proc/self/environ is the environment the process started with, which is what glibc read.
const atStart = readFileSync('/proc/self/environ', 'utf8').split('\0').some((entry) => entry.startsWith('GLIBC_TUNABLES='));
const child = execFileSync('env', { encoding: 'utf8' }).split('\n').filter((entry) => /^(GLIBC_TUNABLES|DRUN_MALLOC_RESTARTED)=/.test(entry));
process.stdout.write(JSON.stringify({ atStart, child }));
