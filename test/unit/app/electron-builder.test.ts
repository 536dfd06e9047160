/** electron-builder.yml: valid against the schema electron-builder ships, with the fuses and targets we rely on. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validate } from './json-schema';

const root = join(import.meta.dirname, '..', '..', '..');
let config: Record<string, unknown>;
let schema: Parameters<typeof validate>[0];

beforeAll(async () => {
  config = parse(await readFile(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
  schema = JSON.parse(await readFile(join(root, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as typeof schema;
});

describe('json-schema checker', () => {
  it.each([
    { name: 'an unknown top-level key', config: { appId: 'x', appld: 'typo' }, error: '$.appld: not allowed' },
    { name: 'a fuse that is not a boolean', config: { electronFuses: { runAsNode: 'no' } }, error: '$.electronFuses: matches none' },
    { name: 'an unknown fuse', config: { electronFuses: { runAsNodes: false } }, error: '$.electronFuses: matches none' },
  ])('reports $name', ({ config: bad, error }) => {
    expect(validate(schema, bad).join('\n')).toContain(error);
  });
});

describe('electron-builder.yml', () => {
  it('is valid against app-builder-lib/scheme.json', () => {
    expect(validate(schema, config)).toEqual([]);
  });

  it('names the app and packs out/ and package.json into an asar, without node_modules', () => {
    expect(config.productName).toBe('d.run Desktop');
    expect(config.appId).toMatch(/^[a-z0-9.]+$/);
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json', '!node_modules/**']));
  });

  it('flips every security fuse', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('keeps the Chromium locales of both UI languages', () => {
    expect(config.electronLanguages).toEqual(['en-US', 'zh-CN']);
  });

  it.each([
    ['linux', ['AppImage', 'deb']],
    ['mac', ['dmg', 'zip']],
    ['win', ['nsis']],
  ])('builds %s targets %j', (platform, targets) => {
    expect((config[platform] as { target: string[] }).target).toEqual(targets);
  });
});
