/** The argv lists tried, in order, to start a shell in a container. */
import type { ShellChoice } from '../../shared/models/terminals';

/**
 * Picks the best shell the image has. Many images lack bash, and distroless
 * ones lack every shell; `command -v` is POSIX, so any sh can run this.
 */
const PICK_SHELL =
  'if command -v bash >/dev/null 2>&1; then exec bash; ' +
  'elif command -v ash >/dev/null 2>&1; then exec ash; ' +
  'else exec sh; fi';

/**
 * Candidate commands for a shell choice, tried in order until one starts.
 * `auto` goes through /bin/sh first and then through PATH lookups, for images
 * whose sh is not at /bin/sh.
 */
export function shellCandidates(choice: ShellChoice): string[][] {
  if (choice === 'auto') {
    return [['/bin/sh', '-c', PICK_SHELL], ['sh', '-c', PICK_SHELL], ['bash'], ['ash']];
  }
  return [[choice], [`/bin/${choice}`]];
}
