/**
 * Starts the real main-process services (createApp) against kubeconfig files
 * and talks to them through the same client the renderer uses, over a direct
 * in-process connection.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { createClientConnection } from '../../../shared/client';
import type { ContractClient, StreamEvent } from '../../../shared/contract';
import { clustersContract, kubeconfigContract, overviewContract } from '../../../shared/contracts';
import type { Result } from '../../../shared/result';
import type { ServerMessage } from '../../../shared/wire';
import { createApp, type App } from '../../../main/composition';
import type { HostConnection } from '../../../main/transport/host';
import { cluster } from '../cluster/support';

const run = promisify(execFile);

/** The parts of a kubeconfig document that tests edit; loosely typed because tests write broken files on purpose. */
export interface KubeconfigDocument {
  'current-context'?: string;
  clusters: { name: string; cluster: Record<string, unknown> }[];
  contexts: { name: string; context: { cluster: string; user: string; namespace?: string } }[];
  users: { name: string; user: Record<string, unknown> }[];
}

export interface TestApp {
  app: App;
  kubeconfig: ContractClient<typeof kubeconfigContract>;
  clusters: ContractClient<typeof clustersContract>;
  overview: ContractClient<typeof overviewContract>;
  dir: string;
  close(): Promise<void>;
}

/** Starts the app with KUBECONFIG set to `paths`, in a fresh user-data folder. */
export async function startApp(paths: string[]): Promise<TestApp> {
  const dir = await mkdtemp(join(tmpdir(), 'drun-app-'));
  const app = await createApp({ userDataDir: dir, env: { ...process.env, KUBECONFIG: paths.join(':') }, watchFiles: false });
  let receive: (message: ServerMessage) => void = () => undefined;
  const connection: HostConnection = { transport: 'direct', send: (message) => receive(message) };
  const client = createClientConnection({
    send: (message) => app.host.handle(connection, structuredClone(message)),
    onMessage: (receiver) => {
      receive = receiver;
    },
  });
  return {
    app,
    dir,
    kubeconfig: client.client(kubeconfigContract),
    clusters: client.client(clustersContract),
    overview: client.client(overviewContract),
    close: async () => {
      app.host.close(connection);
      await app.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Unwraps a Result, failing the test with the AppError's message. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) {
    throw new Error(`${result.error.kind}: ${result.error.message}`);
  }
  return result.value;
}

/** Collects stream values until `predicate` accepts one, then unsubscribes. */
export function nextValue<E>(
  subscribe: (listener: (event: StreamEvent<E>) => void) => () => void,
  predicate: (value: E) => boolean,
  timeoutMs = 30_000,
): Promise<E> {
  return new Promise((resolve, reject) => {
    let last: E | undefined;
    let done = false;
    const finish = (settle: () => void): void => {
      done = true;
      clearTimeout(timer);
      // The listener may run before subscribe() returned; unsubscribe once it has.
      queueMicrotask(() => unsubscribe());
      settle();
    };
    const timer = setTimeout(() => {
      finish(() => reject(new Error(`No matching stream value within ${timeoutMs} ms; last value: ${JSON.stringify(last)?.slice(0, 2000)}`)));
    }, timeoutMs);
    const unsubscribe = subscribe((event) => {
      if (done) return;
      if (event.type === 'error') {
        finish(() => reject(new Error(`${event.error.kind}: ${event.error.message}`)));
        return;
      }
      last = event.value;
      if (predicate(event.value)) {
        finish(() => resolve(event.value));
      }
    });
    if (done) unsubscribe();
  });
}

/** Writes a variant of the admin kubeconfig, changed by `edit`, into `dir`. */
export async function writeKubeconfigVariant(dir: string, fileName: string, edit: (config: KubeconfigDocument) => void): Promise<string> {
  const source = cluster().kubeconfigs['admin'];
  if (!source) throw new Error('the provided cluster has no admin kubeconfig');
  const config = parse(await readFile(source, 'utf8')) as KubeconfigDocument;
  edit(config);
  const path = join(dir, fileName);
  await writeFile(path, stringify(config), { mode: 0o600 });
  return path;
}

/**
 * Signs a client certificate with the cluster CA whose validity ended in 2020,
 * using `openssl ca` because `openssl x509` cannot backdate a certificate.
 */
export async function expiredClientCertificate(dir: string, user: string): Promise<{ cert: string; key: string }> {
  const pki = join(cluster().runDir, 'pki');
  const key = join(dir, `${user}.key`);
  const csr = join(dir, `${user}.csr`);
  const cert = join(dir, `${user}.crt`);
  const conf = join(dir, 'ca.conf');
  await writeFile(join(dir, 'index.txt'), '');
  await writeFile(join(dir, 'serial'), '1000\n');
  await writeFile(
    conf,
    [
      '[ca]', 'default_ca = test', '[test]', `dir = ${dir}`, 'database = $dir/index.txt', 'serial = $dir/serial',
      'new_certs_dir = $dir', 'default_md = sha256', 'policy = any', 'copy_extensions = none', 'unique_subject = no',
      '[any]', 'commonName = supplied', 'organizationName = optional',
    ].join('\n'),
  );
  await run('openssl', ['genrsa', '-out', key, '2048']);
  await run('openssl', ['req', '-new', '-key', key, '-subj', `/O=system:masters/CN=${user}`, '-out', csr]);
  await run('openssl', [
    'ca', '-batch', '-config', conf, '-cert', join(pki, 'ca.crt'), '-keyfile', join(pki, 'ca.key'),
    '-in', csr, '-out', cert, '-startdate', '20200101000000Z', '-enddate', '20200102000000Z', '-notext',
  ]);
  return { cert: await readFile(cert, 'utf8'), key: await readFile(key, 'utf8') };
}
