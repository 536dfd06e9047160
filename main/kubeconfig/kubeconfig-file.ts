/**
 * Reads one kubeconfig file into entries. A file that does not parse gets an
 * `error` and no entries, so the other files of the merge still load. Relative
 * paths resolve against the folder of this file, whatever the working
 * directory, as kubectl does.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, parseDocument } from 'yaml';
import type { KubeconfigFileError, KubeconfigOrigin, KubeconfigWarning } from '../../shared/models/kubeconfig';
import type {
  AuthProviderConfig,
  ClusterEntry,
  ContextEntry,
  ExecConfig,
  KubeconfigFile,
  NamedEntry,
  UserEntry,
} from './types';
import { entryInvalidField, FieldError, fileInvalidField, fileInvalidYaml, fileNotMapping, fileTooLarge, fileUnreadable } from './problems';
import { unnamedEntryWarning } from './warnings';

/** Larger files are not kubeconfigs; reading them would only stall the main process. */
export const MAX_KUBECONFIG_BYTES = 32 * 1024 * 1024;

type Fields = Record<string, unknown>;

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Reads and parses a file; a missing file is `exists: false` without an error. */
export async function readKubeconfigFile(filePath: string, origin: KubeconfigOrigin): Promise<KubeconfigFile> {
  let text: string;
  try {
    const buffer = await readFile(filePath);
    if (buffer.byteLength > MAX_KUBECONFIG_BYTES) {
      return emptyFile(filePath, origin, true, fileTooLarge(filePath, MAX_KUBECONFIG_BYTES / 1024 / 1024));
    }
    text = buffer.toString('utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      return emptyFile(filePath, origin, false);
    }
    return emptyFile(filePath, origin, true, fileUnreadable(filePath, (err as Error).message));
  }
  return parseKubeconfigText(text, filePath, origin);
}

/** Parses kubeconfig text that belongs to `filePath` (used to resolve relative paths). */
export function parseKubeconfigText(text: string, filePath: string, origin: KubeconfigOrigin): KubeconfigFile {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    const first = document.errors[0];
    // The parser's first line ends in a colon before an excerpt of the file, which is left out.
    const message = first?.message.split('\n')[0]?.replace(/:\s*$/, '') ?? 'unknown YAML error';
    return { ...emptyFile(filePath, origin, true, fileInvalidYaml(filePath, message)), text, hash: hashText(text) };
  }
  const contents = document.contents;
  const base = { path: filePath, origin, exists: true, text, hash: hashText(text), document };
  if (contents !== null && !isMap(contents)) {
    return { ...emptyFile(filePath, origin, true, fileNotMapping(filePath)), ...base, document };
  }

  const root = (document.toJS() ?? {}) as Fields;
  const warnings: KubeconfigWarning[] = [];
  const dir = path.dirname(filePath);
  try {
    const clusters = readList(root, 'clusters', 'cluster', (fields) => readCluster(fields, dir), filePath, warnings);
    const users = readList(root, 'users', 'user', (fields) => readUser(fields, dir), filePath, warnings);
    const contexts = readList(root, 'contexts', 'context', readContext, filePath, warnings);
    const current = root['current-context'];
    if (current !== undefined && current !== null && typeof current !== 'string') {
      throw new FieldError('current-context', 'string', JSON.stringify(current));
    }
    const file: KubeconfigFile = { ...base, clusters, users, contexts, warnings };
    if (typeof current === 'string' && current !== '') {
      file.currentContext = current;
    }
    return file;
  } catch (err) {
    if (err instanceof FieldError) {
      return { ...emptyFile(filePath, origin, true, fileInvalidField(filePath, err)), ...base, document };
    }
    throw err;
  }
}

function emptyFile(filePath: string, origin: KubeconfigOrigin, exists: boolean, error?: KubeconfigFileError): KubeconfigFile {
  const file: KubeconfigFile = { path: filePath, origin, exists, clusters: [], users: [], contexts: [], warnings: [] };
  if (error !== undefined) {
    file.error = error;
  }
  return file;
}

/**
 * Reads `clusters`, `users` or `contexts`. A list of the wrong shape fails the
 * file; an item whose fields have wrong types keeps its name and gets a problem.
 */
function readList<T>(
  root: Fields,
  key: 'clusters' | 'users' | 'contexts',
  inner: 'cluster' | 'user' | 'context',
  read: (fields: Fields) => T,
  filePath: string,
  warnings: KubeconfigWarning[],
): NamedEntry<T>[] {
  const list = root[key];
  if (list === undefined || list === null) {
    return [];
  }
  if (!Array.isArray(list)) {
    throw new FieldError(key, 'list', JSON.stringify(list));
  }
  const entries: NamedEntry<T>[] = [];
  list.forEach((item: unknown, index) => {
    if (!isFields(item) || typeof item.name !== 'string' || item.name === '') {
      warnings.push(unnamedEntryWarning({ path: filePath, list: key, index }));
      return;
    }
    const fields = item[inner];
    try {
      entries.push({ name: item.name, value: read(isFields(fields) ? fields : {}) });
    } catch (err) {
      if (!(err instanceof FieldError)) {
        throw err;
      }
      entries.push({ name: item.name, value: read({}), problem: entryInvalidField(inner, item.name, filePath, err) });
    }
  });
  return entries;
}

function readCluster(fields: Fields, dir: string): ClusterEntry {
  const cluster: ClusterEntry = { insecureSkipTlsVerify: optionalBoolean(fields, 'insecure-skip-tls-verify') ?? false };
  assign(cluster, 'server', optionalString(fields, 'server'));
  assign(cluster, 'certificateAuthority', resolvePath(dir, optionalString(fields, 'certificate-authority')));
  assign(cluster, 'certificateAuthorityData', optionalString(fields, 'certificate-authority-data'));
  assign(cluster, 'tlsServerName', optionalString(fields, 'tls-server-name'));
  assign(cluster, 'proxyUrl', optionalString(fields, 'proxy-url'));
  assign(cluster, 'disableCompression', optionalBoolean(fields, 'disable-compression'));
  const extensions = fields.extensions;
  if (Array.isArray(extensions)) {
    const exec = extensions.find((item: unknown) => isFields(item) && item.name === 'client.authentication.k8s.io/exec');
    if (isFields(exec)) {
      cluster.execExtension = exec.extension;
    }
  }
  return cluster;
}

function readUser(fields: Fields, dir: string): UserEntry {
  const user: UserEntry = {};
  assign(user, 'clientCertificate', resolvePath(dir, optionalString(fields, 'client-certificate')));
  assign(user, 'clientCertificateData', optionalString(fields, 'client-certificate-data'));
  assign(user, 'clientKey', resolvePath(dir, optionalString(fields, 'client-key')));
  assign(user, 'clientKeyData', optionalString(fields, 'client-key-data'));
  assign(user, 'token', optionalString(fields, 'token'));
  // kubeconfig spells it tokenFile; some clients wrote token-file, so both are read.
  const tokenFile = optionalString(fields, 'tokenFile') ?? optionalString(fields, 'token-file');
  assign(user, 'tokenFile', resolvePath(dir, tokenFile));
  assign(user, 'username', optionalString(fields, 'username'));
  assign(user, 'password', optionalString(fields, 'password'));
  assign(user, 'as', optionalString(fields, 'as'));
  assign(user, 'authProvider', readAuthProvider(fields['auth-provider']));
  assign(user, 'exec', readExec(fields.exec, dir));
  return user;
}

function readContext(fields: Fields): ContextEntry {
  const context: ContextEntry = {
    cluster: optionalString(fields, 'cluster') ?? '',
    user: optionalString(fields, 'user') ?? '',
  };
  const namespace = optionalString(fields, 'namespace');
  if (namespace !== undefined && namespace !== '') {
    context.namespace = namespace;
  }
  return context;
}

function readAuthProvider(value: unknown): AuthProviderConfig | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (!isFields(value) || typeof value.name !== 'string') {
    throw new FieldError('auth-provider', 'namedMapping');
  }
  const config: Record<string, string> = {};
  if (isFields(value.config)) {
    for (const [key, item] of Object.entries(value.config)) {
      config[key] = String(item);
    }
  }
  return { name: value.name, config };
}

function readExec(value: unknown, dir: string): ExecConfig | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (!isFields(value)) {
    throw new FieldError('exec', 'mapping');
  }
  const command = optionalString(value, 'command');
  if (command === undefined || command === '') {
    throw new FieldError('exec.command', 'present');
  }
  const args = value.args ?? [];
  if (!Array.isArray(args) || !args.every((arg) => typeof arg === 'string')) {
    throw new FieldError('exec.args', 'stringList');
  }
  const env = value.env ?? [];
  if (!Array.isArray(env) || !env.every((item) => isFields(item) && typeof item.name === 'string')) {
    throw new FieldError('exec.env', 'envList');
  }
  const exec: ExecConfig = {
    // Only a command with a path separator is a file path; a bare name is looked up on PATH.
    command: command.includes('/') || command.includes(path.sep) ? (resolvePath(dir, command) ?? command) : command,
    args: args as string[],
    env: (env as Fields[]).map((item) => ({ name: String(item.name), value: item.value == null ? '' : String(item.value) })),
    apiVersion: optionalString(value, 'apiVersion') ?? '',
    provideClusterInfo: optionalBoolean(value, 'provideClusterInfo') ?? false,
  };
  assign(exec, 'interactiveMode', optionalString(value, 'interactiveMode'));
  assign(exec, 'installHint', optionalString(value, 'installHint'));
  return exec;
}

function resolvePath(dir: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  return path.isAbsolute(value) ? value : path.resolve(dir, value);
}

function optionalString(fields: Fields, key: string): string | undefined {
  const value = fields[key];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new FieldError(key, 'string', JSON.stringify(value));
  }
  return value;
}

function optionalBoolean(fields: Fields, key: string): boolean | undefined {
  const value = fields[key];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'boolean') {
    throw new FieldError(key, 'boolean', JSON.stringify(value));
  }
  return value;
}

/** Sets an optional property only when the value exists (exactOptionalPropertyTypes). */
function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) {
    target[key] = value;
  }
}

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
