/** Every kubeconfig warning code and file origin has an English and a Simplified Chinese string. */
import i18next from 'i18next';
import { describe, expect, test } from 'vitest';
import { missingFileWarning, shadowWarning, unnamedEntryWarning } from '../../../main/kubeconfig/warnings';
import en from '../../../renderer/src/i18n/locales/en.json';
import zhCN from '../../../renderer/src/i18n/locales/zh-CN.json';
import { KUBECONFIG_WARNING_CODES } from '../../../shared/models/kubeconfig';
import type { KubeconfigOrigin, KubeconfigWarning, KubeconfigWarningCode } from '../../../shared/models/kubeconfig';

// Records keyed by the union types, so the compiler rejects a code or origin left out here.
const samples: Record<KubeconfigWarningCode, KubeconfigWarning> = {
  missingFile: missingFileWarning('/home/op/.kube/gone.yaml', 'option'),
  unnamedEntry: unnamedEntryWarning({ path: '/home/op/.kube/config', list: 'users', index: 2 }),
  shadowedCluster: shadowWarning('Cluster', { name: 'gpu-a', path: '/kube/b.yaml', usedPath: '/kube/a.yaml' }),
  shadowedUser: shadowWarning('User', { name: 'admin', path: '/kube/b.yaml', usedPath: '/kube/a.yaml' }),
};

const originLabels: Record<KubeconfigOrigin, { en: RegExp; zh: RegExp }> = {
  option: { en: /--kubeconfig/, zh: /--kubeconfig/ },
  env: { en: /KUBECONFIG/, zh: /KUBECONFIG/ },
  default: { en: /default/, zh: /默认/ },
  imported: { en: /imported/, zh: /导入/ },
};

const i18n = i18next.createInstance();
await i18n.init({
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  lng: 'en',
  fallbackLng: false,
  initAsync: false,
  interpolation: { escapeValue: false },
});

const CJK = /[\u4e00-\u9fff]/;

describe('kubeconfig warning strings', () => {
  test('sample per code', () => {
    expect(Object.keys(samples).sort()).toEqual([...KUBECONFIG_WARNING_CODES].sort());
  });

  test.each(KUBECONFIG_WARNING_CODES.flatMap((code) => [
    { code, language: 'en' },
    { code, language: 'zh-CN' },
  ]))('$code in $language', ({ code, language }) => {
    const key = `clusters.warning.${code}`;
    const warning = samples[code];
    const t = i18n.getFixedT(language);

    expect(i18n.exists(key, { lng: language, fallbackLng: false })).toBe(true);
    const text = t(key, warning.params);
    for (const value of Object.values(warning.params)) {
      expect(text).toContain(String(value));
    }
    expect(text).not.toMatch(/\{\{/);
    if (language === 'en') {
      expect(text).toBe(warning.message);
    } else {
      expect(text).toMatch(CJK);
    }
  });
});

describe('kubeconfig origin labels', () => {
  test.each(Object.entries(originLabels))('%s in both languages', (origin, expected) => {
    const key = `clusters.origin.${origin}`;

    expect(i18n.exists(key, { lng: 'en', fallbackLng: false })).toBe(true);
    expect(i18n.exists(key, { lng: 'zh-CN', fallbackLng: false })).toBe(true);
    expect(i18n.getFixedT('en')(key)).toMatch(expected.en);
    expect(i18n.getFixedT('zh-CN')(key)).toMatch(expected.zh);
  });
});
