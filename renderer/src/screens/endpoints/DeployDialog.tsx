/** Deploy a model server or app from a template: fill the fields, preview the YAML with a server-side dry run, then apply. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TEMPLATE_DEFAULTS, TEMPLATE_IDS, deployInputProblems } from '../../../../shared/endpoints/templates';
import type { DeployInput, TemplateId } from '../../../../shared/models/endpoints';
import { Dialog } from '../../components/Dialog';
import { ErrorBlock } from '../../components/ErrorBlock';
import { KubectlCommand } from './parts';
import { useEndpoints, useEndpointsStore } from './use-endpoints';

function initialInput(template: TemplateId, namespace: string): DeployInput {
  return { template, namespace, name: template === 'vllm' ? 'my-model' : 'my-app', gpuResource: 'nvidia.com/gpu', ...TEMPLATE_DEFAULTS[template] };
}

export function DeployDialog({ defaultNamespace }: { defaultNamespace: string }) {
  const { t } = useTranslation();
  const store = useEndpointsStore();
  const busy = useEndpoints((state) => state.busy);
  const error = useEndpoints((state) => state.actionError);
  const preview = useEndpoints((state) => state.preview);
  const result = useEndpoints((state) => state.deployResult);
  const [input, setInput] = useState(() => initialInput('vllm', defaultNamespace));
  const problems = deployInputProblems(input);
  const close = () => store.getState().openDialog(undefined);
  const edit = (patch: Partial<DeployInput>) => {
    setInput((current) => ({ ...current, ...patch }));
    // A changed field makes the last dry run stale.
    store.setState({ preview: undefined, deployResult: undefined });
  };
  const text = (field: 'namespace' | 'name' | 'image' | 'model' | 'gpuResource') => (
    <label className="field">
      <span>{t(`endpoints.deployDialog.${field}`)}</span>
      <input value={input[field]} onChange={(event) => edit({ [field]: event.target.value })} spellCheck={false} />
    </label>
  );
  const number = (field: 'gpus' | 'replicas') => (
    <label className="field">
      <span>{t(`endpoints.deployDialog.${field}`)}</span>
      <input type="number" min={0} value={input[field]} onChange={(event) => edit({ [field]: Math.max(0, Math.floor(Number(event.target.value) || 0)) })} />
    </label>
  );

  return (
    <Dialog open onClose={close} labelKey="endpoints.deployDialog.title" className="ep-deploy-dialog">
      <div className="dialog-body">
        <label className="field">
          <span>{t('endpoints.deployDialog.template')}</span>
          <select value={input.template} onChange={(event) => setInput(initialInput(event.target.value as TemplateId, input.namespace))}>
            {TEMPLATE_IDS.map((id) => (
              <option key={id} value={id}>
                {t(`endpoints.deployDialog.templates.${id}`)}
              </option>
            ))}
          </select>
        </label>
        <div className="ep-grid">
          {text('namespace')}
          {text('name')}
          {text('image')}
          {text('model')}
          {number('gpus')}
          {text('gpuResource')}
          {number('replicas')}
        </div>
        {problems.map((problem) => (
          <p key={problem} className="field-error">
            {problem}
          </p>
        ))}
        {preview && (
          <>
            <h3>{t('endpoints.deployDialog.yaml')}</h3>
            <ul className="ep-list">
              {preview.outcomes.map((outcome) => (
                <li key={`${outcome.kind}/${outcome.name}`}>
                  {outcome.kind}/{outcome.name}: <span className={outcome.outcome === 'failed' ? 'badge badge-warn' : 'badge badge-capability'}>{t(`endpoints.deployDialog.outcome.${outcome.outcome}`)}</span>{' '}
                  {outcome.message && <span className="muted">{outcome.message}</span>}
                </li>
              ))}
            </ul>
            <pre className="mono ep-yaml">{preview.yaml}</pre>
            <KubectlCommand command={preview.kubectl.replace(' --dry-run=server', '')} />
          </>
        )}
        {result && (
          <div role="status">
            <p>{t('endpoints.deployDialog.done')}</p>
            <ul className="ep-list">
              {result.outcomes.map((outcome) => (
                <li key={`${outcome.kind}/${outcome.name}`}>
                  {outcome.kind}/{outcome.name}: {t(`endpoints.deployDialog.applied.${outcome.outcome}`)} {outcome.message ?? ''}
                </li>
              ))}
            </ul>
          </div>
        )}
        {error && <ErrorBlock error={error} compact />}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={close}>
            {t('endpoints.cancel')}
          </button>
          <button type="button" className="button" disabled={busy || problems.length > 0} onClick={() => void store.getState().previewDeploy(input)}>
            {t('endpoints.deployDialog.preview')}
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={busy || !preview || preview.outcomes.some((outcome) => outcome.outcome === 'failed') || Boolean(result)}
            onClick={() => void store.getState().deploy(input)}
          >
            {t('endpoints.deployDialog.deploy')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
