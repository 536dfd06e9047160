/** Hosts one xterm.js terminal: fit on resize, search, copy and paste. The session protocol is in terminal-link and main. */
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TerminalEnd } from '../../../../../shared/models/terminals';
import type { AppError } from '../../../../../shared/result';
import { SESSIONS_NAMESPACE } from '../i18n';
import { linkTerminal, type TerminalsClient } from './terminal-link';

interface Props {
  client: TerminalsClient;
  sessionId: string;
  active: boolean;
  onEnd(end: TerminalEnd): void;
  onError(error: AppError): void;
}

const SCROLLBACK_LINES = 5_000;

export function TerminalView({ client, sessionId, active, onEnd, onError }: Props) {
  const { t } = useTranslation(SESSIONS_NAMESPACE);
  const container = useRef<HTMLDivElement>(null);
  const terminalRef = useRef<Terminal | undefined>(undefined);
  const searchRef = useRef<SearchAddon | undefined>(undefined);
  const fitRef = useRef<FitAddon | undefined>(undefined);
  const callbacks = useRef({ onEnd, onError });
  callbacks.current = { onEnd, onError };
  const [query, setQuery] = useState('');

  useEffect(() => {
    const element = container.current;
    if (!element) return undefined;
    const terminal = new Terminal({ scrollback: SCROLLBACK_LINES, cursorBlink: true, fontFamily: 'ui-monospace, Menlo, Consolas, monospace', fontSize: 13 });
    const fit = new FitAddon();
    const search = new SearchAddon();
    terminal.loadAddon(fit);
    terminal.loadAddon(search);
    terminal.open(element);
    terminal.attachCustomKeyEventHandler((event) => handleClipboardKeys(event, terminal, (message) => callbacks.current.onError({ kind: 'Unavailable', message })));
    terminalRef.current = terminal;
    searchRef.current = search;
    fitRef.current = fit;

    const unlink = linkTerminal(client, sessionId, terminal, {
      onEnd: (end) => callbacks.current.onEnd(end),
      onError: (error) => callbacks.current.onError(error),
    });
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => fitIfVisible(element, fit));
    });
    observer.observe(element);
    fitIfVisible(element, fit);
    terminal.focus();

    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      unlink();
      terminal.dispose();
    };
  }, [client, sessionId]);

  useEffect(() => {
    if (active && container.current && fitRef.current) {
      fitIfVisible(container.current, fitRef.current);
      terminalRef.current?.focus();
    }
  }, [active]);

  const copy = (): void => {
    const selection = terminalRef.current?.getSelection() ?? '';
    if (selection !== '') {
      navigator.clipboard.writeText(selection).catch((error: unknown) => onError({ kind: 'Unavailable', message: t('terminal.clipboardDenied', { message: String(error) }) }));
    }
  };
  const paste = (): void => {
    navigator.clipboard
      .readText()
      .then((text) => terminalRef.current?.paste(text))
      .catch((error: unknown) => onError({ kind: 'Unavailable', message: t('terminal.clipboardDenied', { message: String(error) }) }));
  };

  return (
    <div className="terminal-view" hidden={!active}>
      <div className="terminal-toolbar" role="toolbar">
        <input
          type="search"
          aria-label={t('terminal.search')}
          placeholder={t('terminal.search')}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              if (event.shiftKey) searchRef.current?.findPrevious(query);
              else searchRef.current?.findNext(query);
            }
          }}
        />
        <button type="button" className="button" onClick={() => searchRef.current?.findPrevious(query)}>{t('terminal.findPrevious')}</button>
        <button type="button" className="button" onClick={() => searchRef.current?.findNext(query)}>{t('terminal.findNext')}</button>
        <button type="button" className="button" onClick={copy}>{t('terminal.copy')}</button>
        <button type="button" className="button" onClick={paste}>{t('terminal.paste')}</button>
      </div>
      <div className="terminal-host" ref={container} data-session={sessionId} />
    </div>
  );
}

/** Fits the terminal unless its tab is hidden, because a hidden tab has no size and fitting would shrink the remote terminal to nothing. */
function fitIfVisible(element: HTMLElement, fit: FitAddon): void {
  if (element.clientWidth > 0 && element.clientHeight > 0) {
    fit.fit();
  }
}

/** Ctrl+Shift+C and Ctrl+Shift+V copy and paste, as in desktop terminals; plain Ctrl+C stays an interrupt. */
function handleClipboardKeys(event: KeyboardEvent, terminal: Terminal, onFailure: (message: string) => void): boolean {
  if (event.type !== 'keydown' || !event.ctrlKey || !event.shiftKey) {
    return true;
  }
  if (event.code === 'KeyC') {
    const selection = terminal.getSelection();
    if (selection !== '') navigator.clipboard.writeText(selection).catch((error: unknown) => onFailure(String(error)));
    return false;
  }
  if (event.code === 'KeyV') {
    navigator.clipboard
      .readText()
      .then((text) => terminal.paste(text))
      .catch((error: unknown) => onFailure(String(error)));
    return false;
  }
  return true;
}
