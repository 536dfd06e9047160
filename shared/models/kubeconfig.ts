/** View models of the kubeconfig service. They never carry credentials. */

/**
 * The source that named a kubeconfig file: `option` is browser mode's --kubeconfig,
 * `env` the KUBECONFIG variable, `default` ~/.kube/config (used when neither
 * names a file) and `imported` the app's own store.
 */
export type KubeconfigOrigin = 'option' | 'env' | 'default' | 'imported';

export interface KubeconfigSource {
  /** Absolute path of the file. */
  path: string;
  origin: KubeconfigOrigin;
  /**
   * False when the file named by KUBECONFIG or --kubeconfig does not exist.
   * kubectl skips a missing KUBECONFIG entry, and the app skips a missing
   * --kubeconfig file too, with a warning.
   */
  exists: boolean;
  /** Parse or read error of this file only; other files still load. */
  error?: string;
}

export interface ContextSummary {
  /**
   * Stable id: a hex hash of source path + context name, so equal names in two files stay apart
   * and the id is safe as a file name for per-context state (names may hold ':', '/', spaces).
   */
  id: string;
  name: string;
  /** The file that defines this context. */
  sourcePath: string;
  origin: KubeconfigOrigin;
  cluster: string;
  user: string;
  namespace?: string;
  server?: string;
  /** True for the merged current-context, by kubectl's first-file-wins rule. */
  current: boolean;
  /** True when an earlier file already defines a context of this name, so kubectl would use that one. */
  shadowed: boolean;
  authKind: 'client-certificate' | 'token' | 'exec' | 'auth-provider' | 'basic' | 'none';
  /** True when TLS is not verified: insecure-skip-tls-verify is set, or the server URL is plain http://. */
  insecure: boolean;
  /** The cluster's proxy-url without user or password, when it has one. */
  proxyUrl?: string;
  /** Why this context cannot be used as it stands (missing cluster or user entry, bad server URL). */
  problem?: string;
}

export interface KubeconfigSnapshot {
  sources: KubeconfigSource[];
  contexts: ContextSummary[];
  currentContext?: string;
  /** Warnings of the whole load, for example a KUBECONFIG entry that does not exist. */
  warnings: KubeconfigWarning[];
}

/** Parameters of each kubeconfig warning, by code. The renderer fills them into its translation. */
export interface KubeconfigWarningParams {
  /** A file in the KUBECONFIG list (or --kubeconfig) that does not exist. */
  missingFile: { path: string; listedIn: 'KUBECONFIG' | '--kubeconfig' };
  /** An item of a file's `clusters`, `users` or `contexts` list without a name. */
  unnamedEntry: { path: string; list: 'clusters' | 'users' | 'contexts'; index: number };
  /** A cluster that a later file defines again with other values. kubectl uses the one in `usedPath`. */
  shadowedCluster: { name: string; path: string; usedPath: string };
  /** A user that a later file defines again with other values. kubectl uses the one in `usedPath`. */
  shadowedUser: { name: string; path: string; usedPath: string };
}

export type KubeconfigWarningCode = keyof KubeconfigWarningParams;

/** A warning of the kubeconfig load: a code and parameters to translate, and the English text for logs. */
export type KubeconfigWarning = {
  [Code in KubeconfigWarningCode]: { code: Code; params: KubeconfigWarningParams[Code]; message: string };
}[KubeconfigWarningCode];

// A record, not a list, so that the compiler rejects a code added to the params but left out here.
const WARNING_CODES: Record<KubeconfigWarningCode, true> = {
  missingFile: true,
  unnamedEntry: true,
  shadowedCluster: true,
  shadowedUser: true,
};

/** Every warning code, for tests that check each one has a translation. */
export const KUBECONFIG_WARNING_CODES = Object.keys(WARNING_CODES) as KubeconfigWarningCode[];
