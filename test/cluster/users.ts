import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClientIdentity, Pki } from './pki';

/**
 * Who talks to the API server. Every identity is a client certificate; the
 * user-facing ones get a kubeconfig in the printed kubeconfig folder, the
 * component ones in the run folder's components/ folder.
 */

/** Tenant namespace that `alice` may edit and nothing else. */
export const tenantNamespace = 'team-a';

/** Users whose kubeconfigs `up` prints, with what RBAC grants them (see bootstrap.ts). */
export const users = {
  /** Full access through the system:masters group. */
  admin: { file: 'admin', user: 'drun-admin', groups: ['system:masters'] },
  /** Edit rights (ClusterRole `edit`) in namespace team-a only. */
  alice: { file: 'alice', user: 'alice', groups: ['drun:tenant-team-a'] },
  /** Read-only across the cluster: ClusterRole `view` plus nodes and other cluster-scoped kinds; no Secrets. */
  bob: { file: 'bob', user: 'bob', groups: ['drun:cluster-viewers'] },
} satisfies Record<string, ClientIdentity>;

/** Identities of the control-plane components, bound by the default RBAC policy. */
export const components = {
  controllerManager: { file: 'kube-controller-manager', user: 'system:kube-controller-manager', groups: [] },
  scheduler: { file: 'kube-scheduler', user: 'system:kube-scheduler', groups: [] },
  // kwok writes node and pod status of every simulated node, which the Node
  // authorizer would not allow one kubelet identity to do.
  kwok: { file: 'kwok', user: 'kwok-controller', groups: ['system:masters'] },
} satisfies Record<string, ClientIdentity>;

export const allIdentities: ClientIdentity[] = [...Object.values(users), ...Object.values(components)];

async function base64(path: string): Promise<string> {
  return (await readFile(path)).toString('base64');
}

/** Renders a kubeconfig with the CA and client certificate embedded, so the file works when copied. */
export async function renderKubeconfig(pki: Pki, identity: ClientIdentity, server: string): Promise<string> {
  const pair = pki.clients[identity.file];
  if (!pair) throw new Error(`pki: no client certificate for ${identity.file}`);
  const cluster = 'drun-local';
  const context = `${identity.user}@${cluster}`;
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster, cluster: { server, 'certificate-authority-data': await base64(pki.ca.cert) } }],
    users: [
      {
        name: identity.user,
        user: {
          'client-certificate-data': await base64(pair.cert),
          'client-key-data': await base64(pair.key),
        },
      },
    ],
    contexts: [
      {
        name: context,
        context: {
          cluster,
          user: identity.user,
          ...(identity.file === 'alice' ? { namespace: tenantNamespace } : {}),
        },
      },
    ],
    'current-context': context,
  };
  // JSON is valid YAML, and every kubeconfig reader accepts it.
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** Writes one kubeconfig per identity into `dir` as `<file>.kubeconfig`; returns the paths by file stem. */
export async function writeKubeconfigs(pki: Pki, identities: ClientIdentity[], server: string, dir: string): Promise<Record<string, string>> {
  await mkdir(dir, { recursive: true });
  const paths: Record<string, string> = {};
  for (const identity of identities) {
    const path = join(dir, `${identity.file}.kubeconfig`);
    await writeFile(path, await renderKubeconfig(pki, identity, server), { mode: 0o600 });
    paths[identity.file] = path;
  }
  return paths;
}
