/** Terminal tabs: a form to open exec or attach sessions, and one hosted terminal per tab. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { terminalsContract } from '../../../../../shared/contracts/terminals';
import { logsContract } from '../../../../../shared/contracts/logs';
import type { ShellChoice, TerminalEnd, TerminalMode } from '../../../../../shared/models/terminals';
import type { AppError } from '../../../../../shared/result';
import { ErrorBlock } from '../../../components/ErrorBlock';
import { useContractClient } from '../../../store/context';
import { SESSIONS_NAMESPACE } from '../i18n';
import { initialSource, type SessionContext, type SourceChoice } from '../session-contexts';
import { SourcePicker } from '../SourcePicker';
import { usePods } from '../use-pods';
import { TerminalView } from './TerminalView';

interface Tab {
  key: number;
  title: string;
  source: SourceChoice;
  mode: TerminalMode;
  shell: ShellChoice;
  sessionId?: string;
  end?: TerminalEnd;
  error?: AppError;
}

const SHELLS: ShellChoice[] = ['auto', 'bash', 'sh', 'ash', 'zsh'];

let nextTabKey = 1;

export function TerminalsPanel({ contexts }: { contexts: SessionContext[] }) {
  const { t } = useTranslation(SESSIONS_NAMESPACE);
  const client = useContractClient(terminalsContract);
  const logsClient = useContractClient(logsContract);
  const podList = usePods(logsClient);
  const [source, setSource] = useState<SourceChoice>(() => initialSource(contexts));
  const [mode, setMode] = useState<TerminalMode>('exec');
  const [shell, setShell] = useState<ShellChoice>('auto');
  const [tabs, setTabs] = useState<Tab[]>([]);
  const [activeKey, setActiveKey] = useState<number | undefined>(undefined);

  const update = (key: number, patch: Partial<Tab>): void => setTabs((current) => current.map((tab) => (tab.key === key ? { ...tab, ...patch } : tab)));

  const connect = async (tab: Tab): Promise<void> => {
    const { sessionId: _previous, end: _end, error: _error, ...rest } = tab;
    setTabs((current) => current.map((candidate) => (candidate.key === tab.key ? rest : candidate)));
    const result = await client.open({
      contextId: tab.source.contextId,
      namespace: tab.source.namespace,
      pod: tab.source.pod,
      ...(tab.source.container !== '' ? { container: tab.source.container } : {}),
      mode: tab.mode,
      shell: tab.shell,
      cols: 80,
      rows: 24,
    });
    if (result.ok) {
      update(tab.key, { sessionId: result.value.sessionId, title: `${tab.source.pod}/${result.value.container}` });
    } else {
      update(tab.key, { error: result.error });
    }
  };

  const openTab = (): void => {
    const tab: Tab = { key: nextTabKey++, title: source.pod, source, mode, shell };
    setTabs((current) => [...current, tab]);
    setActiveKey(tab.key);
    void connect(tab);
  };

  const closeTab = (key: number): void => {
    setTabs((current) => current.filter((tab) => tab.key !== key));
    setActiveKey((current) => (current === key ? tabs.find((tab) => tab.key !== key)?.key : current));
  };

  return (
    <section className="terminals-panel">
      <form className="session-form" onSubmit={(event) => (event.preventDefault(), openTab())}>
        <SourcePicker
          contexts={contexts}
          value={source}
          onChange={setSource}
          pods={podList.pods}
          podsError={podList.error}
          loading={podList.loading}
          onLoadPods={() => void podList.load(source.contextId, source.namespace)}
          anyContainerLabel={t('source.defaultContainer')}
        />
        <label className="field">
          <span>{t('terminal.mode')}</span>
          <select value={mode} onChange={(event) => setMode(event.target.value as TerminalMode)}>
            <option value="exec">{t('terminal.exec')}</option>
            <option value="attach">{t('terminal.attach')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('terminal.shell')}</span>
          <select value={shell} disabled={mode === 'attach'} onChange={(event) => setShell(event.target.value as ShellChoice)}>
            {SHELLS.map((choice) => (
              <option key={choice} value={choice}>
                {choice === 'auto' ? t('terminal.shellAuto') : choice}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button button-primary" disabled={source.pod === ''}>
          {t('terminal.open')}
        </button>
      </form>

      {tabs.length === 0 ? (
        <p className="empty-state">{t('terminal.empty')}</p>
      ) : (
        <div className="session-tabs" role="tablist">
          {tabs.map((tab) => (
            <span key={tab.key} className="session-tab" role="presentation">
              <button type="button" role="tab" aria-selected={tab.key === activeKey} onClick={() => setActiveKey(tab.key)}>
                {tab.title}
                {tab.end ? ' ●' : ''}
              </button>
              <button type="button" className="tab-close" aria-label={t('terminal.closeTab', { name: tab.title })} onClick={() => closeTab(tab.key)}>
                ×
              </button>
            </span>
          ))}
        </div>
      )}

      {tabs.map((tab) => (
        <div key={tab.key} role="tabpanel" hidden={tab.key !== activeKey} className="terminal-tab">
          {tab.error && <ErrorBlock error={tab.error} />}
          {tab.end && <EndNotice end={tab.end} onReconnect={() => void connect(tab)} />}
          {!tab.sessionId && !tab.error && <p>{t('terminal.connecting')}</p>}
          {tab.error && !tab.sessionId && (
            <button type="button" className="button" onClick={() => void connect(tab)}>
              {t('terminal.reconnect')}
            </button>
          )}
          {tab.sessionId && (
            <TerminalView
              key={tab.sessionId}
              client={client}
              sessionId={tab.sessionId}
              active={tab.key === activeKey}
              onEnd={(end) => update(tab.key, { end })}
              onError={(error) => update(tab.key, { error })}
            />
          )}
        </div>
      ))}
    </section>
  );
}

/** Says why a session ended and offers to reconnect; the tab and its scrollback stay. */
function EndNotice({ end, onReconnect }: { end: TerminalEnd; onReconnect(): void }) {
  const { t } = useTranslation(SESSIONS_NAMESPACE);
  const message = end.message ?? '';
  const text =
    end.cause === 'user'
      ? t('terminal.closedByUser')
      : end.cause === 'exited'
        ? end.exitCode !== undefined
          ? t('terminal.exited', { code: end.exitCode })
          : t('terminal.exitedNoCode', { message })
        : end.cause === 'closed'
          ? t('terminal.closed', { message })
          : t('terminal.lost', { message });

  return (
    <div className="session-end" role="status">
      <span>{text}</span>
      <button type="button" className="button" onClick={onReconnect}>
        {t('terminal.reconnect')}
      </button>
    </div>
  );
}
