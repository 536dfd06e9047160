/**
 * Finds a notebook server's token, cheapest source first: the pod's
 * JUPYTER_TOKEN (a value, or the Secret it names), a token flag in the
 * container's command or args, then `jupyter server list --json` run in the
 * pod. An empty result means the server asks for no token.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import WebSocket from 'ws';
import type { LaunchProgress } from '../../shared/models/notebooks';
import type { Logger } from '../log';
import { kubeJson } from '../clusters/request';
import { toAppError } from '../transport/errors';

const TOKEN_FLAGS = ['--ServerApp.token', '--IdentityProvider.token', '--NotebookApp.token'];
/** How long the in-pod `jupyter server list` may take before the app gives up on it. */
const SERVER_LIST_TIMEOUT_MS = 10_000;
const STDOUT_CHANNEL = 1;

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}

export interface NotebookContainer {
  name: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
}

export interface FoundToken {
  token: string;
  source: NonNullable<LaunchProgress['tokenSource']>;
}

/** Reads `--ServerApp.token=x` or `--ServerApp.token x` (and the older flag names) from a command line. */
export function tokenFromArgs(argv: string[]): string | undefined {
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    for (const flag of TOKEN_FLAGS) {
      if (arg.startsWith(`${flag}=`)) {
        return unquote(arg.slice(flag.length + 1));
      }
      if (arg === flag && index + 1 < argv.length) {
        return unquote(argv[index + 1] ?? '');
      }
    }
  }
  return undefined;
}

function unquote(value: string): string {
  return value.replace(/^(['"])(.*)\1$/, '$2');
}

/** Parses `jupyter server list --json` (one JSON object per line) and returns the first server's token. */
export function tokenFromServerList(output: string): string | undefined {
  for (const line of output.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('{')) {
      continue;
    }
    try {
      const server = JSON.parse(trimmed) as { token?: unknown };
      if (typeof server.token === 'string') {
        return server.token;
      }
    } catch {
      // Lines that are not JSON are log output of older Jupyter versions; the next line may be the list.
      continue;
    }
  }
  return undefined;
}

async function secretValue(kubeConfig: KubeConfig, namespace: string, ref: { name: string; key: string }): Promise<string | undefined> {
  const secret = await kubeJson<{ data?: Record<string, string> }>(kubeConfig, `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets/${encodeURIComponent(ref.name)}`);
  const encoded = secret.data?.[ref.key];
  return encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8');
}

/**
 * Runs `jupyter server list --json` in the container through the exec subresource, on a WebSocket
 * of its own: client-node's Exec would fall back to the main process's stdio for v5 close frames.
 */
async function serverList(kubeConfig: KubeConfig, namespace: string, pod: string, container: string): Promise<string> {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) {
    throw new Error('the context has no cluster entry');
  }
  const pairs: [string, string][] = [...['jupyter', 'server', 'list', '--json'].map((part): [string, string] => ['command', part]), ['container', container], ['stdout', 'true'], ['stderr', 'true']];
  const query = new URLSearchParams(pairs);
  const url = `${cluster.server.replace(/^http/, 'ws').replace(/\/+$/, '')}/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/exec?${query}`;
  const options: WebSocket.ClientOptions = {};
  await kubeConfig.applyToHTTPSOptions(options);

  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, ['v5.channel.k8s.io', 'v4.channel.k8s.io'], options);
    let text = '';
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`jupyter server list did not finish in ${SERVER_LIST_TIMEOUT_MS / 1000} s`));
    }, SERVER_LIST_TIMEOUT_MS);
    ws.on('message', (data: Buffer) => {
      if (data[0] === STDOUT_CHANNEL) {
        text += data.subarray(1).toString('utf8');
      }
    });
    ws.on('unexpected-response', (_request, response) => {
      clearTimeout(timer);
      ws.terminate();
      reject(new Error(`exec was rejected with HTTP ${response.statusCode ?? 0}`));
    });
    ws.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    ws.on('close', () => {
      clearTimeout(timer);
      resolve(text);
    });
  });
}

/** Looks for the token in the container spec, then asks the server; returns `none` when nothing names one. */
export async function findToken(kubeConfig: KubeConfig, namespace: string, pod: string, container: NotebookContainer, log: Logger): Promise<FoundToken> {
  const env = container.env?.find((variable) => variable.name === 'JUPYTER_TOKEN');
  if (env?.value !== undefined) {
    return { token: env.value, source: 'env' };
  }
  const ref = env?.valueFrom?.secretKeyRef;
  if (ref) {
    try {
      const value = await secretValue(kubeConfig, namespace, ref);
      if (value !== undefined) {
        return { token: value, source: 'secret' };
      }
    } catch (error) {
      log.warn('token Secret not readable; asking the server instead', { namespace, name: ref.name, err: toAppError(error).message });
    }
  }
  const fromArgs = tokenFromArgs([...(container.command ?? []), ...(container.args ?? [])]);
  if (fromArgs !== undefined) {
    return { token: fromArgs, source: 'args' };
  }
  try {
    const listed = tokenFromServerList(await serverList(kubeConfig, namespace, pod, container.name));
    if (listed !== undefined) {
      return { token: listed, source: 'server-list' };
    }
  } catch (error) {
    log.info('jupyter server list failed; opening without a token', { namespace, name: pod, err: toAppError(error).message });
  }
  return { token: '', source: 'none' };
}
