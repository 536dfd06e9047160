/**
 * Edits of a parsed kubeconfig document. They change only the nodes they
 * name, so unknown fields, extensions, preferences and comments stay as they
 * were, and no default values are added.
 */
import path from 'node:path';
import { isMap, isSeq, parseDocument } from 'yaml';
import type { Document, YAMLMap, YAMLSeq } from 'yaml';
import { appError } from '../../shared/result';

export interface DeletePlan {
  context: string;
  /** Clusters and users of the deleted context that no other loaded context uses; they are removed too. */
  removeClusters: string[];
  removeUsers: string[];
  /** True when current-context names the deleted context; it is then set to "". */
  clearsCurrentContext: boolean;
}

/** Parses text that already parsed once, for an edit that must not touch the loaded document. */
export function cloneDocument(text: string): Document {
  return parseDocument(text);
}

/** Renames a context; current-context follows the rename, as `kubectl config rename-context` does. */
export function renameContextInDocument(document: Document, oldName: string, newName: string, filePath: string): void {
  const contexts = namedItems(document, 'contexts');
  if (contexts.some((item) => item.get('name') === newName)) {
    throw appError('Conflict', `${filePath} already has a context named "${newName}"; choose another name.`);
  }
  const item = contexts.find((entry) => entry.get('name') === oldName);
  if (item === undefined) {
    throw appError('NotFound', `${filePath} has no context named "${oldName}"; reload the kubeconfig and try again.`);
  }
  item.set('name', newName);
  if (document.get('current-context') === oldName) {
    document.set('current-context', newName);
  }
}

/** Deletes a context and the entries the plan names. */
export function deleteContextInDocument(document: Document, plan: DeletePlan, filePath: string): void {
  if (!removeNamed(document, 'contexts', plan.context)) {
    throw appError('NotFound', `${filePath} has no context named "${plan.context}"; reload the kubeconfig and try again.`);
  }
  for (const name of plan.removeClusters) {
    removeNamed(document, 'clusters', name);
  }
  for (const name of plan.removeUsers) {
    removeNamed(document, 'users', name);
  }
  if (plan.clearsCurrentContext) {
    // `kubectl config unset current-context` leaves the same empty value behind.
    document.set('current-context', '');
  }
}

const PATH_KEYS: ReadonlyArray<readonly [list: string, inner: string, key: string]> = [
  ['clusters', 'cluster', 'certificate-authority'],
  ['users', 'user', 'client-certificate'],
  ['users', 'user', 'client-key'],
  ['users', 'user', 'tokenFile'],
  ['users', 'user', 'token-file'],
];

/**
 * Rewrites relative file paths as absolute ones, resolved against `dir`, so a
 * copy of the file in another folder names the same files.
 */
export function makePathsAbsolute(document: Document, dir: string): void {
  for (const [list, inner, key] of PATH_KEYS) {
    namedItems(document, list).forEach((item) => {
      const fields = item.get(inner);
      if (isMap(fields)) {
        absolutise(fields, key, dir);
      }
    });
  }
  namedItems(document, 'users').forEach((item) => {
    const exec = isMap(item.get('user')) ? (item.get('user') as YAMLMap).get('exec') : undefined;
    if (isMap(exec)) {
      const command = exec.get('command');
      // A bare command name is looked up on PATH, so only commands with a path separator move.
      if (typeof command === 'string' && (command.includes('/') || command.includes(path.sep))) {
        absolutise(exec, 'command', dir);
      }
    }
  });
}

function absolutise(fields: YAMLMap, key: string, dir: string): void {
  const value = fields.get(key);
  if (typeof value === 'string' && value !== '' && !path.isAbsolute(value)) {
    fields.set(key, path.resolve(dir, value));
  }
}

function namedItems(document: Document, list: string): YAMLMap[] {
  const node = document.get(list, true);
  if (!isSeq(node)) {
    return [];
  }
  return (node as YAMLSeq).items.filter((item): item is YAMLMap => isMap(item));
}

function removeNamed(document: Document, list: string, name: string): boolean {
  const node = document.get(list, true);
  if (!isSeq(node)) {
    return false;
  }
  const index = node.items.findIndex((item) => isMap(item) && item.get('name') === name);
  if (index < 0) {
    return false;
  }
  node.items.splice(index, 1);
  return true;
}
