/**
 * Every kubeconfig warning code, file error, context problem and file origin
 * has an English and a Simplified Chinese string.
 */
import i18next, { type TFunction } from 'i18next';
import { describe, expect, test } from 'vitest';
import { contextProblem, entryInvalidField, FieldError, fileInvalidField, fileInvalidYaml, fileNotMapping, fileTooLarge, fileUnreadable } from '../../../main/kubeconfig/problems';
import { missingFileWarning, shadowWarning, unnamedEntryWarning } from '../../../main/kubeconfig/warnings';
import en from '../../../renderer/src/i18n/locales/en.json';
import zhCN from '../../../renderer/src/i18n/locales/zh-CN.json';
import { contextProblemText, fileErrorText } from '../../../renderer/src/screens/clusters/problem-text';
import { CONTEXT_PROBLEM_CODES, KUBECONFIG_FIELD_EXPECTATIONS, KUBECONFIG_FILE_ERROR_CODES, KUBECONFIG_WARNING_CODES } from '../../../shared/models/kubeconfig';
import type {
  ContextProblem,
  ContextProblemParams,
  KubeconfigFileError,
  KubeconfigFileErrorParams,
  KubeconfigOrigin,
  KubeconfigWarning,
  KubeconfigWarningCode,
} from '../../../shared/models/kubeconfig';

// Records keyed by the union types, so the compiler rejects a code or origin left out here.
const samples: Record<KubeconfigWarningCode, KubeconfigWarning> = {
  missingFile: missingFileWarning('/home/op/.kube/gone.yaml', 'option'),
  unnamedEntry: unnamedEntryWarning({ path: '/home/op/.kube/config', list: 'users', index: 2 }),
  shadowedCluster: shadowWarning('Cluster', { name: 'gpu-a', path: '/kube/b.yaml', usedPath: '/kube/a.yaml' }),
  shadowedUser: shadowWarning('User', { name: 'admin', path: '/kube/b.yaml', usedPath: '/kube/a.yaml' }),
};

const fileErrors: Record<keyof KubeconfigFileErrorParams, KubeconfigFileError> = {
  tooLarge: fileTooLarge('/kube/huge.yaml', 32),
  unreadable: fileUnreadable('/kube/locked.yaml', 'EACCES: permission denied'),
  invalidYaml: fileInvalidYaml('/kube/bad.yaml', 'Missing closing "quote at line 3, column 12'),
  notMapping: fileNotMapping('/kube/list.yaml'),
  invalidField: fileInvalidField('/kube/odd.yaml', new FieldError('contexts', 'list', '{"a":"b"}')),
};

const problems: Record<keyof ContextProblemParams, ContextProblem> = {
  noCluster: contextProblem('noCluster', { context: 'train' }),
  undefinedCluster: contextProblem('undefinedCluster', { context: 'train', cluster: 'gpu-b' }),
  undefinedUser: contextProblem('undefinedUser', { context: 'train', user: 'ops' }),
  noServer: contextProblem('noServer', { cluster: 'gpu-b' }),
  invalidServer: contextProblem('invalidServer', { cluster: 'gpu-b', server: 'https://[::1' }),
  unsupportedScheme: contextProblem('unsupportedScheme', { cluster: 'gpu-b', server: 'ftp://gpu-b' }),
  insecureWithCa: contextProblem('insecureWithCa', { cluster: 'gpu-b' }),
  unsupportedProxy: contextProblem('unsupportedProxy', { cluster: 'gpu-b', proxyUrl: 'ftp://proxy:21' }),
  invalidEntry: entryInvalidField('user', 'ops', '/kube/config', new FieldError('exec.args', 'stringList')),
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

/** The values a translated text must show: every string parameter but the coded ones, which are translated. */
function shownValues(params: object): string[] {
  return Object.entries(params)
    .filter(([key]) => key !== 'expected' && key !== 'entry')
    .map(([, value]) => String(value));
}

function checkText(text: string, params: object, language: string, english: string): void {
  for (const value of shownValues(params)) {
    expect(text).toContain(value);
  }
  expect(text).not.toMatch(/\{\{/);
  if (language === 'en') {
    // The screen shows the text of the logs and thrown errors, with the fix added where the log has none.
    expect(text.startsWith(english.replace(/\.$/, ''))).toBe(true);
  } else {
    expect(text).toMatch(CJK);
  }
}

const languages = ['en', 'zh-CN'] as const;

type Coded = { code: string; params: object; message: string };

/** Checks a sample per code, and each code's text in both languages against the English message. */
function describeCodedTexts<Item extends Coded>(title: string, keyPrefix: string, samples: Record<string, Item>, codes: readonly string[], render: (t: TFunction, item: Item) => string): void {
  describe(title, () => {
    test('sample per code', () => {
      expect(Object.keys(samples).sort()).toEqual([...codes].sort());
    });

    test.each(codes.flatMap((code) => languages.map((language) => ({ code, language }))))('$code in $language', ({ code, language }) => {
      const item = samples[code]!;
      expect(i18n.exists(`${keyPrefix}.${code}`, { lng: language, fallbackLng: false })).toBe(true);
      checkText(render(i18n.getFixedT(language) as TFunction, item), item.params, language, item.message);
    });
  });
}

describeCodedTexts('kubeconfig file errors', 'clusters.fileError', fileErrors, KUBECONFIG_FILE_ERROR_CODES, fileErrorText);
describeCodedTexts('context problems', 'clusters.contextProblem', problems, CONTEXT_PROBLEM_CODES, contextProblemText);

describe('field expectations', () => {
  test.each(KUBECONFIG_FIELD_EXPECTATIONS.flatMap((expected) => languages.map((language) => ({ expected, language }))))('field $expected in $language', ({ expected, language }) => {
    expect(i18n.exists(`clusters.expected.${expected}`, { lng: language, fallbackLng: false })).toBe(true);
    const problem = entryInvalidField('cluster', 'gpu-b', '/kube/config', new FieldError('server', expected, '42'));
    checkText(contextProblemText(i18n.getFixedT(language) as TFunction, problem), problem.params, language, problem.message);
  });
});
