import { describe, expect, test } from 'vitest';
import { detectLanguage, normalizeLanguage, resolveLanguage } from '../../../renderer/src/i18n/language';

describe('normalizeLanguage', () => {
  test.each([
    ['plain zh', 'zh', 'zh-CN'],
    ['zh-CN', 'zh-CN', 'zh-CN'],
    ['Singapore', 'zh-SG', 'zh-CN'],
    ['Hans script', 'zh-Hans', 'zh-CN'],
    ['Hans with region', 'zh-Hans-CN', 'zh-CN'],
    ['POSIX form', 'zh_CN.UTF-8', 'zh-CN'],
    ['lower case', 'zh-cn', 'zh-CN'],
    ['English region', 'en-GB', 'en'],
    ['Traditional script', 'zh-Hant-TW', undefined],
    ['Taiwan', 'zh-TW', undefined],
    ['Hong Kong', 'zh-HK', undefined],
    ['other language', 'de-DE', undefined],
  ])('%s', (_name, tag, expected) => {
    expect(normalizeLanguage(tag)).toBe(expected);
  });
});

describe('detectLanguage', () => {
  test('first supported tag wins', () => {
    expect(detectLanguage(['de-DE', 'zh-Hans-SG', 'en-US'])).toBe('zh-CN');
  });

  test('falls back to English', () => {
    expect(detectLanguage(['fr-FR', 'zh-TW'])).toBe('en');
  });

  test('empty list is English', () => {
    expect(detectLanguage([])).toBe('en');
  });
});

describe('resolveLanguage', () => {
  test('stored choice beats the OS', () => {
    expect(resolveLanguage('en', ['zh-CN'])).toBe('en');
  });

  test('unknown stored value is ignored', () => {
    expect(resolveLanguage('klingon', ['zh-CN'])).toBe('zh-CN');
  });
});
