/** Puts the resolved theme on <html data-theme> and follows prefers-color-scheme. */
import type { AppStore } from './store/app-store';
import { resolvedTheme } from './store/ui-slice';

export function bindTheme(store: AppStore): () => void {
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  const onMedia = (): void => store.getState().setSystemDark(media.matches);
  const apply = (): void => {
    const theme = resolvedTheme(store.getState());
    document.documentElement.dataset['theme'] = theme;
    document.documentElement.style.colorScheme = theme;
  };

  onMedia();
  apply();
  media.addEventListener('change', onMedia);
  const unsubscribe = store.subscribe(apply);
  return () => {
    media.removeEventListener('change', onMedia);
    unsubscribe();
  };
}
