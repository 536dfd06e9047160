import { chmod, copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeConfig } from '@kubernetes/client-node';
import { resolveLoginShellPath } from '../../../main/kubeconfig/login-shell-path';
import { fixture, makeTempDir, memoryLogger, serviceFor } from './helpers';

let temp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  temp = await makeTempDir();
});
afterEach(async () => {
  await temp.cleanup();
});

async function authorization(kubeConfig: KubeConfig): Promise<string | undefined> {
  const opts: { headers?: Record<string, string> } = {};
  await kubeConfig.applyToHTTPSOptions(opts);
  return opts.headers?.Authorization;
}

/** Copies the exec-plugin fixture into the temp folder with `<dir>` filled in. */
async function br05Config(): Promise<string> {
  const plugin = path.join(temp.dir, 'fake-exec-plugin.sh');
  await copyFile(fixture('br-05-exec-plugin-env', 'fake-exec-plugin.sh'), plugin);
  await chmod(plugin, 0o755);
  const text = await readFile(fixture('br-05-exec-plugin-env', 'config'), 'utf8');
  const config = path.join(temp.dir, 'config');
  await writeFile(config, text.replaceAll('<dir>', temp.dir));
  return config;
}

/** Writes a one-user kubeconfig whose exec block runs `script` (a shell script body). */
async function execConfig(script: string, execExtra = ''): Promise<string> {
  const plugin = path.join(temp.dir, 'plugin.sh');
  await writeFile(plugin, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  const config = path.join(temp.dir, 'exec-config');
  await writeFile(config, [
    'clusters: [{name: c, cluster: {server: "https://c.example.invalid:6443", insecure-skip-tls-verify: true}}]',
    'contexts: [{name: x, context: {cluster: c, user: u}}]',
    'users:',
    '- name: u',
    '  user:',
    '    exec:',
    '      apiVersion: client.authentication.k8s.io/v1',
    '      command: ./plugin.sh',
    '      interactiveMode: Never',
    execExtra,
  ].join('\n'));
  return config;
}

const credential = (token: string, expiry?: string): string =>
  `printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${token}"${expiry ? `,"expirationTimestamp":"${expiry}"` : ''}}}'`;

describe('exec plugin env and args', () => {
  it.each([
    { name: 'a then b', order: ['team-a', 'team-b'], together: false },
    { name: 'b then a', order: ['team-b', 'team-a'], together: false },
    { name: 'both at once', order: ['team-a', 'team-b'], together: true },
  ])('$name gives each context its own token', async ({ order, together }) => {
    const service = serviceFor(await br05Config(), temp.dir);
    const snapshot = await service.snapshot({}, undefined as never);
    const idOf = (name: string): string => snapshot.contexts.find((context) => context.name === name)?.id ?? '';
    const expected: Record<string, string> = { 'team-a': 'Bearer tok-profile-a-alpha', 'team-b': 'Bearer tok-profile-b-beta' };

    const run = async (name: string): Promise<[string, string | undefined]> => [name, await authorization(await service.kubeConfigFor(idOf(name)))];
    const results = together ? await Promise.all(order.map(run)) : [await run(order[0] ?? ''), await run(order[1] ?? '')];

    for (const [name, header] of results) {
      expect(header).toBe(expected[name]);
    }
    expect(process.env.CLOUD_PROFILE).toBeUndefined();
    expect(snapshot.contexts.map((context) => context.authKind)).toEqual(['exec', 'exec']);
  });
});

describe('exec plugin runs', () => {
  it('resolves ./plugin.sh against the kubeconfig folder', async () => {
    const service = serviceFor(await execConfig(credential('relative')), temp.dir);
    const [context] = (await service.snapshot({}, undefined as never)).contexts;
    expect(await authorization(await service.kubeConfigFor(context?.id ?? ''))).toBe('Bearer relative');
  });

  it('shows stderr when the plugin fails', async () => {
    const service = serviceFor(await execConfig('echo "token expired, run: cloud login" >&2; exit 7'), temp.dir);
    const [context] = (await service.snapshot({}, undefined as never)).contexts;
    const kubeConfig = await service.kubeConfigFor(context?.id ?? '');

    await expect(authorization(kubeConfig)).rejects.toMatchObject({
      appError: { kind: 'ExecPlugin', message: expect.stringContaining('failed with exit code 7'), detail: 'token expired, run: cloud login' },
    });
  });

  it('stops a plugin that runs too long', async () => {
    const service = serviceFor(await execConfig('echo "waiting for browser login" >&2; sleep 30'), temp.dir, { execTimeoutMs: 300 });
    const [context] = (await service.snapshot({}, undefined as never)).contexts;

    await expect(authorization(await service.kubeConfigFor(context?.id ?? ''))).rejects.toMatchObject({
      appError: { kind: 'ExecPlugin', message: expect.stringContaining('did not finish within'), detail: 'waiting for browser login' },
    });
  });

  it('does not leave stdin waiting', async () => {
    // `cat` returns at once only when stdin is closed; an open pipe would hang until the timeout.
    const service = serviceFor(await execConfig(`cat >/dev/null; ${credential('stdin-closed')}`), temp.dir, { execTimeoutMs: 20_000 });
    const [context] = (await service.snapshot({}, undefined as never)).contexts;
    expect(await authorization(await service.kubeConfigFor(context?.id ?? ''))).toBe('Bearer stdin-closed');
  });

  it('names a missing plugin and its install hint', async () => {
    const config = await execConfig('exit 0');
    await writeFile(config, (await readFile(config, 'utf8')).replace('./plugin.sh', 'drun-no-such-plugin') + '\n      installHint: "install drun-no-such-plugin from your cloud console"\n');
    const service = serviceFor(config, temp.dir);
    const [context] = (await service.snapshot({}, undefined as never)).contexts;

    await expect(authorization(await service.kubeConfigFor(context?.id ?? ''))).rejects.toMatchObject({
      appError: { kind: 'ExecPlugin', message: expect.stringContaining('"drun-no-such-plugin" of user "u" was not found'), detail: expect.stringContaining('install drun-no-such-plugin') },
    });
  });

  it.each([
    { name: 'not JSON', script: 'echo please log in', message: 'output that is not JSON' },
    { name: 'wrong apiVersion', script: `printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"t"}}'`, message: 'apiVersion' },
    { name: 'no token', script: `printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{}}'`, message: 'neither a token' },
  ])('rejects output that is $name', async ({ script, message }) => {
    const service = serviceFor(await execConfig(script), temp.dir);
    const [context] = (await service.snapshot({}, undefined as never)).contexts;
    await expect(authorization(await service.kubeConfigFor(context?.id ?? ''))).rejects.toMatchObject({
      appError: { kind: 'ExecPlugin', message: expect.stringContaining(message) },
    });
  });

  it('sets KUBERNETES_EXEC_INFO with cluster info', async () => {
    const dump = path.join(temp.dir, 'exec-info.json');
    const config = await execConfig(`printf '%s' "$KUBERNETES_EXEC_INFO" > ${dump}; ${credential('t')}`, '      provideClusterInfo: true');
    const service = serviceFor(config, temp.dir);
    const [context] = (await service.snapshot({}, undefined as never)).contexts;
    await authorization(await service.kubeConfigFor(context?.id ?? ''));

    expect(JSON.parse(await readFile(dump, 'utf8'))).toEqual({
      kind: 'ExecCredential',
      apiVersion: 'client.authentication.k8s.io/v1',
      spec: { interactive: false, cluster: { server: 'https://c.example.invalid:6443', 'insecure-skip-tls-verify': true } },
    });
  });

  it('runs once for concurrent first calls and caches until expiry', async () => {
    const counter = path.join(temp.dir, 'runs');
    let now = Date.parse('2030-01-01T00:00:00Z');
    const config = await execConfig(`echo run >> ${counter}; sleep 0.2; ${credential('cached', '2030-01-01T00:10:00Z')}`);
    const service = serviceFor(config, temp.dir, { now: () => new Date(now) });
    const [context] = (await service.snapshot({}, undefined as never)).contexts;
    const kubeConfigs = await Promise.all([1, 2, 3].map(() => service.kubeConfigFor(context?.id ?? '')));
    const runs = async (): Promise<number> => (await readFile(counter, 'utf8')).trim().split('\n').length;

    expect(await Promise.all(kubeConfigs.map(authorization))).toEqual(['Bearer cached', 'Bearer cached', 'Bearer cached']);
    expect(await runs()).toBe(1);

    now = Date.parse('2030-01-01T00:09:59Z');
    await authorization(kubeConfigs[0] as KubeConfig);
    expect(await runs()).toBe(1);

    now = Date.parse('2030-01-01T00:10:00Z');
    await authorization(kubeConfigs[0] as KubeConfig);
    expect(await runs()).toBe(2);
  });

  it('rejects interactiveMode Always', async () => {
    const config = await execConfig(credential('t'));
    await writeFile(config, (await readFile(config, 'utf8')).replace('interactiveMode: Never', 'interactiveMode: Always'));
    const service = serviceFor(config, temp.dir);
    const [context] = (await service.snapshot({}, undefined as never)).contexts;
    await expect(authorization(await service.kubeConfigFor(context?.id ?? ''))).rejects.toMatchObject({
      appError: { kind: 'ExecPlugin', message: expect.stringContaining('interactiveMode: Always') },
    });
  });
});

describe('login shell PATH', () => {
  it.each([
    { name: 'banner around markers', body: 'echo "Welcome!"; /bin/sh -c "$4"; echo bye', expected: '/opt/cloud/bin:/usr/bin:/bin:/fallback' },
    { name: 'shell that fails', body: 'exit 1', expected: '/fallback' },
    { name: 'shell that hangs', body: 'sleep 30', expected: '/fallback' },
  ])('$name', async ({ body, expected }) => {
    const shell = path.join(temp.dir, 'fake-shell');
    await writeFile(shell, `#!/bin/sh\nPATH=/opt/cloud/bin:/usr/bin:/bin\nexport PATH\n${body}\n`, { mode: 0o755 });
    const result = await resolveLoginShellPath({ shell, fallbackPath: '/fallback', timeoutMs: 2000, logger: memoryLogger() });
    expect(result).toBe(expected);
  });
});
