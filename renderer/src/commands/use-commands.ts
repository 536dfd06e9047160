/** React glue of the command list: running a command and the window-wide shortcut handler. */
import { useCallback, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppEnvironment } from '../store/context';
import { availableCommands, type Command, type CommandContext } from './commands';
import { isMac, matchesShortcut } from './shortcut';

export const MAC = isMac(navigator.platform);

export function useCommandContext(): CommandContext {
  const { store } = useAppEnvironment();
  const { i18n } = useTranslation();
  return useMemo(() => ({ store, i18n }), [store, i18n]);
}

export function useRunCommand(): (command: Command) => void {
  const context = useCommandContext();
  return useCallback((command: Command) => command.run(context), [context]);
}

/** Runs the command whose shortcut was pressed, unless a modal dialog owns the keyboard. */
export function useGlobalShortcuts(): void {
  const context = useCommandContext();

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      const state = context.store.getState();
      if (event.defaultPrevented || state.dialog) {
        return;
      }
      const command = availableCommands(state).find((candidate) => candidate.shortcut && matchesShortcut(event, candidate.shortcut, MAC));
      if (!command) {
        return;
      }
      event.preventDefault();
      command.run(context);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [context]);
}
