/** Tenants of one connected cluster: quotas, queues, members and Pod Security, with access checks and the reviewed create/edit step. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { ContextPicker, NotConnected, pickContext, useConnectedContexts, useNotConnectedText } from '../../components/ConnectedContexts';
import { ErrorBlock } from '../../components/ErrorBlock';
import { useFormatters } from '../../components/format';
import { useAppState } from '../../store/context';
import { AccessDialog } from './AccessDialog';
import { NoteText } from './NoteText';
import { TenantCard } from './TenantCard';
import { TenantEditor } from './TenantEditor';
import { emptyPlan } from './tenants-store';
import { useTenants, useTenantsStore } from './use-tenants';
import './tenants.css';

export function TenantsScreen() {
  const { t } = useTranslation();
  const store = useTenantsStore();
  const contextId = useTenants((state) => state.contextId);
  const overviewContextId = useAppState((state) => state.overviewContextId);
  const connected = useConnectedContexts();
  const active = pickContext(connected, contextId, overviewContextId);
  const notConnected = useNotConnectedText('tenants');

  useEffect(() => {
    if (active && active !== contextId) store.getState().selectContext(active);
  }, [active, contextId, store]);

  return (
    <section aria-labelledby="tenants-title" className="tenants">
      <div className="overview-head">
        <h1 id="tenants-title">{t('tenants.title')}</h1>
        <ContextPicker contexts={connected} value={active} onChange={(id) => store.getState().selectContext(id)} label={t('tenants.cluster')} />
      </div>
      {active ? <TenantsBody contextId={active} /> : <NotConnected {...notConnected} />}
      <TenantEditor />
      <AccessDialog />
    </section>
  );
}

function TenantsBody({ contextId }: { contextId: string }) {
  const { t } = useTranslation();
  const store = useTenantsStore();
  const format = useFormatters();
  const epoch = useAppState((state) => state.transportEpoch);
  const view = useTenants((state) => (state.view?.contextId === contextId ? state.view : undefined));
  const viewError = useTenants((state) => state.viewError);
  const added = useTenants(useShallow((state) => state.added[contextId] ?? []));

  useEffect(() => store.getState().watch(contextId), [store, contextId, epoch, added]);

  return (
    <>
      {viewError && <ErrorBlock error={viewError} />}
      {!view && !viewError && <p role="status">{t('tenants.loading')}</p>}
      {view && (
        <>
          <div className="tenants-toolbar">
            <p className="muted" role="status">{view.synced ? t('tenants.updatedAt', { time: format.time(view.updatedAt) }) : t('tenants.syncing')}</p>
            <button type="button" className="button button-primary" onClick={() => store.getState().openCreate(emptyPlan())}>{t('tenants.newTenant')}</button>
            {view.adoptable.length > 0 && <AdoptPicker names={view.adoptable} />}
          </div>
          {view.scope === 'namespaces' && <NamespaceScope contextNamespace={view.contextNamespace} added={added} />}
          {view.notes.filter((note) => note.effect === 'hidden').length > 0 && (
            <div className="notice notice-warning" data-testid="hidden-notes">
              <strong>{t('tenants.hiddenTitle')}</strong>
              <ul className="note-list">
                {view.notes.filter((note) => note.effect === 'hidden').map((note) => <li key={`${note.verb}:${note.resource}`}><NoteText note={note} /></li>)}
              </ul>
            </div>
          )}
          {view.errors.map((error, index) => <ErrorBlock key={index} error={error} compact />)}
          {view.tenants.length === 0 && <div className="empty-state"><p>{t('tenants.noTenants')}</p></div>}
          {view.tenants.map((tenant) => <TenantCard key={`${tenant.labelled}:${tenant.name}`} tenant={tenant} kueue={view.kueue} />)}
        </>
      )}
    </>
  );
}

function AdoptPicker({ names }: { names: string[] }) {
  const { t } = useTranslation();
  const store = useTenantsStore();
  return (
    <label className="picker">
      <span>{t('tenants.adopt')}</span>
      <select value="" onChange={(event) => event.target.value && void store.getState().openEdit(event.target.value)}>
        <option value="">{t('tenants.adoptPick')}</option>
        {names.map((name) => <option key={name} value={name}>{name}</option>)}
      </select>
    </label>
  );
}

function NamespaceScope({ contextNamespace, added }: { contextNamespace: string; added: string[] }) {
  const { t } = useTranslation();
  const store = useTenantsStore();
  const [name, setName] = useState('');
  return (
    <div className="notice notice-warning" role="note" data-testid="namespace-scope">
      <p>{t('tenants.scopeNamespaces', { namespace: contextNamespace })}</p>
      <form className="import-row" onSubmit={(event) => {
        event.preventDefault();
        store.getState().addNamespace(name.trim());
        setName('');
      }}>
        <label className="field-inline">
          <span>{t('tenants.addNamespace')}</span>
          <input value={name} onChange={(event) => setName(event.target.value)} spellCheck={false} />
        </label>
        <button type="submit" className="button" disabled={name.trim().length === 0}>{t('tenants.addNamespaceButton')}</button>
        {added.map((namespace) => (
          <button key={namespace} type="button" className="badge" aria-label={t('tenants.removeNamespace', { namespace })} onClick={() => store.getState().removeNamespace(namespace)}>
            {namespace} ×
          </button>
        ))}
      </form>
    </div>
  );
}
