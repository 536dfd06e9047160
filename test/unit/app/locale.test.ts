/** The UI language from the OS, and the menu in both languages. */
import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { pickLocale } from '../../../main/app/locale';
import { applicationMenu } from '../../../main/app/menu';

vi.mock('electron', () => {
  throw new Error('main/app/locale.ts and menu.ts must not import electron at run time');
});

describe('pickLocale', () => {
  it.each([
    { name: 'Simplified Chinese', preferred: ['zh-CN'], locale: 'zh-CN' },
    { name: 'Chinese with a script subtag', preferred: ['zh-Hans-CN', 'en-US'], locale: 'zh-CN' },
    { name: 'Traditional Chinese, the nearest we ship', preferred: ['zh-TW'], locale: 'zh-CN' },
    { name: 'an underscore tag', preferred: ['zh_CN'], locale: 'zh-CN' },
    { name: 'US English', preferred: ['en-US', 'zh-CN'], locale: 'en' },
    { name: 'an unsupported language before Chinese', preferred: ['fr-FR', 'zh-CN'], locale: 'zh-CN' },
    { name: 'only unsupported languages', preferred: ['de-DE', 'ja-JP'], locale: 'en' },
    { name: 'an empty list', preferred: [], locale: 'en' },
  ])('picks $locale for $name', ({ preferred, locale }) => {
    expect(pickLocale(preferred)).toBe(locale);
  });
});

function labels(items: MenuItemConstructorOptions[]): (string | undefined)[] {
  return items.flatMap((item) => [
    item.type === 'separator' ? '-' : item.label,
    ...(Array.isArray(item.submenu) ? labels(item.submenu) : []),
  ]);
}

describe('applicationMenu', () => {
  it.each(['darwin', 'linux', 'win32'])('labels every item in both languages on %s', (platform) => {
    const en = labels(applicationMenu('en', platform));
    const zh = labels(applicationMenu('zh-CN', platform));
    expect(en).toHaveLength(zh.length);
    expect(en.filter((label) => label === undefined)).toEqual([]);
    expect(zh.filter((label) => label !== '-' && label !== 'd.run Desktop' && !/[\u4e00-\u9fff]/.test(label ?? ''))).toEqual([]);
  });

  it('puts Quit in the app menu on macOS and in File elsewhere', () => {
    expect(applicationMenu('en', 'darwin')[0]?.role).toBe('appMenu');
    expect(labels(applicationMenu('en', 'linux').slice(0, 1))).toContain('Quit d.run Desktop');
  });
});
