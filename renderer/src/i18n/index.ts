/**
 * i18next set-up for the renderer. Resources are bundled, so initialisation is
 * synchronous and the first render is already in the right language.
 */
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';
import { LANGUAGE_STORAGE_KEY, resolveLanguage, SUPPORTED_LANGUAGES, type Language } from './language';
import { registerTenantsMessages } from '../screens/tenants/i18n';
import { registerSessionsTranslations } from '../screens/sessions/i18n';
import { registerQueuesTranslations } from '../screens/queues/i18n';
import { registerEndpointsTranslations } from '../screens/endpoints/i18n';

export function createI18n(): i18n {
  const language = resolveLanguage(readStoredLanguage(), navigator.languages ?? [navigator.language]);
  const instance = i18next.createInstance();

  void instance.use(initReactI18next).init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [...SUPPORTED_LANGUAGES],
    nonExplicitSupportedLngs: false,
    load: 'currentOnly',
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });

  registerTenantsMessages(instance);
  registerSessionsTranslations(instance);
  registerQueuesTranslations(instance);
  registerEndpointsTranslations(instance);
  document.documentElement.lang = language;
  instance.on('languageChanged', (next) => {
    document.documentElement.lang = next;
  });
  return instance;
}

/** Switches the language and remembers it as the user's explicit choice. */
export function chooseLanguage(instance: i18n, language: Language): void {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch (error) {
    // Storage can be disabled; the switch still applies to this session.
    console.warn('d.run: could not persist the language choice', error);
  }
  void instance.changeLanguage(language);
}

function readStoredLanguage(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch (error) {
    console.warn('d.run: could not read the stored language choice', error);
    return null;
  }
}
