/**
 * Watches the folders of kubeconfig files (editors replace files by rename,
 * which a watch on the file itself would miss) and calls back once per burst
 * of changes.
 */
import { existsSync, watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../log';
import { isWriteArtifact } from './atomic-write';

export interface KubeconfigWatcher {
  /** Replaces the watched set: files by path, and folders whose every file counts. */
  update(files: string[], folders: string[]): void;
  dispose(): void;
}

/** The name '*' in a folder's set means "any file in it". */
const ANY = '*';

export function createKubeconfigWatcher(onChange: () => void, debounceMs: number, logger: Logger): KubeconfigWatcher {
  const watchers = new Map<string, FSWatcher>();
  let names = new Map<string, Set<string>>();
  let timer: NodeJS.Timeout | undefined;

  const schedule = (): void => {
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  };

  const start = (folder: string): void => {
    try {
      const watcher = watch(folder, { persistent: false }, (_event, fileName) => {
        const wanted = names.get(folder);
        const name = fileName?.toString();
        if (wanted === undefined || (name !== undefined && isWriteArtifact(name))) {
          return;
        }
        if (name === undefined || wanted.has(ANY) || wanted.has(name)) {
          schedule();
        }
      });
      watcher.on('error', (err) => {
        logger.warn('watching a kubeconfig folder failed; changes there are picked up on the next reload', { path: folder, err });
        watcher.close();
        watchers.delete(folder);
      });
      watchers.set(folder, watcher);
    } catch (err) {
      logger.warn('cannot watch a kubeconfig folder', { path: folder, err });
    }
  };

  return {
    update(files, folders) {
      const next = new Map<string, Set<string>>();
      const add = (folder: string, name: string): void => {
        const set = next.get(folder) ?? new Set<string>();
        set.add(name);
        next.set(folder, set);
      };
      for (const file of files) {
        // A missing folder (no ~/.kube yet) is watched through its nearest existing parent.
        const [folder, name] = nearestExisting(file);
        add(folder, name);
      }
      for (const folder of folders) {
        if (existsSync(folder)) {
          add(folder, ANY);
        } else {
          const [parent, name] = nearestExisting(folder);
          add(parent, name);
        }
      }
      names = next;
      for (const [folder, watcher] of watchers) {
        if (!next.has(folder)) {
          watcher.close();
          watchers.delete(folder);
        }
      }
      for (const folder of next.keys()) {
        if (!watchers.has(folder)) {
          start(folder);
        }
      }
    },
    dispose() {
      clearTimeout(timer);
      for (const watcher of watchers.values()) {
        watcher.close();
      }
      watchers.clear();
    },
  };
}

/** Returns the nearest existing folder above `target` and the name of the next path segment below it. */
function nearestExisting(target: string): [folder: string, name: string] {
  let child = target;
  let folder = path.dirname(target);
  while (!existsSync(folder) && path.dirname(folder) !== folder) {
    child = folder;
    folder = path.dirname(folder);
  }
  return [folder, path.basename(child)];
}
