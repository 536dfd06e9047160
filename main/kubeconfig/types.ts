/**
 * The parsed form of kubeconfig files inside main. Field names follow the
 * kubeconfig keys; file paths are already absolute (resolved against the
 * folder of the file that names them, as kubectl does).
 */
import type { Document } from 'yaml';
import type { ContextProblem, KubeconfigFileError, KubeconfigOrigin, KubeconfigWarning } from '../../shared/models/kubeconfig';

export interface ClusterEntry {
  server?: string;
  certificateAuthority?: string;
  certificateAuthorityData?: string;
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
  proxyUrl?: string;
  disableCompression?: boolean;
  /** The `client.authentication.k8s.io/exec` extension, handed to exec plugins with provideClusterInfo. */
  execExtension?: unknown;
}

export interface ExecEnvVar {
  name: string;
  value: string;
}

export interface ExecConfig {
  command: string;
  args: string[];
  env: ExecEnvVar[];
  apiVersion: string;
  interactiveMode?: string;
  provideClusterInfo: boolean;
  installHint?: string;
}

export interface AuthProviderConfig {
  name: string;
  config: Record<string, string>;
}

export interface UserEntry {
  clientCertificate?: string;
  clientCertificateData?: string;
  clientKey?: string;
  clientKeyData?: string;
  token?: string;
  tokenFile?: string;
  username?: string;
  password?: string;
  as?: string;
  authProvider?: AuthProviderConfig;
  exec?: ExecConfig;
}

export interface ContextEntry {
  cluster: string;
  user: string;
  namespace?: string;
}

/** One named item of a kubeconfig list; `problem` is set when its fields have the wrong types. */
export interface NamedEntry<T> {
  name: string;
  value: T;
  problem?: ContextProblem;
}

export interface KubeconfigFile {
  /** Absolute path, as listed (not the symlink target). */
  path: string;
  origin: KubeconfigOrigin;
  exists: boolean;
  /** Read or parse error of the whole file; its entries are then empty. */
  error?: KubeconfigFileError;
  /** The text as read, and its SHA-256, for conflict checks before a write. */
  text?: string;
  hash?: string;
  /** The parsed document; edits clone it so that unknown fields and comments survive. */
  document?: Document;
  clusters: NamedEntry<ClusterEntry>[];
  users: NamedEntry<UserEntry>[];
  contexts: NamedEntry<ContextEntry>[];
  currentContext?: string;
  warnings: KubeconfigWarning[];
}
