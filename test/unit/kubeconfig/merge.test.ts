import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listKubeconfigSources, splitKubeconfigList } from '../../../main/kubeconfig/sources';
import { fixture, makeTempDir, serviceFor } from './helpers';

interface EnvVariant {
  name: string;
  posix: string;
  windows: string;
}

const br02 = fixture('br-02-env-path-list');
const variants = (JSON.parse(await readFile(path.join(br02, 'env-variants.json'), 'utf8')) as { variants: EnvVariant[] }).variants;

let temp: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  temp = await makeTempDir();
});
afterEach(async () => {
  await temp.cleanup();
});

describe('KUBECONFIG list (a list of files)', () => {
  it.each(variants)('$name loads both contexts with the first current-context', async (variant) => {
    const service = serviceFor(variant.posix.replaceAll('<dir>', br02), temp.dir);
    const snapshot = await service.snapshot({}, undefined as never);

    expect(snapshot.contexts.map((context) => context.name)).toEqual(['ctx-train-a', 'ctx-infer-b']);
    expect(snapshot.currentContext).toBe('ctx-train-a');
    expect(snapshot.contexts.find((context) => context.name === 'ctx-infer-b')?.server).toBe('https://infer-b.example.invalid:6443');
    expect(snapshot.contexts.filter((context) => context.current).map((context) => context.name)).toEqual(['ctx-train-a']);
    expect(snapshot.sources.every((source) => source.error === undefined)).toBe(true);

    const infer = snapshot.contexts.find((context) => context.name === 'ctx-infer-b');
    const kubeConfig = await service.kubeConfigFor(infer?.id ?? '');
    const opts: { headers?: Record<string, string> } = {};
    await kubeConfig.applyToHTTPSOptions(opts);
    expect(kubeConfig.getCurrentCluster()?.server).toBe('https://infer-b.example.invalid:6443');
    expect(opts.headers?.Authorization).toBe('Bearer PLACEHOLDER-TOKEN-B');
    service.dispose();
  });

  it('names a missing file in a warning', async () => {
    const missing = variants.find((variant) => variant.name === 'missing-file-inside');
    const service = serviceFor(missing?.posix.replaceAll('<dir>', br02), temp.dir);
    const snapshot = await service.snapshot({}, undefined as never);

    const missingPath = path.join(br02, 'does-not-exist.yaml');
    expect(snapshot.warnings).toEqual([
      { code: 'missingFile', params: { path: missingPath, listedIn: 'KUBECONFIG' }, message: expect.stringContaining(missingPath) },
    ]);
    expect(snapshot.sources.find((source) => source.path.endsWith('does-not-exist.yaml'))?.exists).toBe(false);
  });

  it.each(variants)('$name splits with the Windows separator', (variant) => {
    const dir = 'C:\\Users\\me\\kube';
    const paths = splitKubeconfigList(variant.windows.replaceAll('<dir>', dir), { pathModule: path.win32, cwd: 'C:\\' });
    const expected = variant.name === 'missing-file-inside'
      ? [`${dir}\\a.yaml`, `${dir}\\does-not-exist.yaml`, `${dir}\\b.yaml`]
      : [`${dir}\\a.yaml`, `${dir}\\b.yaml`];
    expect(paths).toEqual(expected);
  });

  it('ignores repeated entries like kubectl', () => {
    expect(splitKubeconfigList('/a:/b:/a', { delimiter: ':', pathModule: path.posix })).toEqual(['/a', '/b']);
  });
});

describe('--kubeconfig option', () => {
  it.each([
    { name: 'option alone', option: '/opt/a:/opt/b', env: undefined, expected: [['/opt/a', 'option'], ['/opt/b', 'option']] },
    { name: 'option beats KUBECONFIG', option: '/opt/a', env: '/env/a', expected: [['/opt/a', 'option']] },
    { name: 'empty option', option: '', env: '/env/a', expected: [['/env/a', 'env']] },
    { name: 'option of separators only', option: ' : ', env: '/env/a', expected: [['/env/a', 'env']] },
    { name: 'neither', option: undefined, env: undefined, expected: [['/home/me/.kube/config', 'default']] },
  ])('$name lists the right origins', ({ option, env, expected }) => {
    const sources = listKubeconfigSources({ kubeconfigOption: option, kubeconfigEnv: env, homeDir: '/home/me', delimiter: ':', pathModule: path.posix, cwd: '/' });
    expect(sources.map((source) => [source.path, source.origin])).toEqual(expected);
  });

  it('labels its files and contexts', async () => {
    const listed = fixture('br-04-empty-current-context.yaml');
    const service = serviceFor(path.join(br02, 'a.yaml'), temp.dir, { kubeconfigOption: listed });
    const snapshot = await service.snapshot({}, undefined as never);

    expect(snapshot.sources).toEqual([{ path: listed, origin: 'option', exists: true }]);
    expect(snapshot.contexts.map((context) => [context.name, context.origin])).toEqual([['dev', 'option'], ['prod', 'option']]);
    service.dispose();
  });

  it('names itself in a missing-file warning', async () => {
    const missing = path.join(br02, 'does-not-exist.yaml');
    const service = serviceFor(undefined, temp.dir, { kubeconfigOption: `${path.join(br02, 'a.yaml')}:${missing}` });
    const snapshot = await service.snapshot({}, undefined as never);

    expect(snapshot.warnings).toEqual([
      { code: 'missingFile', params: { path: missing, listedIn: '--kubeconfig' }, message: `--kubeconfig lists ${missing}, which does not exist; it is skipped.` },
    ]);
    service.dispose();
  });
});

describe('merge rules', () => {
  it('first file wins; later names are shadowed', async () => {
    const { first, second, snapshot } = await mergeTwo(
      { file: 'first.yaml', context: 'shared', cluster: 'c', server: 'https://first.invalid', current: '' },
      { file: 'second.yaml', context: 'shared', cluster: 'c', server: 'https://second.invalid', current: 'shared' },
    );

    expect(snapshot.contexts.map((context) => [context.sourcePath, context.shadowed])).toEqual([[first, false], [second, true]]);
    expect(snapshot.currentContext).toBe('shared');
    expect(snapshot.contexts.map((context) => context.current)).toEqual([true, false]);
    // kubectl resolves cluster "c" from the first file, also for the second file's context.
    expect(snapshot.contexts.map((context) => context.server)).toEqual(['https://first.invalid', 'https://first.invalid']);
    expect(snapshot.warnings).toEqual([
      { code: 'shadowedCluster', params: { name: 'c', path: second, usedPath: first }, message: expect.stringContaining('Cluster "c" in ' + second) },
    ]);
    expect(new Set(snapshot.contexts.map((context) => context.id)).size).toBe(2);
  });

  it('an equal shadowed cluster gets no warning', async () => {
    const { snapshot } = await mergeTwo(
      { file: 'alice.yaml', context: 'alice', cluster: 'c', server: 'https://same.invalid', current: 'alice' },
      { file: 'bob.yaml', context: 'bob', cluster: 'c', server: 'https://same.invalid', current: '' },
    );

    expect(snapshot.warnings.filter((warning) => warning.code === 'shadowedCluster')).toEqual([]);
    expect(snapshot.contexts.map((context) => context.server)).toEqual(['https://same.invalid', 'https://same.invalid']);
  });

  it('a different shadowed user gets a warning', async () => {
    const first = path.join(temp.dir, 'first.yaml');
    const second = path.join(temp.dir, 'second.yaml');
    await writeFile(first, 'users: [{name: u, user: {token: first}}]\n');
    await writeFile(second, 'users: [{name: u, user: {token: second}}]\n');
    const snapshot = await serviceFor(`${first}:${second}`, temp.dir).snapshot({}, undefined as never);

    expect(snapshot.warnings).toEqual([
      { code: 'shadowedUser', params: { name: 'u', path: second, usedPath: first }, message: expect.stringContaining('User "u" in ' + second) },
    ]);
  });

  it.each([
    { name: 'cluster', list: 'clusters', text: 'clusters: [{name: c, cluster: {server: "https://c.invalid"}}, {cluster: {server: "https://x.invalid"}}]\n', index: 1 },
    { name: 'user', list: 'users', text: 'users: [{name: ""}]\n', index: 0 },
    { name: 'context', list: 'contexts', text: 'contexts: [{context: {cluster: c}}]\n', index: 0 },
  ])('unnamed $name gets a warning', async ({ list, text, index }) => {
    const file = path.join(temp.dir, 'config');
    await writeFile(file, text);
    const snapshot = await serviceFor(file, temp.dir).snapshot({}, undefined as never);

    expect(snapshot.warnings).toEqual([
      { code: 'unnamedEntry', params: { path: file, list, index }, message: `${file}: ${list}[${index}] has no name, so it is ignored. Add a name to it, or delete it.` },
    ]);
  });

  it('empty current-context loads both contexts', async () => {
    const service = serviceFor(fixture('br-04-empty-current-context.yaml'), temp.dir);
    const snapshot = await service.snapshot({}, undefined as never);

    expect(snapshot.contexts.map((context) => context.name)).toEqual(['dev', 'prod']);
    expect(snapshot.currentContext).toBeUndefined();
    expect(snapshot.contexts.some((context) => context.current)).toBe(false);
    expect(snapshot.contexts.map((context) => context.problem)).toEqual([undefined, undefined]);
    for (const context of snapshot.contexts) {
      const kubeConfig = await service.kubeConfigFor(context.id);
      expect(kubeConfig.getCurrentContext()).toBe(context.name);
    }
    expect(snapshot.contexts.find((context) => context.name === 'prod')?.namespace).toBe('ml-serving');
  });

  it('opening does not write the file', async () => {
    const copy = path.join(temp.dir, 'config');
    await copyFile(fixture('br-04-empty-current-context.yaml'), copy);
    const before = await readFile(copy, 'utf8');
    const service = serviceFor(copy, temp.dir);
    const snapshot = await service.snapshot({}, undefined as never);
    await service.kubeConfigFor(snapshot.contexts[1]?.id ?? '');
    expect(await readFile(copy, 'utf8')).toBe(before);
  });

  it('special names round-trip with distinct ids', async () => {
    const service = serviceFor(fixture('br-10-special-context-names.yaml'), temp.dir);
    const snapshot = await service.snapshot({}, undefined as never);
    const names = [
      'arn:aws:eks:us-east-1:000000000000:cluster/demo-gpu',
      'team-ns/api-okd-example-invalid:6443/someone@example.invalid',
      'team-ns/api-okd-example-invalid-6443/someone@example.invalid',
      '训练集群 (A100, 北京)',
    ];

    expect(snapshot.contexts.map((context) => context.name)).toEqual(names);
    expect(snapshot.currentContext).toBe(names[0]);
    expect(new Set(snapshot.contexts.map((context) => context.id)).size).toBe(4);
    for (const context of snapshot.contexts) {
      expect(context.id).toMatch(/^[0-9a-f]{32}$/);
      expect(context.problem).toBeUndefined();
      const kubeConfig = await service.kubeConfigFor(context.id);
      expect(kubeConfig.getCurrentContext()).toBe(context.name);
      expect(kubeConfig.getContexts()).toHaveLength(1);
    }
  });

  it.each([
    { name: 'missing cluster', context: { cluster: 'nope', user: 'u' }, code: 'undefinedCluster', problem: /Cluster "nope" of context "x" is not defined/ },
    { name: 'missing user', context: { cluster: 'c', user: 'nobody' }, code: 'undefinedUser', problem: /User "nobody" of context "x" is not defined/ },
    { name: 'no cluster named', context: { cluster: '', user: 'u' }, code: 'noCluster', problem: /names no cluster/ },
  ])('context with $name gets a problem', async ({ context, code, problem }) => {
    const file = path.join(temp.dir, 'config');
    await writeFile(file, [
      'clusters: [{name: c, cluster: {server: "https://c.invalid"}}]',
      'users: [{name: u, user: {token: t}}]',
      `contexts: [{name: x, context: {cluster: "${context.cluster}", user: "${context.user}"}}, {name: ok, context: {cluster: c, user: u}}]`,
    ].join('\n'));
    const service = serviceFor(file, temp.dir);
    const snapshot = await service.snapshot({}, undefined as never);

    expect(snapshot.contexts[0]?.problem?.code).toBe(code);
    expect(snapshot.contexts[0]?.problem?.message).toMatch(problem);
    expect(snapshot.contexts[1]?.problem).toBeUndefined();
    await expect(service.kubeConfigFor(snapshot.contexts[0]?.id ?? '')).rejects.toMatchObject({ appError: { kind: 'Kubeconfig' } });
  });

  it('malformed file errors alone', async () => {
    const bad = path.join(temp.dir, 'bad.yaml');
    await writeFile(bad, 'clusters: [\n  - name: broken\n    cluster: {server: "https://x"\n');
    const service = serviceFor(`${bad}:${fixture('br-04-empty-current-context.yaml')}`, temp.dir);
    const snapshot = await service.snapshot({}, undefined as never);

    expect(snapshot.sources[0]?.error?.code).toBe('invalidYaml');
    expect(snapshot.sources[0]?.error?.message).toMatch(new RegExp(`^${bad} is not valid YAML`));
    expect(snapshot.sources[1]?.error).toBeUndefined();
    expect(snapshot.contexts.map((context) => context.name)).toEqual(['dev', 'prod']);
  });

  it.each([
    { name: 'top level is a list', text: '- a\n- b\n', code: 'notMapping', error: /top level is not a mapping/ },
    { name: 'contexts is a mapping', text: 'contexts: {a: b}\n', code: 'invalidField', error: /contexts must be a list/ },
  ])('non-kubeconfig YAML ($name) errors alone', async ({ text, code, error }) => {
    const bad = path.join(temp.dir, 'odd.yaml');
    await writeFile(bad, text);
    const service = serviceFor(bad, temp.dir);
    const snapshot = await service.snapshot({}, undefined as never);
    expect(snapshot.sources[0]?.error?.code).toBe(code);
    expect(snapshot.sources[0]?.error?.message).toMatch(error);
    expect(snapshot.contexts).toEqual([]);
  });

  it('uses ~/.kube/config when KUBECONFIG is empty', async () => {
    const service = serviceFor('', temp.dir, { homeDir: temp.dir });
    const snapshot = await service.snapshot({}, undefined as never);
    expect(snapshot.sources).toEqual([{ path: path.join(temp.dir, '.kube', 'config'), origin: 'default', exists: false }]);
    expect(snapshot.warnings).toEqual([]);
  });

  it('marks the insecure cluster only', async () => {
    const service = serviceFor(fixture('br-08-insecure-no-ca.yaml'), temp.dir);
    const snapshot = await service.snapshot({}, undefined as never);
    expect(snapshot.contexts.map((context) => [context.name, context.insecure, context.problem])).toEqual([
      ['lab-selfsigned', true, undefined],
      ['prod-verified', false, undefined],
    ]);
  });
});

type ConfigOptions = { context: string; cluster: string; server: string; current: string };

/** Writes two kubeconfig files into the test folder, lists both as KUBECONFIG does, and returns their paths and the merged snapshot. */
async function mergeTwo(firstFile: ConfigOptions & { file: string }, secondFile: ConfigOptions & { file: string }) {
  const first = path.join(temp.dir, firstFile.file);
  const second = path.join(temp.dir, secondFile.file);
  await writeFile(first, config(firstFile));
  await writeFile(second, config(secondFile));
  const snapshot = await serviceFor(`${first}:${second}`, temp.dir).snapshot({}, undefined as never);
  return { first, second, snapshot };
}

function config(options: ConfigOptions): string {
  return [
    `current-context: "${options.current}"`,
    `clusters: [{name: ${options.cluster}, cluster: {server: "${options.server}"}}]`,
    `contexts: [{name: ${options.context}, context: {cluster: ${options.cluster}}}]`,
  ].join('\n');
}
