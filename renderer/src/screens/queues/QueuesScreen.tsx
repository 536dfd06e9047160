/** Queues: Kueue's queues with quota, workloads with positions, jobs of every kind, and why they wait. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueuesSnapshot } from '../../../../shared/models/queues';
import { ContextPicker, NotConnected, pickContext, useConnectedContexts, useNotConnectedText } from '../../components/ConnectedContexts';
import { ErrorBlock } from '../../components/ErrorBlock';
import { useFormatters } from '../../components/format';
import { useAppState } from '../../store/context';
import { ActionDialog, DetailDialog } from './JobDialogs';
import { JobTable } from './JobTable';
import { ClusterQueueTable, LocalQueueTable, PendingPodTable, Section, WorkloadTable } from './QueueTables';
import { useQueues, useQueuesStore } from './queues-store';
import { SubmitDialog } from './SubmitDialog';
import './queues.css';

export function QueuesScreen() {
  const { t } = useTranslation();
  const connected = useConnectedContexts();
  const preferred = useAppState((state) => state.overviewContextId);
  const contextId = useQueues((state) => state.contextId);
  const selectContext = useQueues((state) => state.selectContext);
  const shown = pickContext(connected, contextId, preferred);
  const notConnected = useNotConnectedText('queues');

  useEffect(() => {
    if (shown && shown !== contextId) {
      selectContext(shown);
    }
  }, [shown, contextId, selectContext]);

  return (
    <section aria-labelledby="queues-title" className="queues">
      <div className="overview-head">
        <h1 id="queues-title">{t('queues.title')}</h1>
        <ContextPicker contexts={connected} value={shown} onChange={selectContext} label={t('queues.cluster')} />
      </div>
      {shown ? <QueuesBody contextId={shown} /> : <NotConnected {...notConnected} />}
    </section>
  );
}

function QueuesBody({ contextId }: { contextId: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const store = useQueuesStore();
  const epoch = useAppState((state) => state.transportEpoch);
  const snapshot = useQueues((state) => (state.snapshot?.contextId === contextId ? state.snapshot : undefined));
  const error = useQueues((state) => state.error);
  const dialog = useQueues((state) => state.dialog);
  const openDialog = useQueues((state) => state.openDialog);

  useEffect(() => store.getState().watch(contextId), [store, contextId, epoch]);

  return (
    <>
      {error && <ErrorBlock error={error} />}
      {!snapshot && !error && <p role="status">{t('queues.loading')}</p>}
      {snapshot && (
        <>
          <div className="queues-toolbar">
            <p className="muted" role="status">
              {snapshot.synced ? t('queues.updatedAt', { time: format.time(snapshot.updatedAt) }) : t('queues.syncing')}
            </p>
            <button type="button" className="button button-primary" onClick={() => openDialog({ kind: 'submit' })}>
              {t('queues.actions.submit')}
            </button>
          </div>
          <Notices snapshot={snapshot} />
          {snapshot.capabilities.kueueVersion && (
            <>
              <Section id="queues-cluster-queues" titleKey="queues.sections.clusterQueues" count={snapshot.clusterQueues.length}>
                <ClusterQueueTable rows={snapshot.clusterQueues} />
              </Section>
              <Section id="queues-local-queues" titleKey="queues.sections.localQueues" count={snapshot.localQueues.length}>
                <LocalQueueTable rows={snapshot.localQueues} />
              </Section>
              <p className="muted">{t(snapshot.capabilities.visibility ? 'queues.positions.visibility' : 'queues.positions.computed')}</p>
              <WorkloadTable rows={snapshot.workloads} />
            </>
          )}
          <JobTable rows={snapshot.jobs} />
          <PendingPodTable rows={snapshot.pendingPods} />
          {dialog?.kind === 'submit' && <SubmitDialog snapshot={snapshot} />}
        </>
      )}
      {dialog?.kind === 'detail' && <DetailDialog job={dialog.job} />}
      {dialog?.kind === 'action' && <ActionDialog job={dialog.job} action={dialog.action} />}
    </>
  );
}

function Notices({ snapshot }: { snapshot: QueuesSnapshot }) {
  const { t } = useTranslation();
  // API groups with a sentence of their own; any other missing list is named as it is.
  const known: Record<string, string> = { 'kueue.x-k8s.io': 'kueue', 'kubeflow.org': 'kubeflowTraining', 'trainer.kubeflow.org': 'kubeflowTrainer' };
  return (
    <>
      {snapshot.namespace && <p className="notice notice-info">{t('queues.namespaceScope', { namespace: snapshot.namespace })}</p>}
      {snapshot.missing.length > 0 && (
        <div className="notice notice-warning" data-testid="queues-missing">
          <h2>{t('queues.missingTitle')}</h2>
          <ul>
            {snapshot.missing.map((api) => (
              <li key={api}>{known[api] ? t(`queues.missing.${known[api]}`) : t('queues.missing.other', { resource: api })}</li>
            ))}
          </ul>
        </div>
      )}
      {snapshot.forbidden.length > 0 && (
        <div role="alert" className="notice notice-warning" data-error-kind="Forbidden">
          <h2>{t('queues.forbiddenTitle')}</h2>
          <ul>
            {snapshot.forbidden.map((entry) => (
              <li key={`${entry.resource}/${entry.namespace ?? ''}`}>{t('queues.forbidden', { resource: entry.resource, scope: entry.namespace ? t('queues.inNamespace', { namespace: entry.namespace }) : '' })}</li>
            ))}
          </ul>
        </div>
      )}
      {snapshot.errors.map((error, index) => (
        <ErrorBlock key={index} error={error} compact />
      ))}
    </>
  );
}
