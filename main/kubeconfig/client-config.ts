/**
 * Builds a @kubernetes/client-node 2.0.1 KubeConfig that holds exactly one
 * context. Files named by the kubeconfig are read here, once, so a connection
 * keeps working when the file changes underneath it; a new connection builds
 * a new KubeConfig.
 *
 * Gaps of client-node 2.0.1 filled here: exec plugins run through our own
 * authenticator (PATH, env isolation, timeout, stderr, KUBERNETES_EXEC_INFO,
 * de-duplicated runs); tokenFile is re-read and trimmed like client-go;
 * `socks5://` resolves the server name at the proxy as kubectl does; plain
 * http:// servers are allowed as in kubectl.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { KubeConfig } from '@kubernetes/client-node';
import type { Cluster, User } from '@kubernetes/client-node';
import { appError } from '../../shared/result';
import type { ExecCredentialStatus } from './exec-credential';
import type { ResolvedContext } from './merge';
import type { ClusterEntry, ExecConfig, UserEntry } from './types';

type Authenticator = Parameters<KubeConfig['addAuthenticator']>[0];
type RequestOptions = Parameters<Authenticator['applyAuthentication']>[1];

/** Marks users whose credentials come from our authenticator; no built-in authenticator of client-node matches it. */
export const DRUN_AUTH_PROVIDER = 'drun-desktop';

/** client-go re-reads a tokenFile at most once a minute; the same here. */
const TOKEN_FILE_TTL_MS = 60_000;

export interface ExecCredentialSource {
  /** Returns the plugin's credential for this exec block, cached and shared by concurrent callers. */
  credential(exec: ExecConfig, userName: string, cluster: ClusterEntry & { caData?: string }): Promise<ExecCredentialStatus>;
}

/** Builds a KubeConfig for one resolved context; throws Kubeconfig errors that name the file and the fix. */
export function buildKubeConfig(resolved: ResolvedContext, execSource: ExecCredentialSource): KubeConfig {
  if (resolved.problem !== undefined) {
    throw appError('Kubeconfig', resolved.problem.message);
  }
  const clusterLocated = resolved.cluster;
  if (clusterLocated === undefined) {
    throw appError('Kubeconfig', `Context "${resolved.name}" has no cluster; set context.cluster in ${resolved.file.path}.`);
  }

  const cluster = toClientCluster(clusterLocated.entry.name, clusterLocated.entry.value);
  const userName = resolved.user?.entry.name ?? '';
  const userEntry: UserEntry = resolved.user?.entry.value ?? {};
  const user: User = toClientUser(userName, userEntry);

  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [cluster],
    users: [user],
    contexts: [{ name: resolved.name, cluster: cluster.name, user: user.name, namespace: resolved.context.namespace }],
    currentContext: resolved.name,
  });

  if (userEntry.exec !== undefined || userEntry.tokenFile !== undefined) {
    const clusterInfo = { ...clusterLocated.entry.value, ...optional('caData', cluster.caData) };
    kubeConfig.addAuthenticator(new DrunAuthenticator(userName, userEntry.exec, userEntry.tokenFile, clusterInfo, execSource));
  }
  return kubeConfig;
}

function toClientCluster(name: string, entry: ClusterEntry): Cluster {
  const server = (entry.server ?? '').replace(/\/$/, '');
  const caData = entry.certificateAuthorityData ?? readBase64(entry.certificateAuthority, `certificate-authority of cluster "${name}"`);
  return {
    name,
    server,
    // client-node refuses http:// unless this is set; TLS settings do not apply to plain http anyway.
    skipTLSVerify: entry.insecureSkipTlsVerify || server.startsWith('http:'),
    ...optional('caData', caData),
    ...optional('tlsServerName', entry.tlsServerName),
    ...optional('proxyUrl', entry.proxyUrl?.replace(/^socks5:\/\//, 'socks5h://')),
  };
}

function toClientUser(name: string, entry: UserEntry): User {
  const usesAuthenticator = entry.exec !== undefined || entry.tokenFile !== undefined;
  return {
    name,
    ...optional('certData', entry.clientCertificateData ?? readBase64(entry.clientCertificate, `client-certificate of user "${name}"`)),
    ...optional('keyData', entry.clientKeyData ?? readBase64(entry.clientKey, `client-key of user "${name}"`)),
    // A tokenFile takes precedence over token in client-go, and client-node would overwrite our header with token.
    ...optional('token', entry.tokenFile === undefined ? entry.token : undefined),
    ...optional('username', entry.username),
    ...optional('password', entry.password),
    ...optional('impersonateUser', entry.as),
    ...optional('authProvider', usesAuthenticator
      ? { name: DRUN_AUTH_PROVIDER, config: {} }
      : entry.authProvider === undefined ? undefined : structuredClone(entry.authProvider)),
  };
}

function readBase64(file: string | undefined, what: string): string | undefined {
  if (file === undefined) {
    return undefined;
  }
  try {
    return readFileSync(file).toString('base64');
  } catch (err) {
    throw appError('Kubeconfig', `Cannot read ${file}, the ${what}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}. Restore the file or fix the path in the kubeconfig.`);
  }
}

function optional<K extends string, V>(key: K, value: V | undefined | null): { [P in K]?: V } {
  return value === undefined || value === null ? {} : ({ [key]: value } as { [P in K]: V });
}

/** Supplies exec-plugin and tokenFile credentials to every request, watch and WebSocket of one KubeConfig. */
class DrunAuthenticator implements Authenticator {
  private tokenFileValue: { token: string; readAt: number } | undefined;

  constructor(
    private readonly userName: string,
    private readonly exec: ExecConfig | undefined,
    private readonly tokenFile: string | undefined,
    private readonly cluster: ClusterEntry & { caData?: string },
    private readonly execSource: ExecCredentialSource,
  ) {}

  isAuthProvider(user: User): boolean {
    return (user.authProvider as { name?: unknown } | undefined)?.name === DRUN_AUTH_PROVIDER;
  }

  async applyAuthentication(_user: User, opts: RequestOptions): Promise<void> {
    const headers = (opts.headers ??= {}) as Record<string, string>;
    if (this.exec !== undefined) {
      const credential = await this.execSource.credential(this.exec, this.userName, this.cluster);
      // NOTE: client-node 2.0.1 caches the https.Agent of WebSockets per cluster/user, so a rotated exec client certificate reaches WebSockets only through a new KubeConfig.
      if (credential.clientCertificateData !== undefined && credential.clientKeyData !== undefined) {
        opts.cert = credential.clientCertificateData;
        opts.key = credential.clientKeyData;
      }
      if (credential.token !== undefined) {
        headers.Authorization = `Bearer ${credential.token}`;
      }
      return;
    }
    if (this.tokenFile !== undefined) {
      headers.Authorization = `Bearer ${await this.readTokenFile(this.tokenFile)}`;
    }
  }

  private async readTokenFile(file: string): Promise<string> {
    const cached = this.tokenFileValue;
    if (cached !== undefined && Date.now() - cached.readAt < TOKEN_FILE_TTL_MS) {
      return cached.token;
    }
    try {
      const token = (await readFile(file, 'utf8')).trim();
      this.tokenFileValue = { token, readAt: Date.now() };
      return token;
    } catch (err) {
      if (cached !== undefined) {
        // client-go keeps the last token it read when a re-read fails.
        return cached.token;
      }
      throw appError('Kubeconfig', `Cannot read the tokenFile ${file} of user "${this.userName}": ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}. Restore the file or fix the path in the kubeconfig.`);
    }
  }
}
