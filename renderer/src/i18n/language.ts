/** The UI languages and how a locale tag from the OS or browser maps onto them. */

export const SUPPORTED_LANGUAGES = ['en', 'zh-CN'] as const;

export type Language = (typeof SUPPORTED_LANGUAGES)[number];

/** localStorage key of the language the user picked; absent while the OS locale decides. */
export const LANGUAGE_STORAGE_KEY = 'drun.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}

/**
 * Maps one locale tag to a UI language, or undefined when we have no bundle for it.
 * Accepts BCP 47 (`zh-Hans-CN`) and POSIX forms (`zh_CN.UTF-8`). Traditional
 * Chinese (`zh-Hant*`, `zh-TW`, `zh-HK`, `zh-MO`) has no bundle yet.
 */
export function normalizeLanguage(tag: string): Language | undefined {
  const parts = tag.trim().replace(/[.@].*$/, '').replace(/_/g, '-').toLowerCase().split('-');
  const [primary, ...subtags] = parts;

  if (primary === 'en') {
    return 'en';
  }
  if (primary !== 'zh') {
    return undefined;
  }

  if (subtags.includes('hant') || subtags.some((subtag) => ['tw', 'hk', 'mo'].includes(subtag))) {
    return undefined;
  }
  return 'zh-CN';
}

/** Picks the first preferred locale we have a bundle for; English otherwise. */
export function detectLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const language = normalizeLanguage(tag);
    if (language) {
      return language;
    }
  }
  return 'en';
}

/** The explicit choice wins over the detected default. */
export function resolveLanguage(stored: string | null, preferred: readonly string[]): Language {
  return isLanguage(stored) ? stored : detectLanguage(preferred);
}
