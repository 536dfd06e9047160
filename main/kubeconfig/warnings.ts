/**
 * Builders of kubeconfig warnings. Each carries a code and parameters, which
 * the renderer translates, and the English text for logs and older callers.
 */
import type { KubeconfigOrigin, KubeconfigWarning, KubeconfigWarningParams } from '../../shared/models/kubeconfig';

/** Builds the warning for a file that KUBECONFIG or --kubeconfig lists but that does not exist. */
export function missingFileWarning(path: string, origin: KubeconfigOrigin): KubeconfigWarning {
  const listedIn = origin === 'option' ? '--kubeconfig' : 'KUBECONFIG';
  return { code: 'missingFile', params: { path, listedIn }, message: `${listedIn} lists ${path}, which does not exist; it is skipped.` };
}

export function unnamedEntryWarning(params: KubeconfigWarningParams['unnamedEntry']): KubeconfigWarning {
  const { path, list, index } = params;
  return { code: 'unnamedEntry', params, message: `${path}: ${list}[${index}] has no name, so it is ignored. Add a name to it, or delete it.` };
}

export function shadowWarning(kind: 'Cluster' | 'User', params: KubeconfigWarningParams['shadowedCluster']): KubeconfigWarning {
  const message = `${kind} "${params.name}" in ${params.path} is shadowed by the one in ${params.usedPath}, which kubectl uses.`;
  return kind === 'Cluster' ? { code: 'shadowedCluster', params, message } : { code: 'shadowedUser', params, message };
}
