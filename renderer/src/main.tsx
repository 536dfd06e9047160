/** Renderer entry: language, transport, store, theme, then the React tree. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { createI18n } from './i18n';
import { App } from './shell/App';
import { NoTokenScreen } from './shell/NoTokenScreen';
import { createAppStore } from './store/app-store';
import { AppEnvironmentContext } from './store/context';
import { createServices } from './store/services';
import './styles.css';
import { bindTheme } from './theme';
import { connectTransport } from './transport/connect';

/** localStorage that degrades to memory when the browser refuses storage. */
function safeStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const memory = new Map<string, string>();
  return {
    getItem: (key) => {
      try {
        return localStorage.getItem(key);
      } catch {
        return memory.get(key) ?? null;
      }
    },
    setItem: (key, value) => {
      memory.set(key, value);
      try {
        localStorage.setItem(key, value);
      } catch (error) {
        console.warn('d.run: could not persist a setting', key, error);
      }
    },
  };
}

function start(): void {
  const i18n = createI18n();
  const rootElement = document.getElementById('root');
  if (!rootElement) {
    throw new Error('index.html lacks the #root element');
  }
  const root = createRoot(rootElement);
  const transport = connectTransport();

  if (!transport) {
    document.documentElement.dataset['theme'] = window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
    root.render(
      <I18nextProvider i18n={i18n}>
        <NoTokenScreen />
      </I18nextProvider>,
    );
    return;
  }

  const services = createServices(transport);
  const store = createAppStore(services, safeStorage());
  store.getState().setTransportState(transport.state());
  transport.onStateChange((state) => store.getState().setTransportState(state));
  bindTheme(store);

  root.render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <AppEnvironmentContext.Provider value={{ store, services }}>
          <App />
        </AppEnvironmentContext.Provider>
      </I18nextProvider>
    </StrictMode>,
  );
}

start();
