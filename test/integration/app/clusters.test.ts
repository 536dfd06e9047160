import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContextSummary } from '../../../shared/models/kubeconfig';
import { cluster } from '../cluster/support';
import { expiredClientCertificate, startApp, unwrap, writeKubeconfigVariant, type KubeconfigDocument, type TestApp } from './support';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Connections against the real cluster: admin and a tenant user connect, and
 * each broken kubeconfig fails on its own context with an error that says why.
 */
describe('cluster connections', () => {
  let dir: string;
  let testApp: TestApp;
  let contexts: ContextSummary[];

  const contextNamed = (name: string): ContextSummary => {
    const context = contexts.find((candidate) => candidate.name === name);
    if (!context) throw new Error(`context ${name} not loaded; have ${contexts.map((c) => c.name).join(', ')}`);
    return context;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'drun-clusters-'));
    const rename = (config: KubeconfigDocument, name: string) => {
      const [context, clusterEntry, user] = [config.contexts[0]!, config.clusters[0]!, config.users[0]!];
      context.name = name;
      clusterEntry.name = `${name}-cluster`;
      context.context.cluster = `${name}-cluster`;
      user.name = `${name}-user`;
      context.context.user = `${name}-user`;
      config['current-context'] = name;
    };
    const closedPort = await freePort();
    const unreachable = await writeKubeconfigVariant(dir, 'unreachable.yaml', (config) => {
      rename(config, 'unreachable');
      // A port that was free a moment ago: nothing listens there, so the connection is refused.
      config.clusters[0]!.cluster['server'] = `https://127.0.0.1:${closedPort}`;
    });
    const wrongCa = await writeKubeconfigVariant(dir, 'wrong-ca.yaml', (config) => {
      rename(config, 'wrong-ca');
      // A valid PEM certificate that did not issue the server's certificate.
      config.clusters[0]!.cluster['certificate-authority-data'] = config.users[0]!.user['client-certificate-data'];
    });
    const expired = await expiredClientCertificate(dir, 'expired-admin');
    const expiredPath = await writeKubeconfigVariant(dir, 'expired.yaml', (config) => {
      rename(config, 'expired');
      config.users[0]!.user['client-certificate-data'] = Buffer.from(expired.cert).toString('base64');
      config.users[0]!.user['client-key-data'] = Buffer.from(expired.key).toString('base64');
    });
    const failingPlugin = join(dir, 'failing-plugin.sh');
    await writeFile(failingPlugin, '#!/bin/sh\necho "login required: run sso-login first" >&2\nexit 3\n', { mode: 0o755 });
    const execPath = await writeKubeconfigVariant(dir, 'exec.yaml', (config) => {
      rename(config, 'exec-failing');
      config.users[0]!.user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: failingPlugin, interactiveMode: 'Never' } };
    });
    const malformed = join(dir, 'malformed.yaml');
    await writeFile(malformed, 'apiVersion: v1\nkind: Config\ncontexts: [ {name: broken\n');

    const paths = [cluster().kubeconfigs['admin']!, cluster().kubeconfigs['alice']!, unreachable, wrongCa, expiredPath, execPath, malformed];
    testApp = await startApp(paths);
    const snapshot = unwrap(await testApp.kubeconfig.snapshot({}));
    contexts = snapshot.contexts;
    expect(snapshot.sources.find((source) => source.path === malformed)?.error).toBeTruthy();
  });

  afterAll(async () => {
    await testApp?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('connects as admin with health and permissions', async () => {
    const status = unwrap(await testApp.clusters.connect({ contextId: contextNamed('drun-admin@drun-local').id }));
    expect(status.state).toBe('connected');
    expect(status.health?.version).toBe('v1.37.2');
    expect(status.health?.ready).toBe(true);
    expect(status.permissions?.find((p) => p.verb === 'list' && p.resource === 'nodes')?.allowed).toBe(true);
  });

  it('connects as a tenant user with narrow permissions', async () => {
    const status = unwrap(await testApp.clusters.connect({ contextId: contextNamed('alice@drun-local').id }));
    expect(status.state).toBe('connected');
    expect(status.permissions?.find((p) => p.verb === 'list' && p.resource === 'nodes')?.allowed).toBe(false);
  });

  it.each([
    ['unreachable', 'Unreachable', /ECONNREFUSED/],
    ['wrong-ca', 'Certificate', /certificate/i],
    ['expired', 'Unauthorized', /Unauthorized/i],
    ['exec-failing', 'ExecPlugin', /exit|failed/i],
  ])('reports %s on that context only', async (name, kind, message) => {
    const status = unwrap(await testApp.clusters.connect({ contextId: contextNamed(name).id }));
    expect(status.state).toBe('error');
    expect(status.error?.kind).toBe(kind);
    expect(status.error?.message).toMatch(message);
    const admin = unwrap(await testApp.clusters.refresh({ contextId: contextNamed('drun-admin@drun-local').id }));
    expect(admin.state).toBe('connected');
  });

  it('shows the exec plugin stderr', async () => {
    const status = unwrap(await testApp.clusters.connect({ contextId: contextNamed('exec-failing').id }));
    expect(`${status.error?.message ?? ''} ${status.error?.detail ?? ''}`).toContain('login required: run sso-login first');
  });
});
