/**
 * The Port-forwards tab: the forwards main holds, with their state and
 * counters, and a form for a new one. The sockets live in main; this panel
 * only subscribes to snapshots and calls the contract.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { portforwardContract } from '../../../../../shared/contracts/portforward';
import type { ForwardState } from '../../../../../shared/models/portforward';
import type { AppError } from '../../../../../shared/result';
import { ErrorBlock } from '../../../components/ErrorBlock';
import { useFormatters } from '../../../components/format';
import { useContractClient } from '../../../store/context';
import { defaultNamespace, type SessionContext } from '../session-contexts';
import { formatBytes } from './format';
import { FORWARDS_NAMESPACE, registerForwardsTranslations } from './i18n';

interface Props {
  contexts: SessionContext[];
}


export function ForwardsPanel({ contexts }: Props) {
  const { t, i18n } = useTranslation(FORWARDS_NAMESPACE);
  if (!i18n.hasResourceBundle('en', FORWARDS_NAMESPACE)) {
    registerForwardsTranslations(i18n);
  }
  const client = useContractClient(portforwardContract);
  const [forwards, setForwards] = useState<ForwardState[]>([]);
  const [error, setError] = useState<AppError | undefined>(undefined);

  useEffect(
    () =>
      client.onDidChange({}, (event) => {
        if (event.type === 'value') setForwards(event.value);
        else setError(event.error);
      }),
    [client],
  );

  const act = async (run: () => Promise<{ ok: boolean; error?: AppError }>): Promise<void> => {
    const result = await run();
    setError(result.ok ? undefined : result.error);
  };

  return (
    <section className="forwards-panel" aria-label={t('title')}>
      {contexts.length === 0 ? <p className="empty-state">{t('noCluster')}</p> : <NewForwardForm contexts={contexts} onError={setError} />}
      {error && <ErrorBlock error={error} />}
      {forwards.length === 0 ? (
        <p className="empty-state">{t('empty')}</p>
      ) : (
        <div>
          <h3>{t('listTitle')}</h3>
          <ForwardsTable
            forwards={forwards}
            onStop={(id) => act(() => client.stop({ id }))}
            onRestart={(id) => act(() => client.restart({ id }))}
            onKeep={(id, keep) => act(() => client.setKeep({ id, keep }))}
          />
        </div>
      )}
    </section>
  );
}

function NewForwardForm({ contexts, onError }: Props & { onError(error: AppError | undefined): void }) {
  const { t } = useTranslation(FORWARDS_NAMESPACE);
  const client = useContractClient(portforwardContract);
  const [contextId, setContextId] = useState(contexts[0]?.id ?? '');
  const [kind, setKind] = useState<'pod' | 'service'>('pod');
  const [namespace, setNamespace] = useState(() => defaultNamespace(contexts, contextId));
  const [name, setName] = useState('');
  const [port, setPort] = useState('');
  const [localPort, setLocalPort] = useState('0');
  const [keep, setKeep] = useState(false);
  const [busy, setBusy] = useState(false);

  const chooseContext = (id: string): void => {
    setContextId(id);
    setNamespace(defaultNamespace(contexts, id));
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    // Main validates and names the bad value; the form only turns digits into numbers.
    const remotePort = /^\d+$/.test(port.trim()) ? Number(port.trim()) : port.trim();
    const result = await client.start({ contextId: contextId || contexts[0]?.id || '', target: { kind, namespace: namespace.trim(), name: name.trim(), port: remotePort }, localPort: Number(localPort || '0'), keep });
    setBusy(false);
    onError(result.ok ? undefined : result.error);
    if (result.ok) {
      setName('');
    }
  };

  return (
    <form className="session-form" onSubmit={(event) => void submit(event)} aria-label={t('form.legend')}>
      <label className="field">
        {t('form.context')}
        <select value={contextId} onChange={(event) => chooseContext(event.target.value)}>
          {contexts.map((context) => (
            <option key={context.id} value={context.id}>
              {context.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        {t('form.kind')}
        <select value={kind} onChange={(event) => setKind(event.target.value as 'pod' | 'service')}>
          <option value="pod">{t('form.pod')}</option>
          <option value="service">{t('form.service')}</option>
        </select>
      </label>
      <label className="field">
        {t('form.namespace')}
        <input value={namespace} onChange={(event) => setNamespace(event.target.value)} required />
      </label>
      <label className="field">
        {t('form.name')}
        <input value={name} onChange={(event) => setName(event.target.value)} required />
      </label>
      <label className="field">
        {t('form.port')}
        <input value={port} onChange={(event) => setPort(event.target.value)} required size={8} />
      </label>
      <label className="field">
        {t('form.localPort')}
        <input type="number" min={0} max={65535} value={localPort} onChange={(event) => setLocalPort(event.target.value)} aria-describedby="forward-local-port-hint" size={6} />
        <span id="forward-local-port-hint" className="field-hint">
          {t('form.localPortHint')}
        </span>
      </label>
      <label className="check">
        <input type="checkbox" checked={keep} onChange={(event) => setKeep(event.target.checked)} />
        {t('form.keep')}
      </label>
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? t('form.starting') : t('form.start')}
      </button>
    </form>
  );
}

interface TableProps {
  forwards: ForwardState[];
  onStop(id: string): void;
  onRestart(id: string): void;
  onKeep(id: string, keep: boolean): void;
}

function ForwardsTable({ forwards, onStop, onRestart, onKeep }: TableProps) {
  const { t } = useTranslation(FORWARDS_NAMESPACE);
  const format = useFormatters();

  return (
    <table className="data-table forwards-table">
      <thead>
        <tr>
          {(['target', 'state', 'local', 'connections', 'traffic', 'keep', 'actions'] as const).map((column) => (
            <th key={column}>{t(`columns.${column}`)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {forwards.map((forward) => {
          const target = `${forward.target.kind}/${forward.target.namespace}/${forward.target.name}:${forward.target.port}`;
          return (
            <tr key={forward.id} data-phase={forward.phase}>
              <td>{target}</td>
              <td>
                <span className="forward-phase" data-phase={forward.phase}>
                  {t(`phase.${forward.phase}`)}
                </span>
                {forward.reason && <div className="field-hint">{forward.reason}</div>}
                {forward.pod && <div className="field-hint">{t('pod', { name: forward.pod.name, uid: forward.pod.uid.slice(0, 8), port: forward.pod.port })}</div>}
                {forward.lastConnectionError && <div className="field-hint">{t('lastError', { message: forward.lastConnectionError })}</div>}
              </td>
              <td>
                <a href={forward.url} target="_blank" rel="noopener noreferrer">
                  {forward.localAddress}:{forward.localPort}
                </a>
              </td>
              <td>
                {format.number(forward.connections)} / {format.number(forward.totalConnections)} / {format.number(forward.failedConnections)}
              </td>
              <td>
                {formatBytes(forward.bytesSent, format.number)} / {formatBytes(forward.bytesReceived, format.number)}
              </td>
              <td>
                <input type="checkbox" checked={forward.keep} aria-label={t('keepLabel', { target })} onChange={(event) => onKeep(forward.id, event.target.checked)} />
              </td>
              <td>
                {forward.phase === 'failed' && (
                  <button type="button" className="button" onClick={() => onRestart(forward.id)}>
                    {t('restart')}
                  </button>
                )}
                <button type="button" className="button" onClick={() => onStop(forward.id)}>
                  {t('stop')}
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
