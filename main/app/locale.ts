/**
 * The UI language: the first of the OS's preferred languages that the app
 * speaks, English otherwise. Chinese in any script gets Simplified Chinese,
 * the only Chinese the app ships.
 */

export type Locale = 'en' | 'zh-CN';

/** Maps a preference list such as `["fr-FR", "zh-Hans-CN"]` to a supported locale. */
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const language = tag.toLowerCase().split(/[-_]/)[0];
    if (language === 'zh') {
      return 'zh-CN';
    }
    if (language === 'en') {
      return 'en';
    }
  }
  return 'en';
}
