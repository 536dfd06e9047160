/**
 * Which files make up the user's kubeconfig: the --kubeconfig list, else the
 * KUBECONFIG list, else the default file, as kubectl decides.
 */
import os from 'node:os';
import path from 'node:path';
import type { KubeconfigOrigin } from '../../shared/models/kubeconfig';

export interface SourcePath {
  path: string;
  origin: KubeconfigOrigin;
}

export interface SourceListOptions {
  /** The value of browser mode's --kubeconfig option, a list like KUBECONFIG. It overrides KUBECONFIG when set. */
  kubeconfigOption?: string | undefined;
  /** The value of KUBECONFIG; undefined or '' means "use the default file". */
  kubeconfigEnv?: string | undefined;
  homeDir?: string;
  /** `path.delimiter` of the platform: ':' on Linux and macOS, ';' on Windows. */
  delimiter?: string;
  /** Path functions of the platform, so tests can check Windows values on Linux. */
  pathModule?: path.PlatformPath;
  cwd?: string;
}

/**
 * Splits KUBECONFIG like kubectl: empty entries (a trailing or doubled
 * separator) are ignored, duplicates keep their first position, and relative
 * entries resolve against the working directory.
 */
export function splitKubeconfigList(value: string, options: SourceListOptions = {}): string[] {
  const pathModule = options.pathModule ?? path;
  const delimiter = options.delimiter ?? pathModule.delimiter;
  const cwd = options.cwd ?? process.cwd();
  const seen = new Set<string>();
  const paths: string[] = [];
  for (const entry of value.split(delimiter)) {
    const trimmed = entry.trim();
    if (trimmed === '') {
      continue;
    }
    const absolute = pathModule.resolve(cwd, trimmed);
    if (!seen.has(absolute)) {
      seen.add(absolute);
      paths.push(absolute);
    }
  }
  return paths;
}

/** Returns the files to load, in merge order. */
export function listKubeconfigSources(options: SourceListOptions = {}): SourcePath[] {
  const listed = listedSources(options.kubeconfigOption, 'option', options) ?? listedSources(options.kubeconfigEnv, 'env', options);
  if (listed !== undefined) {
    return listed;
  }
  const pathModule = options.pathModule ?? path;
  const home = options.homeDir ?? os.homedir();
  return [{ path: pathModule.join(home, '.kube', 'config'), origin: 'default' }];
}

/** True for files that the user listed (--kubeconfig or KUBECONFIG): a missing one gets a warning. */
export function isListedOrigin(origin: KubeconfigOrigin): boolean {
  return origin === 'option' || origin === 'env';
}

function listedSources(value: string | undefined, origin: KubeconfigOrigin, options: SourceListOptions): SourcePath[] | undefined {
  if (value === undefined || value.trim() === '') {
    return undefined;
  }
  const paths = splitKubeconfigList(value, options);
  return paths.length > 0 ? paths.map((entry) => ({ path: entry, origin })) : undefined;
}
