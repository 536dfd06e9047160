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
  error?: KubeconfigFileError;
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
  problem?: ContextProblem;
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

/**
 * The type a kubeconfig field should have, for `invalidField`. A field of
 * the wrong type fails its own entry, or the whole file when it is one of
 * the file's top-level fields.
 */
export type KubeconfigFieldExpectation = 'string' | 'boolean' | 'list' | 'mapping' | 'namedMapping' | 'present' | 'stringList' | 'envList';

/** A field of the wrong type. `field` is its key in the file, and `got` is the value read, as JSON. */
export interface InvalidFieldParams {
  path: string;
  field: string;
  expected: KubeconfigFieldExpectation;
  got?: string;
}

/** Parameters of each reason a whole kubeconfig file was not loaded, by code. */
export interface KubeconfigFileErrorParams {
  tooLarge: { path: string; limitMiB: number };
  /** `reason` is the operating system's message, such as EACCES: permission denied. */
  unreadable: { path: string; reason: string };
  /** `detail` is the YAML parser's first message, with its line and column. */
  invalidYaml: { path: string; detail: string };
  notMapping: { path: string };
  invalidField: InvalidFieldParams;
}

/** Parameters of each reason a context cannot connect as written, by code. */
export interface ContextProblemParams {
  noCluster: { context: string };
  undefinedCluster: { context: string; cluster: string };
  undefinedUser: { context: string; user: string };
  noServer: { cluster: string };
  invalidServer: { cluster: string; server: string };
  unsupportedScheme: { cluster: string; server: string };
  insecureWithCa: { cluster: string };
  unsupportedProxy: { cluster: string; proxyUrl: string };
  /** A field of the context's own entry, its cluster's or its user's has the wrong type. */
  invalidEntry: InvalidFieldParams & { entry: 'cluster' | 'user' | 'context'; name: string };
}

/** A coded message, which the renderer translates from its code and parameters. `message` is the English text for logs and errors. */
type Coded<Params> = {
  [Code in keyof Params]: { code: Code; params: Params[Code]; message: string };
}[keyof Params];

export type KubeconfigFileError = Coded<KubeconfigFileErrorParams>;
export type ContextProblem = Coded<ContextProblemParams>;

const FILE_ERROR_CODES: Record<keyof KubeconfigFileErrorParams, true> = { tooLarge: true, unreadable: true, invalidYaml: true, notMapping: true, invalidField: true };
const PROBLEM_CODES: Record<keyof ContextProblemParams, true> = {
  noCluster: true,
  undefinedCluster: true,
  undefinedUser: true,
  noServer: true,
  invalidServer: true,
  unsupportedScheme: true,
  insecureWithCa: true,
  unsupportedProxy: true,
  invalidEntry: true,
};
const FIELD_EXPECTATIONS: Record<KubeconfigFieldExpectation, true> = {
  string: true,
  boolean: true,
  list: true,
  mapping: true,
  namedMapping: true,
  present: true,
  stringList: true,
  envList: true,
};

/** Every code, for tests that check each one has a translation. */
export const KUBECONFIG_FILE_ERROR_CODES = Object.keys(FILE_ERROR_CODES) as (keyof KubeconfigFileErrorParams)[];
export const CONTEXT_PROBLEM_CODES = Object.keys(PROBLEM_CODES) as (keyof ContextProblemParams)[];
export const KUBECONFIG_FIELD_EXPECTATIONS = Object.keys(FIELD_EXPECTATIONS) as KubeconfigFieldExpectation[];
