/** Screen switcher, palette button, language and theme pickers; every button runs a command. */
import { useTranslation } from 'react-i18next';
import { staticCommands, type Command } from '../commands/commands';
import { ariaShortcut, formatShortcut } from '../commands/shortcut';
import { MAC, useRunCommand } from '../commands/use-commands';
import { chooseLanguage } from '../i18n';
import { isLanguage, SUPPORTED_LANGUAGES } from '../i18n/language';
import { useAppState } from '../store/context';
import type { ThemePreference } from '../store/ui-slice';

function command(id: string): Command {
  const found = staticCommands.find((candidate) => candidate.id === id);
  if (!found) {
    throw new Error(`Unknown command ${id}`);
  }
  return found;
}

const screens = [
  { screen: 'clusters', command: command('screen.clusters') },
  { screen: 'overview', command: command('screen.overview') },
  { screen: 'queues', command: command('screen.queues') },
  { screen: 'tenants', command: command('screen.tenants') },
  { screen: 'endpoints', command: command('screen.endpoints') },
  { screen: 'sessions', command: command('screen.sessions') },
] as const;

export function Header() {
  const { t } = useTranslation();
  const run = useRunCommand();
  const current = useAppState((state) => state.screen);
  const overviewAvailable = useAppState((state) => screens[1].command.predicate?.(state) ?? true);

  return (
    <header className="header">
      <span className="brand">d.run Desktop</span>
      <nav aria-label={t('shell.screens')} className="nav">
        {screens.map(({ screen, command: navCommand }) => (
          <button
            key={screen}
            type="button"
            className="nav-button"
            aria-current={current === screen ? 'page' : undefined}
            aria-keyshortcuts={navCommand.shortcut && ariaShortcut(navCommand.shortcut, MAC)}
            title={navCommand.shortcut && formatShortcut(navCommand.shortcut, MAC)}
            disabled={screen === 'overview' && !overviewAvailable}
            onClick={() => run(navCommand)}
          >
            {t(`screens.${screen}`)}
          </button>
        ))}
      </nav>
      <div className="header-tools">
        <PaletteButton />
        <LanguagePicker />
        <ThemePicker />
      </div>
    </header>
  );
}

function PaletteButton() {
  const { t } = useTranslation();
  const run = useRunCommand();
  const open = command('palette.open');
  const shortcut = open.shortcut ? formatShortcut(open.shortcut, MAC) : '';

  return (
    <button type="button" className="tool-button" aria-keyshortcuts={open.shortcut && ariaShortcut(open.shortcut, MAC)} onClick={() => run(open)}>
      {t('commands.openPalette')} <kbd>{shortcut}</kbd>
    </button>
  );
}

function LanguagePicker() {
  const { t, i18n } = useTranslation();

  return (
    <label className="picker">
      <span>{t('shell.language')}</span>
      <select
        value={i18n.language}
        onChange={(event) => {
          if (isLanguage(event.target.value)) {
            chooseLanguage(i18n, event.target.value);
          }
        }}
      >
        {SUPPORTED_LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {t(`languages.${language}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

function ThemePicker() {
  const { t } = useTranslation();
  const preference = useAppState((state) => state.themePreference);
  const setPreference = useAppState((state) => state.setThemePreference);

  return (
    <label className="picker">
      <span>{t('shell.theme')}</span>
      <select value={preference} onChange={(event) => setPreference(event.target.value as ThemePreference)}>
        {(['system', 'light', 'dark'] as const).map((option) => (
          <option key={option} value={option}>
            {t(`themes.${option}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
