/** The job details with "why pending", and the confirmation of suspend, resume and delete. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobAction, JobRow } from '../../../../shared/models/queues';
import { planJobAction } from '../../../../shared/queues/actions';
import type { AppError } from '../../../../shared/result';
import { Dialog } from '../../components/Dialog';
import { ErrorBlock } from '../../components/ErrorBlock';
import { JobLogs } from './JobLogs';
import { useQueues } from './queues-store';
import { reasonText } from './reason-text';

export function DetailDialog({ job }: { job: JobRow }) {
  const { t } = useTranslation();
  const close = useQueues((state) => state.closeDialog);
  const explanation = useQueues((state) => state.explanation);
  const error = useQueues((state) => state.explanationError);
  const contextId = useQueues((state) => state.contextId);
  const labels = { kind: job.kind, namespace: job.namespace, name: job.name };

  return (
    <Dialog open onClose={close} labelKey="queues.detail.title" labelValues={labels} className="queues-dialog">
      <div className="dialog-body" data-testid="queues-detail">
        {error && <ErrorBlock error={error} />}
        {!explanation && !error && <p role="status">{t('queues.detail.loading')}</p>}
        {explanation && (
          <>
            {explanation.pending ? (
              <section aria-labelledby="why-title">
                <h3 id="why-title">{t('queues.detail.reasonsTitle')}</h3>
                {explanation.reasons.length === 0 ? (
                  <p className="muted">{t('queues.detail.noReasons')}</p>
                ) : (
                  <ul className="reasons" data-testid="pending-reasons">
                    {explanation.reasons.map((reason, index) => (
                      <li key={index} data-reason={reason.code}>
                        {reasonText(t, reason)}
                        {reason.code === 'behindOthers' && <span className="muted"> {t(`queues.positions.${String(reason.params['source'])}`)}</span>}
                        {reason.detail && <pre className="reason-detail">{reason.detail}</pre>}
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            ) : (
              <p>{t('queues.detail.notPending', { state: t(`queues.jobState.${explanation.state}`) })}</p>
            )}
            {job.conditions.length > 0 && (
              <section aria-labelledby="conditions-title">
                <h3 id="conditions-title">{t('queues.detail.conditions')}</h3>
                <ul className="plain-list mono">
                  {job.conditions.map((condition) => (
                    <li key={condition.type}>
                      {condition.type}={condition.status} {condition.reason ?? ''} {condition.lastTransitionTime ?? ''}
                    </li>
                  ))}
                </ul>
              </section>
            )}
            <section aria-labelledby="events-title">
              <h3 id="events-title">{t('queues.detail.events')}</h3>
              {explanation.events.length === 0 ? (
                <p className="muted">{t('queues.detail.noEvents')}</p>
              ) : (
                <ul className="plain-list events">
                  {explanation.events.map((event, index) => (
                    <li key={index} className={event.type === 'Warning' ? 'bad' : undefined}>
                      <strong>{event.reason}</strong> <span className="muted">{event.object}{event.count > 1 ? ` ×${event.count}` : ''}</span> {event.message}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </>
        )}
        {job.pods.length > 0 && contextId && <JobLogs contextId={contextId} job={job} />}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={close}>
            {t('queues.actions.close')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}

export function ActionDialog({ job, action }: { job: JobRow; action: JobAction }) {
  const { t } = useTranslation();
  const close = useQueues((state) => state.closeDialog);
  const client = useQueues((state) => state.client);
  const contextId = useQueues((state) => state.contextId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | undefined>();
  const [done, setDone] = useState(false);
  const plan = planJobAction({ kind: job.kind, namespace: job.namespace, name: job.name, ...(job.workload ? { workload: job.workload } : {}) }, action);
  const labels = { kind: job.kind, namespace: job.namespace, name: job.name };

  const run = async () => {
    if (!contextId) {
      return;
    }
    setBusy(true);
    const result = await client.act({ contextId, kind: job.kind, namespace: job.namespace, name: job.name, action });
    setBusy(false);
    if (result.ok) {
      setDone(true);
      close();
    } else {
      setError(result.error);
    }
  };

  return (
    <Dialog open onClose={close} labelKey={`queues.confirm.${action}`} labelValues={labels} className="queues-dialog">
      <div className="dialog-body">
        {plan.destructive && <p className="bad">{t('queues.confirm.deleteWarning')}</p>}
        <p className="muted">{t('queues.confirm.kubectl')}</p>
        <pre data-testid="action-kubectl">{plan.kubectl}</pre>
        {error && <ErrorBlock error={error} />}
        {done && <p role="status">{t('queues.confirm.done')}</p>}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={close}>
            {t('queues.actions.cancel')}
          </button>
          <button type="button" className={plan.destructive ? 'button button-danger' : 'button button-primary'} disabled={busy} onClick={() => void run()}>
            {t(`queues.actions.${action}`)}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
