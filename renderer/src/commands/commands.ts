/**
 * Every user operation as one declarative object: its label key, shortcut,
 * when it applies, and what it does. The palette, the keyboard handler, the
 * header buttons and the per-context menus all read the same list.
 */
import type { i18n } from 'i18next';
import type { ContextSummary } from '../../../shared/models/kubeconfig';
import { chooseLanguage } from '../i18n';
import type { AppState, AppStore } from '../store/app-store';
import { resolvedTheme } from '../store/ui-slice';
import type { Shortcut } from './shortcut';

export interface CommandContext {
  store: AppStore;
  i18n: i18n;
}

export interface Command {
  id: string;
  /** i18n key of the label. */
  labelKey: string;
  /** Values interpolated into the label, such as a context name. */
  labelValues?: Record<string, string>;
  shortcut?: Shortcut;
  /** Whether the command applies now; absent means always. */
  predicate?(state: AppState): boolean;
  run(context: CommandContext): void;
}

function hasConnected(state: AppState): boolean {
  return Object.values(state.statuses).some((status) => status.state === 'connected');
}

function isConnected(state: AppState, contextId: string | undefined): boolean {
  return contextId !== undefined && state.statuses[contextId]?.state === 'connected';
}

/** The commands that exist whatever the kubeconfig holds. */
export const staticCommands: readonly Command[] = [
  {
    id: 'palette.open',
    labelKey: 'commands.openPalette',
    shortcut: { code: 'KeyK', mod: true },
    run: ({ store }) => store.getState().setPaletteOpen(true),
  },
  {
    id: 'screen.clusters',
    labelKey: 'commands.showClusters',
    shortcut: { code: 'Digit1', alt: true },
    run: ({ store }) => store.getState().showScreen('clusters'),
  },
  {
    id: 'screen.overview',
    labelKey: 'commands.showOverview',
    shortcut: { code: 'Digit2', alt: true },
    predicate: hasConnected,
    run: ({ store }) => {
      const state = store.getState();
      const contextId = isConnected(state, state.overviewContextId)
        ? state.overviewContextId
        : Object.values(state.statuses).find((status) => status.state === 'connected')?.contextId;
      if (contextId) {
        state.openOverview(contextId);
      }
    },
  },
  {
    id: 'screen.queues',
    labelKey: 'commands.showQueues',
    shortcut: { code: 'Digit3', alt: true },
    run: ({ store }) => store.getState().showScreen('queues'),
  },
  {
    id: 'screen.tenants',
    labelKey: 'commands.showTenants',
    run: ({ store }) => store.getState().showScreen('tenants'),
  },
  {
    id: 'screen.endpoints',
    labelKey: 'commands.showEndpoints',
    run: ({ store }) => store.getState().showScreen('endpoints'),
  },
  {
    id: 'screen.sessions',
    labelKey: 'commands.showSessions',
    run: ({ store }) => store.getState().showScreen('sessions'),
  },
  {
    id: 'kubeconfig.import',
    labelKey: 'commands.importKubeconfig',
    shortcut: { code: 'KeyI', alt: true },
    run: ({ store }) => store.getState().requestImportFocus(),
  },
  {
    id: 'theme.toggle',
    labelKey: 'commands.toggleTheme',
    shortcut: { code: 'KeyT', alt: true },
    run: ({ store }) => {
      const state = store.getState();
      state.setThemePreference(resolvedTheme(state) === 'dark' ? 'light' : 'dark');
    },
  },
  {
    id: 'theme.system',
    labelKey: 'commands.followSystemTheme',
    predicate: (state) => state.themePreference !== 'system',
    run: ({ store }) => store.getState().setThemePreference('system'),
  },
  {
    id: 'language.toggle',
    labelKey: 'commands.toggleLanguage',
    shortcut: { code: 'KeyL', alt: true },
    run: ({ i18n }) => chooseLanguage(i18n, i18n.language === 'zh-CN' ? 'en' : 'zh-CN'),
  },
  {
    id: 'overview.refresh',
    labelKey: 'commands.refreshCluster',
    shortcut: { code: 'KeyR', alt: true },
    predicate: (state) => state.screen === 'overview' && isConnected(state, state.overviewContextId),
    run: ({ store }) => {
      const state = store.getState();
      if (state.overviewContextId) {
        void state.runClusterAction(state.overviewContextId, 'refresh');
      }
    },
  },
];

/** Commands of one context, for its buttons and for the palette. */
export function contextCommands(context: ContextSummary): Command[] {
  const labelValues = { name: context.name };
  return [
    {
      id: `context.connect:${context.id}`,
      labelKey: 'commands.connectContext',
      labelValues,
      predicate: (state) => !['connected', 'connecting'].includes(state.statuses[context.id]?.state ?? 'disconnected'),
      run: ({ store }) => void store.getState().runClusterAction(context.id, 'connect'),
    },
    {
      id: `context.disconnect:${context.id}`,
      labelKey: 'commands.disconnectContext',
      labelValues,
      predicate: (state) => ['connected', 'connecting'].includes(state.statuses[context.id]?.state ?? 'disconnected'),
      run: ({ store }) => void store.getState().runClusterAction(context.id, 'disconnect'),
    },
    {
      id: `context.overview:${context.id}`,
      labelKey: 'commands.openOverviewOf',
      labelValues,
      predicate: (state) => isConnected(state, context.id),
      run: ({ store }) => store.getState().openOverview(context.id),
    },
    {
      id: `context.rename:${context.id}`,
      labelKey: 'commands.renameContext',
      labelValues,
      run: ({ store }) => store.getState().openDialog({ kind: 'rename', contextId: context.id }),
    },
    {
      id: `context.delete:${context.id}`,
      labelKey: 'commands.deleteContext',
      labelValues,
      run: ({ store }) => store.getState().openDialog({ kind: 'delete', contextId: context.id }),
    },
  ];
}

/** Every command that applies to the state now, static ones first. */
export function availableCommands(state: AppState): Command[] {
  const perContext = (state.snapshot?.contexts ?? []).flatMap(contextCommands);
  return [...staticCommands, ...perContext].filter((command) => command.predicate?.(state) ?? true);
}

export function findContextCommand(context: ContextSummary, verb: string): Command {
  const command = contextCommands(context).find((candidate) => candidate.id.startsWith(`context.${verb}:`));
  if (!command) {
    throw new Error(`No context command "${verb}"; known verbs are connect, disconnect, overview, rename, delete`);
  }
  return command;
}
