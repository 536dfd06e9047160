/** Scale and restart, each confirmed in a dialog that shows the equivalent kubectl command. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EndpointDetail } from '../../../../shared/models/endpoints';
import { Dialog } from '../../components/Dialog';
import { ErrorBlock } from '../../components/ErrorBlock';
import { KubectlCommand } from './parts';
import { useEndpoints, useEndpointsStore } from './use-endpoints';

function scaleCommand(detail: EndpointDetail, replicas: number): string {
  if (detail.kind === 'InferenceService') {
    return `kubectl -n ${detail.namespace} patch inferenceservice/${detail.name} --type=merge -p '{"spec":{"predictor":{"minReplicas":${replicas}}}}'`;
  }
  return `kubectl -n ${detail.namespace} scale ${detail.kind.toLowerCase()}/${detail.name} --replicas=${replicas}`;
}

function restartCommand(detail: EndpointDetail): string {
  if (detail.kind === 'InferenceService') {
    return `kubectl -n ${detail.namespace} patch inferenceservice/${detail.name} --type=merge -p '{"spec":{"predictor":{"annotations":{"kubectl.kubernetes.io/restartedAt":"<now>"}}}}'`;
  }
  return `kubectl -n ${detail.namespace} rollout restart ${detail.kind.toLowerCase()}/${detail.name}`;
}

export function ActionDialogs({ detail }: { detail: EndpointDetail }) {
  const dialog = useEndpoints((state) => state.dialog);
  return (
    <>
      {dialog?.kind === 'scale' && <ScaleDialog detail={detail} />}
      {dialog?.kind === 'restart' && <RestartDialog detail={detail} />}
    </>
  );
}

function ScaleDialog({ detail }: { detail: EndpointDetail }) {
  const { t } = useTranslation();
  const store = useEndpointsStore();
  const busy = useEndpoints((state) => state.busy);
  const error = useEndpoints((state) => state.actionError);
  const [replicas, setReplicas] = useState(detail.desired);
  const autoscaler = detail.autoscalers.find((candidate) => candidate.kind !== 'KServe');
  const close = () => store.getState().openDialog(undefined);

  return (
    <Dialog open onClose={close} labelKey="endpoints.scale.title" labelValues={{ name: detail.name }}>
      <form
        className="dialog-body"
        onSubmit={(event) => {
          event.preventDefault();
          void store.getState().scale(replicas);
        }}
      >
        <label className="field">
          <span>{t('endpoints.scale.replicas')}</span>
          <input type="number" min={0} max={1000} value={replicas} onChange={(event) => setReplicas(Math.max(0, Math.floor(Number(event.target.value) || 0)))} autoFocus />
        </label>
        {autoscaler && <p className="notice notice-warning">{t('endpoints.scale.autoscaled', { autoscaler: `${autoscaler.kind}/${autoscaler.name}` })}</p>}
        {detail.kind === 'InferenceService' && <p className="muted">{t('endpoints.scale.kserve')}</p>}
        <KubectlCommand command={scaleCommand(detail, replicas)} />
        {error && <ErrorBlock error={error} compact />}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={close}>
            {t('endpoints.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('endpoints.scale.confirm')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function RestartDialog({ detail }: { detail: EndpointDetail }) {
  const { t } = useTranslation();
  const store = useEndpointsStore();
  const busy = useEndpoints((state) => state.busy);
  const error = useEndpoints((state) => state.actionError);
  const close = () => store.getState().openDialog(undefined);

  return (
    <Dialog open onClose={close} labelKey="endpoints.restart.title" labelValues={{ name: detail.name }}>
      <div className="dialog-body">
        <p>{t('endpoints.restart.body')}</p>
        <KubectlCommand command={restartCommand(detail)} />
        {error && <ErrorBlock error={error} compact />}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={close}>
            {t('endpoints.cancel')}
          </button>
          <button type="button" className="button button-danger" disabled={busy} onClick={() => void store.getState().restart()}>
            {t('endpoints.restart.confirm')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
