/** View models of the kubeconfig service. They never carry credentials. */

export type KubeconfigOrigin = 'env' | 'default' | 'imported';

export interface KubeconfigSource {
  /** Absolute path of the file. */
  path: string;
  origin: KubeconfigOrigin;
  /** False when the file named by KUBECONFIG does not exist (kubectl skips it too). */
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
  warnings: string[];
}
