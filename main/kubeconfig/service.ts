/**
 * The kubeconfig service of the main process: the merged view of the user's
 * kubeconfig files and the app's store, edits of both, watching, and one
 * client-node KubeConfig per context for the cluster connections.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ContractImpl, Disposable } from '../../shared/contract';
import type { kubeconfigContract } from '../../shared/contracts/kubeconfig';
import type { KubeconfigSnapshot } from '../../shared/models/kubeconfig';
import { appError } from '../../shared/result';
import { createLogger } from '../log';
import type { Logger } from '../log';
import { writeFileAtomic } from './atomic-write';
import { buildKubeConfig } from './client-config';
import type { ExecCredentialSource } from './client-config';
import { ExecCredentialCache } from './credential-cache';
import { cloneDocument, deleteContextInDocument, renameContextInDocument } from './edits';
import type { DeletePlan } from './edits';
import { runExecPlugin } from './exec-credential';
import { createKubeconfigWatcher } from './file-watcher';
import type { KubeconfigWatcher } from './file-watcher';
import { readKubeconfigFile } from './kubeconfig-file';
import { resolveLoginShellPath } from './login-shell-path';
import { mergeKubeconfigFiles } from './merge';
import type { MergedKubeconfig, ResolvedContext } from './merge';
import { isListedOrigin, listKubeconfigSources } from './sources';
import type { SourceListOptions } from './sources';
import { importIntoStore, listStoreFiles } from './store';

export interface KubeconfigServiceOptions {
  /** Folder of the app's own kubeconfig store, e.g. `<userData>/kubeconfigs`. */
  storeDir: string;
  /** Environment that names KUBECONFIG and SHELL and that exec plugins inherit; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Browser mode's --kubeconfig value, a list like KUBECONFIG that replaces it. Its files get the origin `option`. */
  kubeconfigOption?: string;
  homeDir?: string;
  /** Platform list separator and path functions for KUBECONFIG; default to this platform's. */
  delimiter?: string;
  pathModule?: path.PlatformPath;
  /** Returns PATH for exec plugins; defaults to the login shell's PATH, read once. */
  loginShellPath?: () => Promise<string>;
  /** How long an exec plugin may run, in milliseconds (default 60 s, because some open a browser login). */
  execTimeoutMs?: number;
  /** Watch the source folders and push snapshots on change (default true). */
  watch?: boolean;
  /** Quiet time after the last file event before reloading, in milliseconds (default 250). */
  debounceMs?: number;
  now?: () => Date;
  logger?: Logger;
}

export type KubeconfigContractImpl = ContractImpl<typeof kubeconfigContract>;

export interface KubeconfigService extends KubeconfigContractImpl {
  /** Builds a new KubeConfig holding only this context; each connection keeps its own instance until it reconnects. */
  kubeConfigFor(contextId: string): Promise<KubeConfig>;
  /** Returns what deleting a context removes, so the UI can show it before the write. */
  planDelete(contextId: string): Promise<DeletePlan & { sourcePath: string; writesUserFile: boolean }>;
  /** Forgets cached exec credentials of a context, for example after a 401. */
  invalidateCredentials(contextId: string): Promise<void>;
  /** Re-reads every source now; pushes a snapshot when something changed. */
  reload(): Promise<KubeconfigSnapshot>;
  dispose(): void;
}

/** Creates the service; nothing is read until the first call. */
export function createKubeconfigService(options: KubeconfigServiceOptions): KubeconfigService {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger('kubeconfig');
  const credentials = new ExecCredentialCache(() => (options.now?.() ?? new Date()).getTime());
  const listeners = new Set<(snapshot: KubeconfigSnapshot) => void>();
  const execTimeoutMs = options.execTimeoutMs ?? 60_000;
  let state: MergedKubeconfig | undefined;
  let loading: Promise<MergedKubeconfig> | undefined;
  let writes: Promise<unknown> = Promise.resolve();
  let shellPath: Promise<string> | undefined;
  let watcher: KubeconfigWatcher | undefined;
  let disposed = false;

  const sourceOptions: SourceListOptions = {
    kubeconfigOption: options.kubeconfigOption,
    kubeconfigEnv: env.KUBECONFIG,
    ...(options.homeDir !== undefined ? { homeDir: options.homeDir } : {}),
    ...(options.delimiter !== undefined ? { delimiter: options.delimiter } : {}),
    ...(options.pathModule !== undefined ? { pathModule: options.pathModule } : {}),
  };

  async function load(): Promise<MergedKubeconfig> {
    const sources = listKubeconfigSources(sourceOptions);
    const storeFiles = await listStoreFiles(options.storeDir);
    const files = await Promise.all([
      ...sources.map((source) => readKubeconfigFile(source.path, source.origin)),
      ...storeFiles.map((file) => readKubeconfigFile(file, 'imported')),
    ]);
    for (const file of files) {
      if (file.error !== undefined) {
        logger.warn('kubeconfig file not loaded', { path: file.path, err: file.error.message });
      } else if (!file.exists && isListedOrigin(file.origin)) {
        logger.warn('listed kubeconfig file not found, skipped', { path: file.path, origin: file.origin });
      }
    }
    const merged = mergeKubeconfigFiles(files);
    if (options.watch !== false && !disposed) {
      watcher ??= createKubeconfigWatcher(() => void reloadAndPush(), options.debounceMs ?? 250, logger);
      watcher.update(sources.map((source) => source.path), [options.storeDir]);
    }
    return merged;
  }

  async function current(): Promise<MergedKubeconfig> {
    if (state !== undefined) {
      return state;
    }
    loading ??= load().then((merged) => {
      state = merged;
      return merged;
    }).finally(() => {
      loading = undefined;
    });
    return loading;
  }

  async function reloadAndPush(): Promise<KubeconfigSnapshot> {
    const previous = state;
    const next = await load();
    state = next;
    if (previous === undefined || fingerprint(previous) !== fingerprint(next)) {
      for (const listener of listeners) {
        listener(next.snapshot);
      }
    }
    return next.snapshot;
  }

  async function find(contextId: string): Promise<{ merged: MergedKubeconfig; resolved: ResolvedContext }> {
    const merged = await current();
    const resolved = merged.contexts.get(contextId);
    if (resolved === undefined) {
      throw appError('NotFound', `No kubeconfig context has the id ${contextId}; it was renamed, deleted or its file changed. Reload the list of contexts.`);
    }
    return { merged, resolved };
  }

  /** Runs edits one at a time, so two edits never base themselves on the same text. */
  function serialised<T>(task: () => Promise<T>): Promise<T> {
    const run = writes.then(task, task);
    writes = run.catch(() => undefined);
    return run;
  }

  async function editFile(resolved: ResolvedContext, writeUserFile: boolean, edit: (document: ReturnType<typeof cloneDocument>) => void): Promise<KubeconfigSnapshot> {
    const file = resolved.file;
    const isStore = file.origin === 'imported';
    if (!isStore && !writeUserFile) {
      throw appError('InvalidInput', `Context "${resolved.name}" is defined in your own kubeconfig file ${file.path}. Confirm the change to that file (writeUserFile); a backup is kept next to it.`);
    }
    if (file.text === undefined || file.hash === undefined) {
      throw appError('Kubeconfig', `${file.path} was not read, so it cannot be changed; reload and try again.`);
    }
    const document = cloneDocument(file.text);
    edit(document);
    try {
      const result = await writeFileAtomic(file.path, document.toString(), { expectedHash: file.hash, backup: !isStore, ...(options.now ? { now: options.now } : {}) });
      logger.info('kubeconfig file written', { path: result.path, backup: result.backupPath, context: resolved.name });
    } catch (err) {
      // A conflict means our view is stale: reload so the next attempt starts from the file as it is now.
      await reloadAndPush().catch(() => undefined);
      throw err;
    }
    return reloadAndPush();
  }

  function deletePlanFor(merged: MergedKubeconfig, resolved: ResolvedContext): DeletePlan {
    const others = [...merged.contexts.values()].filter((other) => other.id !== resolved.id);
    const { cluster, user } = resolved.context;
    const ownCluster = resolved.file.clusters.some((entry) => entry.name === cluster);
    const ownUser = resolved.file.users.some((entry) => entry.name === user);
    return {
      context: resolved.name,
      removeClusters: ownCluster && !others.some((other) => other.context.cluster === cluster) ? [cluster] : [],
      removeUsers: ownUser && user !== '' && !others.some((other) => other.context.user === user) ? [user] : [],
      clearsCurrentContext: resolved.file.currentContext === resolved.name,
    };
  }

  const execSource: ExecCredentialSource = {
    credential(exec, userName, cluster) {
      const key = credentialKey(exec, userName, cluster);
      return credentials.get(key, async () => {
        shellPath ??= (options.loginShellPath ?? (() => resolveLoginShellPath({ shell: env.SHELL, fallbackPath: env.PATH ?? '', logger })))();
        return runExecPlugin({ exec, userName, cluster, path: await shellPath, baseEnv: env, timeoutMs: execTimeoutMs });
      });
    },
  };

  const service: KubeconfigService = {
    async snapshot() {
      return (await current()).snapshot;
    },

    async importFile({ path: sourcePath }) {
      return serialised(async () => {
        const stored = await importIntoStore(options.storeDir, sourcePath, options.now);
        logger.info('kubeconfig imported', { path: sourcePath, stored });
        return reloadAndPush();
      });
    },

    async renameContext({ id, newName, writeUserFile }) {
      return serialised(async () => {
        const { resolved } = await find(id);
        return editFile(resolved, writeUserFile, (document) => renameContextInDocument(document, resolved.name, newName, resolved.file.path));
      });
    },

    async deleteContext({ id, writeUserFile }) {
      return serialised(async () => {
        const { merged, resolved } = await find(id);
        const plan = deletePlanFor(merged, resolved);
        return editFile(resolved, writeUserFile, (document) => deleteContextInDocument(document, plan, resolved.file.path));
      });
    },

    onDidChange(_input, emit): Disposable {
      listeners.add(emit);
      void current().catch((err: unknown) => logger.error('kubeconfig load failed', { err }));
      return { dispose: () => listeners.delete(emit) };
    },

    async kubeConfigFor(contextId) {
      const { resolved } = await find(contextId);
      return buildKubeConfig(resolved, execSource);
    },

    async planDelete(contextId) {
      const { merged, resolved } = await find(contextId);
      return { ...deletePlanFor(merged, resolved), sourcePath: resolved.file.path, writesUserFile: resolved.file.origin !== 'imported' };
    },

    async invalidateCredentials(contextId) {
      const { resolved } = await find(contextId);
      const exec = resolved.user?.entry.value.exec;
      const cluster = resolved.cluster?.entry.value;
      if (exec !== undefined && cluster !== undefined) {
        credentials.invalidate(credentialKey(exec, resolved.user?.entry.name ?? '', cluster));
      }
    },

    reload: reloadAndPush,

    dispose() {
      disposed = true;
      watcher?.dispose();
      listeners.clear();
      credentials.clear();
    },
  };
  return service;
}

/** Same exec block, user and server means the same credential, whichever context requests it. */
function credentialKey(exec: unknown, userName: string, cluster: { server?: string }): string {
  return createHash('sha256').update(JSON.stringify([exec, userName, cluster.server ?? ''])).digest('hex');
}

/** Changes in any file's content, presence or error produce a new snapshot. */
function fingerprint(merged: MergedKubeconfig): string {
  return JSON.stringify(merged.files.map((file) => [file.path, file.exists, file.hash ?? '', file.error?.message ?? '']));
}
