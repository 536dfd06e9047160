/**
 * Merges kubeconfig files by kubectl's rules: the first file that sets a
 * value wins (current-context included), and a name defined again later is
 * shadowed. Every context stays listed under its own file with a stable id,
 * so two files with equal names stay apart in the app.
 */
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type {
  ContextProblem,
  ContextSummary,
  KubeconfigSnapshot,
  KubeconfigSource,
  KubeconfigWarning,
} from '../../shared/models/kubeconfig';
import type { ClusterEntry, ContextEntry, KubeconfigFile, NamedEntry, UserEntry } from './types';
import { isListedOrigin } from './sources';
import { missingFileWarning, shadowWarning } from './warnings';
import { contextProblem } from './problems';

export interface Located<T> {
  entry: NamedEntry<T>;
  file: KubeconfigFile;
}

/** A context with the cluster and user it resolves to; main-only because the user holds credentials. */
export interface ResolvedContext {
  id: string;
  name: string;
  file: KubeconfigFile;
  context: ContextEntry;
  cluster?: Located<ClusterEntry>;
  user?: Located<UserEntry>;
  shadowed: boolean;
  problem?: ContextProblem;
}

export interface MergedKubeconfig {
  snapshot: KubeconfigSnapshot;
  contexts: Map<string, ResolvedContext>;
  files: KubeconfigFile[];
}

/** Derives a context id from its file and name: stable across restarts and safe as a file name. */
export function contextId(filePath: string, name: string): string {
  return createHash('sha256').update(filePath).update('\0').update(name).digest('hex').slice(0, 32);
}

/** Merges files given in kubectl order: --kubeconfig or KUBECONFIG entries (or the default file) first, then imported files. */
export function mergeKubeconfigFiles(files: KubeconfigFile[], loadWarnings: KubeconfigWarning[] = []): MergedKubeconfig {
  const userFiles = files.filter((file) => file.origin !== 'imported');
  const kubectlClusters = firstByName(userFiles, (file) => file.clusters);
  const kubectlUsers = firstByName(userFiles, (file) => file.users);
  const allClusters = firstByName(files, (file) => file.clusters);
  const allUsers = firstByName(files, (file) => file.users);
  const warnings = [...loadWarnings, ...collectFileWarnings(files), ...shadowWarnings(userFiles)];

  const currentContext = files.find((file) => file.currentContext !== undefined)?.currentContext;
  const seenContexts = new Set<string>();
  const contexts = new Map<string, ResolvedContext>();
  const summaries: ContextSummary[] = [];
  for (const file of files) {
    for (const entry of file.contexts) {
      const shadowed = seenContexts.has(entry.name);
      seenContexts.add(entry.name);
      // kubectl resolves names in the merged map; imported files are self-contained, so they look in their own file first.
      const clusters = file.origin === 'imported' ? [ownByName(file.clusters, file), allClusters] : [kubectlClusters];
      const users = file.origin === 'imported' ? [ownByName(file.users, file), allUsers] : [kubectlUsers];
      const resolved = resolveContext(file, entry, shadowed, clusters, users);
      contexts.set(resolved.id, resolved);
      summaries.push(summarise(resolved, currentContext));
    }
  }

  const snapshot: KubeconfigSnapshot = { sources: files.map(toSource), contexts: summaries, warnings };
  if (currentContext !== undefined) {
    snapshot.currentContext = currentContext;
  }
  return { snapshot, contexts, files };
}

function resolveContext(
  file: KubeconfigFile,
  entry: NamedEntry<ContextEntry>,
  shadowed: boolean,
  clusterMaps: Map<string, Located<ClusterEntry>>[],
  userMaps: Map<string, Located<UserEntry>>[],
): ResolvedContext {
  const resolved: ResolvedContext = {
    id: contextId(file.path, entry.name),
    name: entry.name,
    file,
    context: entry.value,
    shadowed,
  };
  const cluster = lookup(clusterMaps, entry.value.cluster);
  const user = entry.value.user === '' ? undefined : lookup(userMaps, entry.value.user);
  if (cluster !== undefined) {
    resolved.cluster = cluster;
  }
  if (user !== undefined) {
    resolved.user = user;
  }
  const problem = findProblem(entry, resolved);
  if (problem !== undefined) {
    resolved.problem = problem;
  }
  return resolved;
}

/** Explains why a context cannot connect as it stands, in the words kubectl's validation uses. */
function findProblem(entry: NamedEntry<ContextEntry>, resolved: ResolvedContext): ContextProblem | undefined {
  const { cluster, user } = resolved;
  if (entry.problem !== undefined) {
    return entry.problem;
  }
  if (entry.value.cluster === '') {
    return contextProblem('noCluster', { context: entry.name });
  }
  if (cluster === undefined) {
    return contextProblem('undefinedCluster', { context: entry.name, cluster: entry.value.cluster });
  }
  if (cluster.entry.problem !== undefined) {
    return cluster.entry.problem;
  }
  if (entry.value.user !== '' && user === undefined) {
    return contextProblem('undefinedUser', { context: entry.name, user: entry.value.user });
  }
  if (user?.entry.problem !== undefined) {
    return user.entry.problem;
  }
  return clusterProblem(cluster.entry);
}

function clusterProblem(entry: NamedEntry<ClusterEntry>): ContextProblem | undefined {
  const { server } = entry.value;
  if (server === undefined || server === '') {
    return contextProblem('noServer', { cluster: entry.name });
  }
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return contextProblem('invalidServer', { cluster: entry.name, server });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return contextProblem('unsupportedScheme', { cluster: entry.name, server });
  }
  const hasCa = entry.value.certificateAuthority !== undefined || entry.value.certificateAuthorityData !== undefined;
  if (entry.value.insecureSkipTlsVerify && hasCa) {
    return contextProblem('insecureWithCa', { cluster: entry.name });
  }
  const proxy = entry.value.proxyUrl;
  if (proxy !== undefined && !/^(https?|socks5h?):\/\//.test(proxy)) {
    return contextProblem('unsupportedProxy', { cluster: entry.name, proxyUrl: proxy });
  }
  return undefined;
}

function summarise(resolved: ResolvedContext, currentContext: string | undefined): ContextSummary {
  const cluster = resolved.cluster?.entry.value;
  const summary: ContextSummary = {
    id: resolved.id,
    name: resolved.name,
    sourcePath: resolved.file.path,
    origin: resolved.file.origin,
    cluster: resolved.context.cluster,
    user: resolved.context.user,
    current: !resolved.shadowed && resolved.name === currentContext,
    shadowed: resolved.shadowed,
    authKind: authKindOf(resolved.user?.entry.value),
    insecure: cluster !== undefined && (cluster.insecureSkipTlsVerify || (cluster.server ?? '').startsWith('http:')),
  };
  if (resolved.context.namespace !== undefined) {
    summary.namespace = resolved.context.namespace;
  }
  if (cluster?.server !== undefined) {
    summary.server = cluster.server;
  }
  const proxy = cluster?.proxyUrl === undefined ? undefined : withoutCredentials(cluster.proxyUrl);
  if (proxy !== undefined) {
    summary.proxyUrl = proxy;
  }
  if (resolved.problem !== undefined) {
    summary.problem = resolved.problem;
  }
  return summary;
}

function authKindOf(user: UserEntry | undefined): ContextSummary['authKind'] {
  if (user === undefined) {
    return 'none';
  }
  if (user.exec !== undefined) {
    return 'exec';
  }
  if (user.authProvider !== undefined) {
    return 'auth-provider';
  }
  if (user.clientCertificate !== undefined || user.clientCertificateData !== undefined) {
    return 'client-certificate';
  }
  if (user.token !== undefined || user.tokenFile !== undefined) {
    return 'token';
  }
  return user.username !== undefined ? 'basic' : 'none';
}

/** Drops user:password from a proxy URL: the renderer never gets credentials. */
function withoutCredentials(value: string): string | undefined {
  try {
    const url = new URL(value);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return undefined;
  }
}

function toSource(file: KubeconfigFile): KubeconfigSource {
  const source: KubeconfigSource = { path: file.path, origin: file.origin, exists: file.exists };
  if (file.error !== undefined) {
    source.error = file.error;
  }
  return source;
}

function firstByName<T>(files: KubeconfigFile[], list: (file: KubeconfigFile) => NamedEntry<T>[]): Map<string, Located<T>> {
  const map = new Map<string, Located<T>>();
  for (const file of files) {
    for (const entry of list(file)) {
      if (!map.has(entry.name)) {
        map.set(entry.name, { entry, file });
      }
    }
  }
  return map;
}

function ownByName<T>(entries: NamedEntry<T>[], file: KubeconfigFile): Map<string, Located<T>> {
  return firstByName([file], () => entries);
}

function lookup<T>(maps: Map<string, Located<T>>[], name: string): Located<T> | undefined {
  for (const map of maps) {
    const found = map.get(name);
    if (found !== undefined) {
      return found;
    }
  }
  return undefined;
}

function collectFileWarnings(files: KubeconfigFile[]): KubeconfigWarning[] {
  const warnings: KubeconfigWarning[] = [];
  for (const file of files) {
    warnings.push(...file.warnings);
    if (!file.exists && isListedOrigin(file.origin)) {
      warnings.push(missingFileWarning(file.path, file.origin));
    }
  }
  return warnings;
}

/**
 * Names the clusters and users that a later listed file defines again,
 * because kubectl ignores those silently. A copy equal to the one kubectl
 * uses changes nothing, so it gets no warning. Files written for several
 * users of one cluster often repeat the cluster entry.
 */
function shadowWarnings(files: KubeconfigFile[]): KubeconfigWarning[] {
  const warnings: KubeconfigWarning[] = [];
  for (const [kind, list] of [
    ['Cluster', (file: KubeconfigFile) => file.clusters as NamedEntry<unknown>[]],
    ['User', (file: KubeconfigFile) => file.users as NamedEntry<unknown>[]],
  ] as const) {
    const firstEntry = new Map<string, { path: string; value: unknown }>();
    for (const file of files) {
      for (const entry of list(file)) {
        const first = firstEntry.get(entry.name);
        if (first === undefined) {
          firstEntry.set(entry.name, { path: file.path, value: entry.value });
        } else if (first.path !== file.path && !isDeepStrictEqual(first.value, entry.value)) {
          warnings.push(shadowWarning(kind, { name: entry.name, path: file.path, usedPath: first.path }));
        }
      }
    }
  }
  return warnings;
}
