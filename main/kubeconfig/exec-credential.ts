/**
 * Runs an exec credential plugin as kubectl does: the app's environment with
 * the login-shell PATH and the plugin's own env on top (given to the child
 * only), KUBERNETES_EXEC_INFO set, stdin closed, and a timeout. A failure
 * becomes an ExecPlugin AppError that carries the plugin's stderr.
 */
import { spawn } from 'node:child_process';
import { appError } from '../../shared/result';
import type { ClusterEntry, ExecConfig } from './types';

export interface ExecCredentialStatus {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  /** Milliseconds since the epoch; absent means "valid until the plugin is asked again". */
  expiresAt?: number;
}

export interface ExecRequest {
  exec: ExecConfig;
  userName: string;
  /** Sent in KUBERNETES_EXEC_INFO when the exec block sets provideClusterInfo. */
  cluster: ClusterEntry & { caData?: string };
  path: string;
  baseEnv: NodeJS.ProcessEnv;
  timeoutMs: number;
  signal?: AbortSignal;
}

const MAX_OUTPUT_CHARS = 1024 * 1024;
const MAX_DETAIL_CHARS = 4000;

/** Runs the plugin once and returns its credential. */
export async function runExecPlugin(request: ExecRequest): Promise<ExecCredentialStatus> {
  const { exec, userName } = request;
  if (exec.interactiveMode === 'Always') {
    throw appError(
      'ExecPlugin',
      `The exec plugin "${exec.command}" of user "${userName}" sets interactiveMode: Always, but d.run Desktop runs plugins without a terminal. Log in with the plugin in a terminal first, or set interactiveMode to IfAvailable or Never.`,
    );
  }
  const output = await spawnPlugin(request);
  return parseExecCredential(output, request);
}

/** Builds the plugin's environment without touching process.env. */
export function buildPluginEnv(request: ExecRequest): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...request.baseEnv, PATH: request.path };
  for (const item of request.exec.env) {
    env[item.name] = item.value;
  }
  env.KUBERNETES_EXEC_INFO = JSON.stringify(execInfo(request));
  return env;
}

function execInfo(request: ExecRequest): unknown {
  const spec: Record<string, unknown> = { interactive: false };
  if (request.exec.provideClusterInfo) {
    const { cluster } = request;
    const info: Record<string, unknown> = { server: cluster.server ?? '' };
    if (cluster.tlsServerName !== undefined) info['tls-server-name'] = cluster.tlsServerName;
    if (cluster.insecureSkipTlsVerify) info['insecure-skip-tls-verify'] = true;
    if (cluster.caData !== undefined) info['certificate-authority-data'] = cluster.caData;
    if (cluster.proxyUrl !== undefined) info['proxy-url'] = cluster.proxyUrl;
    if (cluster.disableCompression === true) info['disable-compression'] = true;
    if (cluster.execExtension !== undefined) info.config = cluster.execExtension;
    spec.cluster = info;
  }
  return { kind: 'ExecCredential', apiVersion: request.exec.apiVersion, spec };
}

function spawnPlugin(request: ExecRequest): Promise<string> {
  const { exec, userName, timeoutMs } = request;
  return new Promise((resolve, reject) => {
    // Windows refuses to spawn .cmd and .bat files without a shell.
    const shell = process.platform === 'win32' && /\.(cmd|bat)$/i.test(exec.command);
    const child = spawn(exec.command, exec.args, {
      env: buildPluginEnv(request),
      stdio: ['ignore', 'pipe', 'pipe'],
      shell,
      windowsHide: true,
    });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const finish = (action: () => void): void => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
        action();
      }
    };
    const stop = (): void => {
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    };
    const timer = setTimeout(() => {
      stop();
      finish(() => reject(appError(
        'ExecPlugin',
        `The exec plugin "${exec.command}" of user "${userName}" did not finish within ${Math.round(timeoutMs / 1000)} s. It may be waiting for a login in a browser or terminal; log in there and connect again.`,
        detailOf(stderr),
      )));
    }, timeoutMs);
    const onAbort = (): void => {
      stop();
      finish(() => reject(appError('Cancelled', `Running the exec plugin "${exec.command}" was cancelled.`)));
    };
    request.signal?.addEventListener('abort', onAbort);

    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout = (stdout + chunk).slice(-MAX_OUTPUT_CHARS);
    });
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-MAX_OUTPUT_CHARS);
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      finish(() => reject(spawnError(err, request)));
    });
    child.on('close', (code, signal) => {
      if (code === 0) {
        finish(() => resolve(stdout));
        return;
      }
      const how = signal !== null ? `was stopped by ${signal}` : `failed with exit code ${code}`;
      finish(() => reject(appError(
        'ExecPlugin',
        `The exec plugin "${exec.command}" of user "${userName}" ${how}. Its output is below; fix the cause (often an expired login) and connect again.`,
        detailOf(stderr),
      )));
    });
  });
}

function spawnError(err: NodeJS.ErrnoException, request: ExecRequest): Error {
  const { exec, userName } = request;
  if (err.code === 'ENOENT') {
    const hint = exec.installHint !== undefined ? `\n${exec.installHint}` : '';
    return appError(
      'ExecPlugin',
      `The exec plugin "${exec.command}" of user "${userName}" was not found. Install it, or put its folder on your login shell's PATH, then restart d.run Desktop.`,
      { detail: `PATH used: ${request.path}${hint}` },
    );
  }
  return appError('ExecPlugin', `Cannot start the exec plugin "${exec.command}" of user "${userName}": ${err.message}.`);
}

function detailOf(stderr: string): { detail?: string } {
  const trimmed = stderr.trim();
  return trimmed === '' ? {} : { detail: trimmed.slice(-MAX_DETAIL_CHARS) };
}

/** Parses the ExecCredential on stdout with the checks client-go makes. */
export function parseExecCredential(stdout: string, request: Pick<ExecRequest, 'exec' | 'userName'>): ExecCredentialStatus {
  const { exec, userName } = request;
  // Output that parsed as JSON may hold a token or key, so only text that is not JSON is shown.
  const invalid = (what: string, showOutput = false): Error =>
    appError(
      'ExecPlugin',
      `The exec plugin "${exec.command}" of user "${userName}" returned ${what}; update the plugin or check its arguments.`,
      showOutput ? detailOf(stdout.slice(0, 500)) : {},
    );

  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw invalid('output that is not JSON', true);
  }
  if (typeof parsed !== 'object' || parsed === null) {
    throw invalid('output that is not an ExecCredential object');
  }
  const credential = parsed as { kind?: unknown; apiVersion?: unknown; status?: Record<string, unknown> };
  if (credential.kind !== 'ExecCredential') {
    throw invalid(`kind ${JSON.stringify(credential.kind)} instead of ExecCredential`);
  }
  if (exec.apiVersion !== '' && credential.apiVersion !== exec.apiVersion) {
    throw invalid(`apiVersion ${JSON.stringify(credential.apiVersion)}, but the kubeconfig asks for ${exec.apiVersion}`);
  }
  const status = credential.status;
  if (typeof status !== 'object' || status === null) {
    throw invalid('an ExecCredential without status');
  }
  return readStatus(status, invalid);
}

function readStatus(status: Record<string, unknown>, invalid: (what: string) => Error): ExecCredentialStatus {
  const result: ExecCredentialStatus = {};
  const text = (key: string): string | undefined => {
    const value = status[key];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const token = text('token');
  const cert = text('clientCertificateData');
  const key = text('clientKeyData');
  if ((cert === undefined) !== (key === undefined)) {
    throw invalid('only one of clientCertificateData and clientKeyData');
  }
  if (token === undefined && cert === undefined) {
    throw invalid('neither a token nor a client certificate');
  }
  if (token !== undefined) result.token = token;
  if (cert !== undefined) result.clientCertificateData = cert;
  if (key !== undefined) result.clientKeyData = key;
  const expiry = text('expirationTimestamp');
  if (expiry !== undefined) {
    const time = Date.parse(expiry);
    if (Number.isNaN(time)) {
      throw invalid(`an invalid expirationTimestamp ${JSON.stringify(expiry)}`);
    }
    result.expiresAt = time;
  }
  return result;
}
