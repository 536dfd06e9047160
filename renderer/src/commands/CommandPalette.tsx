/** Ctrl/Cmd+K: a filterable list of every command that applies now. */
import { useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../components/Dialog';
import { useAppEnvironment, useAppState } from '../store/context';
import { availableCommands } from './commands';
import { formatShortcut } from './shortcut';
import { MAC, useRunCommand } from './use-commands';

export function CommandPalette() {
  const open = useAppState((state) => state.paletteOpen);
  const setOpen = useAppState((state) => state.setPaletteOpen);

  return (
    <Dialog open={open} onClose={() => setOpen(false)} labelKey="palette.title" className="palette">
      {open && <PaletteBody onDone={() => setOpen(false)} />}
    </Dialog>
  );
}

function PaletteBody({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const run = useRunCommand();
  const { store } = useAppEnvironment();
  // The list is taken when the palette opens; commands are built per call, so a live selector would never settle.
  const commands = useMemo(() => availableCommands(store.getState()).filter((command) => command.id !== 'palette.open'), [store]);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);

  const matches = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return commands.filter((command) => t(command.labelKey, command.labelValues ?? {}).toLowerCase().includes(needle));
  }, [commands, query, t]);
  const activeIndex = Math.min(active, Math.max(0, matches.length - 1));

  const choose = (index: number): void => {
    const command = matches[index];
    if (command) {
      onDone();
      run(command);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((activeIndex + step + matches.length) % Math.max(1, matches.length));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(activeIndex);
    }
  };

  return (
    <>
      <input
        className="palette-input"
        role="combobox"
        aria-expanded="true"
        aria-controls="palette-list"
        aria-activedescendant={matches.length ? `palette-item-${activeIndex}` : undefined}
        aria-label={t('palette.search')}
        placeholder={t('palette.placeholder')}
        value={query}
        autoFocus
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul id="palette-list" role="listbox" aria-label={t('palette.commands')} className="palette-list">
        {matches.map((command, index) => (
          <li
            key={command.id}
            id={`palette-item-${index}`}
            role="option"
            aria-selected={index === activeIndex}
            className="palette-item"
            onMouseEnter={() => setActive(index)}
            onClick={() => choose(index)}
          >
            <span>{t(command.labelKey, command.labelValues ?? {})}</span>
            {command.shortcut && <kbd>{formatShortcut(command.shortcut, MAC)}</kbd>}
          </li>
        ))}
        {matches.length === 0 && <li className="palette-empty">{t('palette.noMatch')}</li>}
      </ul>
    </>
  );
}
