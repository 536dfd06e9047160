/** The window: header, the current screen, dialogs and the palette, plus the streams every screen needs. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CommandPalette } from '../commands/CommandPalette';
import { useGlobalShortcuts } from '../commands/use-commands';
import { ClustersScreen } from '../screens/clusters/ClustersScreen';
import { ContextDialogs } from '../screens/clusters/ContextDialogs';
import { EndpointsScreen } from '../screens/endpoints/EndpointsScreen';
import { OverviewScreen } from '../screens/overview/OverviewScreen';
import { QueuesScreen } from '../screens/queues/QueuesScreen';
import { SessionsScreen } from '../screens/sessions/SessionsScreen';
import { TenantsScreen } from '../screens/tenants/TenantsScreen';
import { useAppEnvironment, useAppState } from '../store/context';
import { Header } from './Header';
import { TransportBanner } from './TransportBanner';

export function App() {
  const { t } = useTranslation();
  const { store } = useAppEnvironment();
  const screen = useAppState((state) => state.screen);
  const epoch = useAppState((state) => state.transportEpoch);
  const [sessionsOpened, setSessionsOpened] = useState(false);

  useGlobalShortcuts();

  useEffect(() => {
    if (screen === 'sessions') setSessionsOpened(true);
  }, [screen]);

  useEffect(() => {
    const stopKubeconfig = store.getState().watchKubeconfig();
    const stopStatuses = store.getState().watchStatuses();
    return () => {
      stopKubeconfig();
      stopStatuses();
    };
  }, [store, epoch]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('shell.skipToContent')}
      </a>
      <Header />
      <TransportBanner />
      <main id="main" tabIndex={-1} className="screen">
        {screen === 'clusters' ? <ClustersScreen /> : screen === 'tenants' ? <TenantsScreen /> : screen === 'queues' ? <QueuesScreen /> : screen === 'endpoints' ? <EndpointsScreen /> : screen === 'overview' ? <OverviewScreen /> : null}
        {/* Sessions stays mounted once opened, so terminals and their connections survive a visit to another screen. */}
        {sessionsOpened && (
          <div hidden={screen !== 'sessions'}>
            <SessionsScreen />
          </div>
        )}
      </main>
      <ContextDialogs />
      <CommandPalette />
    </div>
  );
}
