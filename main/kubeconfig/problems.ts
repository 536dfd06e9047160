/**
 * Builders of the reasons a kubeconfig file does not load or a context
 * cannot connect. Each carries a code and parameters, which the renderer
 * translates, and the English text that logs and thrown errors use.
 */
import type { ContextProblem, ContextProblemParams, InvalidFieldParams, KubeconfigFieldExpectation, KubeconfigFileError } from '../../shared/models/kubeconfig';

const EXPECTED_TEXT: Record<KubeconfigFieldExpectation, string> = {
  string: 'must be a string',
  boolean: 'must be true or false',
  list: 'must be a list',
  mapping: 'must be a mapping',
  namedMapping: 'must be a mapping with a name',
  present: 'is missing',
  stringList: 'must be a list of strings',
  envList: 'must be a list of {name, value} entries',
};

/** Maximum length of a quoted value, because a mapping where a list belongs can hold a whole file. */
const MAX_GOT_CHARS = 80;

/** An error for a field of the wrong type, thrown while a file is read. The reader adds the file and the entry. */
export class FieldError extends Error {
  readonly got: string | undefined;

  constructor(
    readonly field: string,
    readonly expected: KubeconfigFieldExpectation,
    got?: string,
  ) {
    const quoted = got !== undefined && got.length > MAX_GOT_CHARS ? `${got.slice(0, MAX_GOT_CHARS)}…` : got;
    super(`${field} ${EXPECTED_TEXT[expected]}${quoted === undefined ? '' : `, got ${quoted}`}`);
    this.got = quoted;
  }

  params(path: string): InvalidFieldParams {
    return { path, field: this.field, expected: this.expected, ...(this.got === undefined ? {} : { got: this.got }) };
  }
}

export function fileTooLarge(path: string, limitMiB: number): KubeconfigFileError {
  return { code: 'tooLarge', params: { path, limitMiB }, message: `${path} is larger than ${limitMiB} MiB, so it is not read as a kubeconfig.` };
}

export function fileUnreadable(path: string, reason: string): KubeconfigFileError {
  return { code: 'unreadable', params: { path, reason }, message: `Cannot read ${path}: ${reason}` };
}

export function fileInvalidYaml(path: string, detail: string): KubeconfigFileError {
  return { code: 'invalidYaml', params: { path, detail }, message: `${path} is not valid YAML: ${detail}` };
}

export function fileNotMapping(path: string): KubeconfigFileError {
  return { code: 'notMapping', params: { path }, message: `${path} is not a kubeconfig: its top level is not a mapping.` };
}

export function fileInvalidField(path: string, error: FieldError): KubeconfigFileError {
  return { code: 'invalidField', params: error.params(path), message: `${path} is not a valid kubeconfig: ${error.message}.` };
}

export function entryInvalidField(entry: 'cluster' | 'user' | 'context', name: string, path: string, error: FieldError): ContextProblem {
  const label = `${entry.charAt(0).toUpperCase()}${entry.slice(1)}`;
  return { code: 'invalidEntry', params: { ...error.params(path), entry, name }, message: `${label} "${name}" in ${path}: ${error.message}. Fix that field.` };
}

type SimpleProblem = Exclude<keyof ContextProblemParams, 'invalidEntry'>;

const PROBLEM_TEXT: { [Code in SimpleProblem]: (params: ContextProblemParams[Code]) => string } = {
  noCluster: ({ context }) => `Context "${context}" names no cluster; set context.cluster to one of the clusters in the kubeconfig.`,
  undefinedCluster: ({ context, cluster }) => `Cluster "${cluster}" of context "${context}" is not defined in any kubeconfig file; add it or point the context at an existing cluster.`,
  undefinedUser: ({ context, user }) => `User "${user}" of context "${context}" is not defined in any kubeconfig file; add it or point the context at an existing user.`,
  noServer: ({ cluster }) => `Cluster "${cluster}" has no server; set cluster.server to the API server URL.`,
  invalidServer: ({ cluster, server }) => `Cluster "${cluster}" has an invalid server URL "${server}"; use a URL such as https://host:6443.`,
  unsupportedScheme: ({ cluster, server }) => `Cluster "${cluster}" has server "${server}" with an unsupported scheme; use https:// or http://.`,
  // client-go rejects this pair with "specifying a root certificates file with the insecure flag is not allowed".
  insecureWithCa: ({ cluster }) => `Cluster "${cluster}" sets insecure-skip-tls-verify together with a certificate authority, which kubectl rejects; remove one of them.`,
  unsupportedProxy: ({ cluster, proxyUrl }) => `Cluster "${cluster}" has proxy-url "${proxyUrl}" with an unsupported scheme; use http://, https:// or socks5://.`,
};

export function contextProblem<Code extends SimpleProblem>(code: Code, params: ContextProblemParams[Code]): ContextProblem {
  return { code, params, message: PROBLEM_TEXT[code](params) } as ContextProblem;
}
