import { chmod, copyFile, lstat, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixture, makeTempDir, serviceFor } from './helpers';

let temp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  temp = await makeTempDir();
});
afterEach(async () => {
  await temp.cleanup();
});

const noCall = undefined as never;

async function userFile(name: string, source: string): Promise<string> {
  const folder = path.join(temp.dir, 'kube');
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, name);
  await copyFile(source, file);
  return file;
}

describe('delete context', () => {
  it('keeps every other field', async () => {
    const file = await userFile('config', fixture('br-11-delete-context', 'before.yaml'));
    const before = await readFile(file, 'utf8');
    const service = serviceFor(file, temp.dir);
    const scratch = (await service.snapshot({}, noCall)).contexts.find((context) => context.name === 'scratch');

    const plan = await service.planDelete(scratch?.id ?? '');
    expect(plan).toMatchObject({ context: 'scratch', removeClusters: ['scratch'], removeUsers: ['scratch-user'], clearsCurrentContext: false, writesUserFile: true });

    const snapshot = await service.deleteContext({ id: scratch?.id ?? '', writeUserFile: true }, noCall);
    const after = await readFile(file, 'utf8');
    const expected = parse(await readFile(fixture('br-11-delete-context', 'expected-after.yaml'), 'utf8'));

    expect(parse(after)).toEqual(expected);
    expect(after).not.toMatch(/^\s*insecure-skip-tls-verify:/m);
    expect(snapshot.contexts.map((context) => context.name)).toEqual(['managed-a']);

    const backups = (await readdir(path.dirname(file))).filter((name) => name.startsWith('config.drun-backup-'));
    expect(backups).toHaveLength(1);
    expect(await readFile(path.join(path.dirname(file), backups[0] ?? ''), 'utf8')).toBe(before);
    expect((await readdir(path.dirname(file))).filter((name) => name.includes('drun-tmp'))).toEqual([]);
  });

  it('needs writeUserFile for a user file', async () => {
    const file = await userFile('config', fixture('br-11-delete-context', 'before.yaml'));
    const before = await readFile(file, 'utf8');
    const service = serviceFor(file, temp.dir);
    const scratch = (await service.snapshot({}, noCall)).contexts.find((context) => context.name === 'scratch');

    await expect(service.deleteContext({ id: scratch?.id ?? '', writeUserFile: false }, noCall)).rejects.toMatchObject({ appError: { kind: 'InvalidInput' } });
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(await readdir(path.dirname(file))).toEqual(['config']);
  });

  it('keeps a cluster and user that another context uses', async () => {
    const file = await userFile('config', fixture('br-04-empty-current-context.yaml'));
    // A second context on the same cluster and user, and dev as current-context.
    const text = (await readFile(file, 'utf8'))
      .replace('current-context: ""', 'current-context: dev')
      .replace('contexts:\n', 'contexts:\n- name: dev-copy\n  context:\n    cluster: dev\n    user: dev-user\n');
    await writeFile(file, text);
    const service = serviceFor(file, temp.dir);
    const dev = (await service.snapshot({}, noCall)).contexts.find((context) => context.name === 'dev');

    await service.deleteContext({ id: dev?.id ?? '', writeUserFile: true }, noCall);
    const after = parse(await readFile(file, 'utf8')) as { clusters: { name: string }[]; users: { name: string }[]; contexts: { name: string }[]; 'current-context': string };

    expect(after.contexts.map((context) => context.name)).toEqual(['dev-copy', 'prod']);
    expect(after.clusters.map((cluster) => cluster.name)).toEqual(['dev', 'prod']);
    expect(after.users.map((user) => user.name)).toEqual(['dev-user', 'prod-user']);
    expect(after['current-context']).toBe('');
  });
});

describe('rename context', () => {
  it('moves current-context along', async () => {
    const file = await userFile('config', fixture('br-10-special-context-names.yaml'));
    const service = serviceFor(file, temp.dir);
    const arn = (await service.snapshot({}, noCall)).contexts[0];

    const snapshot = await service.renameContext({ id: arn?.id ?? '', newName: 'demo gpu: 演示', writeUserFile: true }, noCall);
    const after = parse(await readFile(file, 'utf8')) as { contexts: { name: string }[]; 'current-context': string; clusters: { name: string }[] };

    expect(after['current-context']).toBe('demo gpu: 演示');
    expect(after.contexts[0]?.name).toBe('demo gpu: 演示');
    expect(after.clusters[0]?.name).toBe('arn:aws:eks:us-east-1:000000000000:cluster/demo-gpu');
    expect(snapshot.currentContext).toBe('demo gpu: 演示');
    expect((await readFile(file, 'utf8')).startsWith('# BR-10')).toBe(true);
  });

  it('rejects a name the file already has', async () => {
    const file = await userFile('config', fixture('br-04-empty-current-context.yaml'));
    const service = serviceFor(file, temp.dir);
    const dev = (await service.snapshot({}, noCall)).contexts[0];
    await expect(service.renameContext({ id: dev?.id ?? '', newName: 'prod', writeUserFile: true }, noCall)).rejects.toMatchObject({ appError: { kind: 'Conflict' } });
  });

  it('refuses when the file changed on disk', async () => {
    const file = await userFile('config', fixture('br-04-empty-current-context.yaml'));
    const service = serviceFor(file, temp.dir);
    const dev = (await service.snapshot({}, noCall)).contexts[0];
    const edited = (await readFile(file, 'utf8')) + '\n# edited in a terminal\n';
    await writeFile(file, edited);

    await expect(service.renameContext({ id: dev?.id ?? '', newName: 'dev2', writeUserFile: true }, noCall)).rejects.toMatchObject({
      appError: { kind: 'Conflict', message: expect.stringContaining(`${file} changed on disk`) },
    });
    expect(await readFile(file, 'utf8')).toBe(edited);
    expect(await readdir(path.dirname(file))).toEqual(['config']);
  });

  it('writes through a symlink and keeps the mode', async () => {
    const real = await userFile('real-config', fixture('br-04-empty-current-context.yaml'));
    await chmod(real, 0o600);
    const link = path.join(path.dirname(real), 'config');
    await symlink(real, link);
    const service = serviceFor(link, temp.dir);
    const dev = (await service.snapshot({}, noCall)).contexts[0];

    await service.renameContext({ id: dev?.id ?? '', newName: 'dev2', writeUserFile: true }, noCall);
    expect((await stat(real)).mode & 0o777).toBe(0o600);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(real, 'utf8')).toContain('name: dev2');
  });
});

describe('import into the store', () => {
  it('copy keeps certificate paths working', async () => {
    const service = serviceFor(path.join(temp.dir, 'none'), temp.dir);
    const source = fixture('br-01-relative-cert-paths', 'config');
    const snapshot = await service.importFile({ path: source }, noCall);
    const imported = snapshot.contexts.find((context) => context.origin === 'imported');
    const stored = await readFile(imported?.sourcePath ?? '', 'utf8');

    expect(path.dirname(imported?.sourcePath ?? '')).toBe(path.join(temp.dir, 'store'));
    expect(stored).toContain(`certificate-authority: ${fixture('br-01-relative-cert-paths', 'pki', 'ca.crt')}`);
    expect(stored).toContain(`client-key: ${fixture('br-01-relative-cert-paths', 'pki', 'admin.key')}`);
    expect(stored.startsWith('# BR-01')).toBe(true);

    const kubeConfig = await service.kubeConfigFor(imported?.id ?? '');
    expect(Buffer.from(kubeConfig.getCurrentUser()?.certData ?? '', 'base64').toString()).toBe(await readFile(fixture('br-01-relative-cert-paths', 'pki', 'admin.crt'), 'utf8'));
  });

  it('same content twice is stored once', async () => {
    const service = serviceFor(path.join(temp.dir, 'none'), temp.dir);
    await service.importFile({ path: fixture('br-04-empty-current-context.yaml') }, noCall);
    const snapshot = await service.importFile({ path: fixture('br-04-empty-current-context.yaml') }, noCall);
    expect(await readdir(path.join(temp.dir, 'store'))).toHaveLength(1);
    expect(snapshot.contexts.map((context) => context.name)).toEqual(['dev', 'prod']);
  });

  it.each([
    { name: 'malformed YAML', text: 'contexts: [\n', kind: 'Kubeconfig', message: 'is not valid YAML' },
    { name: 'no contexts', text: 'clusters: []\n', kind: 'Kubeconfig', message: 'defines no contexts' },
    { name: 'a list', text: '- 1\n', kind: 'Kubeconfig', message: 'top level is not a mapping' },
  ])('rejects $name and writes nothing', async ({ text, kind, message }) => {
    const source = path.join(temp.dir, 'bad.yaml');
    await writeFile(source, text);
    const service = serviceFor(path.join(temp.dir, 'none'), temp.dir);
    await expect(service.importFile({ path: source }, noCall)).rejects.toMatchObject({
      appError: { kind, message: expect.stringMatching(new RegExp(`^Cannot import ${source}: .*${message}`)) },
    });
    expect(await readdir(temp.dir)).toEqual(['bad.yaml']);
  });

  it('rejects a missing file', async () => {
    const service = serviceFor(path.join(temp.dir, 'none'), temp.dir);
    await expect(service.importFile({ path: path.join(temp.dir, 'nope.yaml') }, noCall)).rejects.toMatchObject({ appError: { kind: 'NotFound' } });
  });

  it('renames and deletes store contexts without writeUserFile', async () => {
    const service = serviceFor(path.join(temp.dir, 'none'), temp.dir);
    let snapshot = await service.importFile({ path: fixture('br-04-empty-current-context.yaml') }, noCall);
    snapshot = await service.renameContext({ id: snapshot.contexts[0]?.id ?? '', newName: 'dev/renamed', writeUserFile: false }, noCall);
    expect(snapshot.contexts.map((context) => context.name)).toEqual(['dev/renamed', 'prod']);

    snapshot = await service.deleteContext({ id: snapshot.contexts[1]?.id ?? '', writeUserFile: false }, noCall);
    expect(snapshot.contexts.map((context) => context.name)).toEqual(['dev/renamed']);
    expect((await readdir(path.join(temp.dir, 'store'))).filter((name) => name.includes('drun-'))).toEqual([]);
  });
});

describe('watching', () => {
  it('pushes a snapshot after an edit underneath', async () => {
    const file = await userFile('config', fixture('br-04-empty-current-context.yaml'));
    const service = serviceFor(file, temp.dir, { watch: true, debounceMs: 20 });
    const first = await service.snapshot({}, noCall);
    const kubeConfig = await service.kubeConfigFor(first.contexts[0]?.id ?? '');
    const next = new Promise<string[]>((resolve) => {
      service.onDidChange({}, (snapshot) => resolve(snapshot.contexts.map((context) => context.name)), noCall);
    });

    await writeFile(file, (await readFile(file, 'utf8')).replace('- name: dev\n  context:', '- name: dev-edited\n  context:'));
    expect(await next).toEqual(['dev-edited', 'prod']);
    // The connection built before the edit keeps its own context.
    expect(kubeConfig.getCurrentContext()).toBe('dev');
    service.dispose();
  });
});
