/** What a rename or delete of a context touches, and the kubectl command that does the same. */
import type { ContextSummary, KubeconfigSnapshot } from '../../../../shared/models/kubeconfig';

/** Imported contexts live in the app's own store; the others are in a file the user owns. */
export function editsUserFile(context: ContextSummary): boolean {
  return context.origin !== 'imported';
}

function quote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function kubectlRename(context: ContextSummary, newName: string): string {
  return `kubectl config rename-context ${quote(context.name)} ${quote(newName)} --kubeconfig ${quote(context.sourcePath)}`;
}

export function kubectlDelete(context: ContextSummary): string {
  return `kubectl config delete-context ${quote(context.name)} --kubeconfig ${quote(context.sourcePath)}`;
}

export type RenameProblem = 'empty' | 'unchanged' | 'tooLong' | 'taken';

/** Context names are free text in kubeconfig, but two contexts of one file cannot share a name. */
export function checkNewName(snapshot: KubeconfigSnapshot, context: ContextSummary, raw: string): RenameProblem | undefined {
  const name = raw.trim();
  if (name === '') return 'empty';
  if (name === context.name) return 'unchanged';
  if (name.length > 253) return 'tooLong';
  const taken = snapshot.contexts.some((other) => other.sourcePath === context.sourcePath && other.name === name);
  return taken ? 'taken' : undefined;
}
