/**
 * The pieces every cluster-scoped screen shares: the list of connected
 * contexts, a picker among them, and the block shown when none is connected.
 */
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useAppState } from '../store/context';

export interface ConnectedContext {
  id: string;
  name: string;
}

/** Connected contexts in status order; stable between renders while nothing changes. */
export function useConnectedContexts(): ConnectedContext[] {
  // Strings keep useShallow's comparison cheap; objects would be new on every render.
  const entries = useAppState(
    useShallow((state) =>
      Object.values(state.statuses)
        .filter((status) => status.state === 'connected')
        .map((status) => `${status.contextId}\u0000${status.contextName}`),
    ),
  );
  return entries.map((entry) => {
    const [id = '', name = ''] = entry.split('\u0000');
    return { id, name };
  });
}

/** The context a screen shows: its own choice while connected, else the Overview's, else the first. */
export function pickContext(contexts: readonly ConnectedContext[], chosen: string | undefined, preferred: string | undefined): string | undefined {
  const ids = contexts.map((context) => context.id);
  if (chosen && ids.includes(chosen)) return chosen;
  if (preferred && ids.includes(preferred)) return preferred;
  return ids[0];
}

interface PickerProps {
  contexts: readonly ConnectedContext[];
  value: string | undefined;
  onChange: (contextId: string) => void;
  /** Translated label, e.g. "Cluster". */
  label: string;
}

/** A select among the connected contexts; renders nothing when none is connected. */
export function ContextPicker({ contexts, value, onChange, label }: PickerProps) {
  if (contexts.length === 0) {
    return null;
  }
  return (
    <label className="picker">
      <span>{label}</span>
      <select value={value ?? ''} onChange={(event) => onChange(event.target.value)}>
        {contexts.map((context) => (
          <option key={context.id} value={context.id}>
            {context.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Says that no cluster is connected and offers the way to the Clusters screen. */
export function NotConnected({ message, action }: { message: string; action: string }) {
  const showScreen = useAppState((state) => state.showScreen);
  return (
    <div className="empty-state">
      <p>{message}</p>
      <button type="button" className="button button-primary" onClick={() => showScreen('clusters')}>
        {action}
      </button>
    </div>
  );
}

export function useNotConnectedText(screen: 'overview' | 'queues' | 'endpoints' | 'tenants'): { message: string; action: string } {
  const { t } = useTranslation();
  return { message: t(`${screen}.notConnected`), action: t(`${screen}.goToClusters`) };
}
