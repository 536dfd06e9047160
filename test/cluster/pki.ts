import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * The cluster's PKI, made with the openssl command line: one CA signs the API
 * server's and kwok's serving certificates and every client certificate. The
 * API server authenticates a client certificate as user CN in groups O.
 */

const run = promisify(execFile);

/** A client identity: the API server maps CN to the user name and each O to a group. */
export interface ClientIdentity {
  /** File stem in the PKI folder and the kubeconfig folder. */
  file: string;
  user: string;
  groups: string[];
}

/** Paths of one certificate and its key. */
export interface CertPair {
  cert: string;
  key: string;
}

export interface Pki {
  dir: string;
  ca: CertPair;
  apiserver: CertPair;
  kwok: CertPair;
  frontProxyClient: CertPair;
  serviceAccountKey: string;
  serviceAccountPublicKey: string;
  clients: Record<string, CertPair>;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await run('openssl', args, { cwd });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(
      missing
        ? 'openssl is not installed; install it with: apt-get install -y openssl'
        : `pki: openssl ${args.join(' ')} failed in ${cwd}: ${stderr.trim()}`,
      { cause: error },
    );
  }
}

function subject(identity: { user: string; groups: string[] }): string {
  const escape = (value: string) => value.replace(/[/=+,]/g, (c) => `\\${c}`);
  return identity.groups.map((group) => `/O=${escape(group)}`).join('') + `/CN=${escape(identity.user)}`;
}

// P-256 leaf keys are generated in milliseconds, where 2048-bit RSA keys take
// noticeably longer on a 2-core machine; Go and Node accept both.
async function leaf(dir: string, file: string, subj: string, usage: 'serverAuth' | 'clientAuth', altNames = ''): Promise<CertPair> {
  const pair = { cert: join(dir, `${file}.crt`), key: join(dir, `${file}.key`) };
  const extensions = [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    `extendedKeyUsage=${usage}`,
    altNames ? `subjectAltName=${altNames}` : '',
  ].join('\n');
  await writeFile(join(dir, `${file}.ext`), `${extensions}\n`);

  await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', pair.key], dir);
  await openssl(['req', '-new', '-key', pair.key, '-subj', subj, '-out', `${file}.csr`], dir);
  await openssl(
    ['x509', '-req', '-in', `${file}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial',
      '-sha256', '-days', '825', '-extfile', `${file}.ext`, '-out', pair.cert],
    dir,
  );
  return pair;
}

const loopbackNames = 'DNS:localhost,IP:127.0.0.1';
const apiserverNames = [
  loopbackNames,
  'DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local',
  'IP:10.96.0.1',
].join(',');

/** Creates the CA, serving certificates, service-account keys and one client certificate per identity. */
export async function createPki(dir: string, identities: ClientIdentity[]): Promise<Pki> {
  await mkdir(dir, { recursive: true });

  await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'ca.key'], dir);
  await openssl(
    ['req', '-x509', '-new', '-key', 'ca.key', '-sha256', '-days', '3650', '-subj', '/CN=drun-desktop-test-ca',
      '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', 'ca.crt'],
    dir,
  );

  // kube-apiserver signs service-account tokens with RS256 by default, which needs an RSA key.
  await openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'sa.key'], dir);
  await openssl(['pkey', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);

  const apiserver = await leaf(dir, 'apiserver', '/CN=kube-apiserver', 'serverAuth', apiserverNames);
  const kwok = await leaf(dir, 'kwok', '/CN=kwok', 'serverAuth', loopbackNames);
  const frontProxyClient = await leaf(dir, 'front-proxy-client', '/CN=front-proxy-client', 'clientAuth');

  const clients: Record<string, CertPair> = {};
  for (const identity of identities) {
    clients[identity.file] = await leaf(dir, identity.file, subject(identity), 'clientAuth');
  }

  return {
    dir,
    ca: { cert: join(dir, 'ca.crt'), key: join(dir, 'ca.key') },
    apiserver,
    kwok,
    frontProxyClient,
    serviceAccountKey: join(dir, 'sa.key'),
    serviceAccountPublicKey: join(dir, 'sa.pub'),
    clients,
  };
}
