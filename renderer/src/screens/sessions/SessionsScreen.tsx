/**
 * The Sessions screen: tabs for terminals, log streams, port-forwards and
 * notebooks. The forwards and notebooks tabs are slots for their own panels.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppState } from '../../store/context';
import { registerSessionsTranslations, SESSIONS_NAMESPACE } from './i18n';
import { ForwardsPanel } from './forwards/ForwardsPanel';
import { LogsPanel } from './logs/LogsPanel';
import { NotebooksPanel } from './notebooks/NotebooksPanel';
import { connectedContexts } from './session-contexts';
import './sessions.css';
import { TerminalsPanel } from './terminals/TerminalsPanel';

export type SessionsTab = 'terminals' | 'logs' | 'forwards' | 'notebooks';

const TABS: SessionsTab[] = ['terminals', 'logs', 'forwards', 'notebooks'];

interface Props {
  /** Panels for the tabs this screen does not implement itself, by tab. */
  slots?: Partial<Record<SessionsTab, ReactNode>>;
}

export function SessionsScreen({ slots = {} }: Props) {
  const { t, i18n } = useTranslation(SESSIONS_NAMESPACE);
  if (!i18n.hasResourceBundle('en', SESSIONS_NAMESPACE)) {
    registerSessionsTranslations(i18n);
  }
  const [tab, setTab] = useState<SessionsTab>('terminals');
  const statuses = useAppState((state) => state.statuses);
  const snapshot = useAppState((state) => state.snapshot);
  const contexts = useMemo(() => connectedContexts(statuses, snapshot), [statuses, snapshot]);

  return (
    <div className="sessions-screen">
      <div className="session-tabs" role="tablist" aria-label={t('tabs.terminals')}>
        {TABS.map((candidate) => (
          <button key={candidate} type="button" role="tab" aria-selected={tab === candidate} onClick={() => setTab(candidate)}>
            {t(`tabs.${candidate}`)}
          </button>
        ))}
      </div>
      {contexts.length === 0 && (tab === 'terminals' || tab === 'logs') ? (
        <p className="empty-state">{t('noCluster')}</p>
      ) : (
        <>
          {/* Both panels stay mounted so open terminals and log streams survive a tab switch. */}
          <div role="tabpanel" hidden={tab !== 'terminals'}>
            {contexts.length > 0 && <TerminalsPanel contexts={contexts} />}
          </div>
          <div role="tabpanel" hidden={tab !== 'logs'}>
            {contexts.length > 0 && <LogsPanel contexts={contexts} />}
          </div>
          {tab === 'forwards' && <div role="tabpanel">{slots.forwards ?? <ForwardsPanel contexts={contexts} />}</div>}
          {tab === 'notebooks' && <div role="tabpanel">{slots.notebooks ?? <NotebooksPanel contexts={contexts} />}</div>}
        </>
      )}
    </div>
  );
}
