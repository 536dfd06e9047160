/** Checks a typed kubeconfig path before it is sent to main, which reads the file. */

export type ImportPathProblem = 'empty' | 'relative' | 'tooLong';

const MAX_PATH = 4096;

/**
 * The path must be absolute on the machine that runs main, because the renderer
 * may run in a browser elsewhere and has no working directory of its own.
 * POSIX (`/…`, `~/…`) and Windows (`C:\…`, `\\server\…`) forms are accepted.
 */
export function checkImportPath(raw: string): ImportPathProblem | undefined {
  const path = raw.trim();
  if (path === '') {
    return 'empty';
  }
  if (path.length > MAX_PATH) {
    return 'tooLong';
  }
  const absolute = path.startsWith('/') || path.startsWith('~/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
  return absolute ? undefined : 'relative';
}
