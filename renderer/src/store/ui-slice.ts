/** Which screen is shown, the theme, the palette and the open dialog: state of the window, not of clusters. */
import type { StateCreator } from 'zustand';
import type { TransportState } from '../transport/connect';
import type { AppState } from './app-store';

export type Screen = 'clusters' | 'overview' | 'tenants' | 'sessions' | 'queues' | 'endpoints';
export type ThemePreference = 'system' | 'light' | 'dark';

export type DialogRequest = { kind: 'rename'; contextId: string } | { kind: 'delete'; contextId: string };

export interface UiSlice {
  screen: Screen;
  /** Context shown by the Overview screen. */
  overviewContextId: string | undefined;
  themePreference: ThemePreference;
  /** prefers-color-scheme: dark, followed while the preference is 'system'. */
  systemDark: boolean;
  paletteOpen: boolean;
  dialog: DialogRequest | undefined;
  /** Bumped to ask the import field to take focus (from the palette or a shortcut). */
  importFocusRequest: number;
  transportState: TransportState;
  /** Bumped when the transport comes back after closing, so every stream is opened again. */
  transportEpoch: number;

  showScreen(screen: Screen): void;
  openOverview(contextId: string): void;
  setThemePreference(preference: ThemePreference): void;
  setSystemDark(dark: boolean): void;
  setPaletteOpen(open: boolean): void;
  openDialog(dialog: DialogRequest): void;
  closeDialog(): void;
  requestImportFocus(): void;
  setTransportState(state: TransportState): void;
}

export const THEME_STORAGE_KEY = 'drun.theme';

export function readThemePreference(storage: Pick<Storage, 'getItem'>): ThemePreference {
  const stored = storage.getItem(THEME_STORAGE_KEY);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

export function createUiSlice(storage: Pick<Storage, 'getItem' | 'setItem'>): StateCreator<AppState, [], [], UiSlice> {
  return (set, get) => ({
    screen: 'clusters',
    overviewContextId: undefined,
    themePreference: readThemePreference(storage),
    systemDark: false,
    paletteOpen: false,
    dialog: undefined,
    importFocusRequest: 0,
    transportState: 'connecting',
    transportEpoch: 0,

    showScreen: (screen) => set({ screen }),
    openOverview: (contextId) => set({ screen: 'overview', overviewContextId: contextId }),
    setThemePreference: (themePreference) => {
      storage.setItem(THEME_STORAGE_KEY, themePreference);
      set({ themePreference });
    },
    setSystemDark: (systemDark) => set({ systemDark }),
    setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
    openDialog: (dialog) => set({ dialog, paletteOpen: false }),
    closeDialog: () => set({ dialog: undefined }),
    requestImportFocus: () => set((state) => ({ screen: 'clusters', importFocusRequest: state.importFocusRequest + 1 })),
    setTransportState: (next) => {
      const reopened = get().transportState === 'closed' && next === 'open';
      set((state) => ({ transportState: next, transportEpoch: reopened ? state.transportEpoch + 1 : state.transportEpoch }));
    },
  });
}

export type ResolvedTheme = 'light' | 'dark';

export function resolvedTheme(state: Pick<UiSlice, 'themePreference' | 'systemDark'>): ResolvedTheme {
  if (state.themePreference === 'system') {
    return state.systemDark ? 'dark' : 'light';
  }
  return state.themePreference;
}
