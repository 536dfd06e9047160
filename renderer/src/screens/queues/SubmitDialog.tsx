/**
 * Submitting a fine-tuning job from a template: the values are checked here
 * as they are typed (the same check main runs), then previewed as YAML,
 * checked with a server-side dry run, and submitted.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobPreview, JobTemplateInput, QueuesSnapshot, SubmitResult } from '../../../../shared/models/queues';
import { checkJobTemplateInput, splitCommandLine } from '../../../../shared/queues/job-template';
import type { AppError } from '../../../../shared/result';
import { Dialog } from '../../components/Dialog';
import { ErrorBlock } from '../../components/ErrorBlock';
import { useQueues } from './queues-store';

interface FormValues {
  template: JobTemplateInput['template'];
  namespace: string;
  name: string;
  queue: string;
  image: string;
  command: string;
  gpus: string;
  gpuResource: string;
  workers: string;
}

function initialValues(snapshot: QueuesSnapshot): FormValues {
  const firstQueue = snapshot.localQueues[0];
  return {
    template: snapshot.capabilities.kubeflowTraining ? 'pytorchjob' : 'batch-job',
    namespace: firstQueue?.namespace ?? snapshot.namespace ?? 'default',
    name: 'finetune-1',
    queue: firstQueue?.name ?? '',
    image: 'nvcr.io/nvidia/pytorch:24.07-py3',
    command: 'torchrun --nproc-per-node=1 finetune.py',
    gpus: '1',
    gpuResource: 'nvidia.com/gpu',
    workers: '1',
  };
}

function toInput(values: FormValues): JobTemplateInput {
  const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
  return {
    template: values.template,
    namespace: values.namespace.trim(),
    name: values.name.trim(),
    queue: values.queue,
    image: values.image.trim(),
    command: splitCommandLine(values.command),
    gpus: number(values.gpus),
    gpuResource: values.gpuResource.trim(),
    workers: values.template === 'pytorchjob' ? number(values.workers) : 0,
  };
}

export function SubmitDialog({ snapshot }: { snapshot: QueuesSnapshot }) {
  const { t } = useTranslation();
  const close = useQueues((state) => state.closeDialog);
  const client = useQueues((state) => state.client);
  const [values, setValues] = useState<FormValues>(() => initialValues(snapshot));
  const [preview, setPreview] = useState<JobPreview | undefined>();
  const [result, setResult] = useState<SubmitResult | undefined>();
  const [error, setError] = useState<AppError | undefined>();
  const [busy, setBusy] = useState(false);

  const input = toInput(values);
  const kueue = snapshot.capabilities.kueueVersion !== undefined;
  const queuesHere = snapshot.localQueues.filter((queue) => queue.namespace === input.namespace).map((queue) => queue.name);
  const lqReadable = !snapshot.forbidden.some((entry) => entry.resource.startsWith('localqueues'));
  const errors = checkJobTemplateInput(input, { kueue, ...(lqReadable ? { localQueues: queuesHere } : {}) });
  const errorOf = (field: keyof JobTemplateInput) => errors.find((entry) => entry.field === field);
  const namespaces = useMemo(() => [...new Set([...(snapshot.namespace ? [snapshot.namespace] : []), ...snapshot.localQueues.map((queue) => queue.namespace), ...snapshot.jobs.map((job) => job.namespace)])].sort(), [snapshot]);

  const change = (field: keyof FormValues) => (event: { target: { value: string } }) => {
    setValues((current) => ({ ...current, [field]: event.target.value }));
    setPreview(undefined);
    setResult(undefined);
    setError(undefined);
  };

  const call = async <T,>(request: () => Promise<{ ok: true; value: T } | { ok: false; error: AppError }>, onValue: (value: T) => void) => {
    setBusy(true);
    setError(undefined);
    const response = await request();
    setBusy(false);
    if (response.ok) {
      onValue(response.value);
    } else {
      setError(response.error);
    }
  };

  const contextId = snapshot.contextId;
  const field = (name: keyof FormValues & keyof JobTemplateInput, label: string, control: React.ReactNode) => {
    const problem = errorOf(name);
    return (
      <label className="field">
        <span>{label}</span>
        {control}
        {problem && (
          <span className="field-error" role="alert" data-field-error={name}>
            {t(`queues.templateErrors.${problem.code}`, { value: problem.value })}
          </span>
        )}
      </label>
    );
  };

  return (
    <Dialog open onClose={close} labelKey="queues.submit.title" className="queues-dialog queues-submit">
      <form className="dialog-body" onSubmit={(event) => event.preventDefault()} noValidate>
        <label className="field">
          <span>{t('queues.submit.template')}</span>
          <select value={values.template} onChange={change('template')} name="template">
            <option value="pytorchjob" disabled={!snapshot.capabilities.kubeflowTraining}>
              {t('queues.submit.templates.pytorchjob')}
            </option>
            <option value="batch-job">{t('queues.submit.templates.batch-job')}</option>
          </select>
          {!snapshot.capabilities.kubeflowTraining && <span className="muted">{t('queues.submit.noKubeflow')}</span>}
        </label>
        <div className="form-grid">
          {field('namespace', t('queues.submit.namespace'), (
            <>
              <input name="namespace" list="queues-namespaces" value={values.namespace} onChange={change('namespace')} aria-invalid={Boolean(errorOf('namespace'))} />
              <datalist id="queues-namespaces">
                {namespaces.map((namespace) => (
                  <option key={namespace} value={namespace} />
                ))}
              </datalist>
            </>
          ))}
          {field('name', t('queues.submit.name'), <input name="name" value={values.name} onChange={change('name')} aria-invalid={Boolean(errorOf('name'))} />)}
          {field('queue', t('queues.submit.queue'), (
            <select name="queue" value={values.queue} onChange={change('queue')} aria-invalid={Boolean(errorOf('queue'))}>
              <option value="">{t('queues.submit.noQueue')}</option>
              {[...new Set([...queuesHere, ...(values.queue ? [values.queue] : [])])].map((queue) => (
                <option key={queue} value={queue}>
                  {queue}
                </option>
              ))}
            </select>
          ))}
          {field('image', t('queues.submit.image'), <input name="image" value={values.image} onChange={change('image')} aria-invalid={Boolean(errorOf('image'))} />)}
          {field('command', t('queues.submit.command'), <input name="command" className="mono" value={values.command} onChange={change('command')} aria-invalid={Boolean(errorOf('command'))} />)}
          {field('gpus', t('queues.submit.gpus'), <input name="gpus" type="number" step={1} value={values.gpus} onChange={change('gpus')} aria-invalid={Boolean(errorOf('gpus'))} />)}
          {field('gpuResource', t('queues.submit.gpuResource'), <input name="gpuResource" value={values.gpuResource} onChange={change('gpuResource')} aria-invalid={Boolean(errorOf('gpuResource'))} />)}
          {values.template === 'pytorchjob' && field('workers', t('queues.submit.workers'), <input name="workers" type="number" step={1} value={values.workers} onChange={change('workers')} aria-invalid={Boolean(errorOf('workers'))} />)}
        </div>

        {error && <ErrorBlock error={error} />}
        {preview && (
          <div data-testid="submit-preview">
            <pre className="yaml-preview">{preview.yaml}</pre>
          </div>
        )}
        {result && (
          <p role="status" className="ok" data-testid="submit-result">
            {result.dryRun ? t('queues.submit.dryRunOk') : t('queues.submit.submitted', { kind: String(result.object['kind'] ?? ''), namespace: input.namespace, name: input.name })}
          </p>
        )}
        {(result ?? preview) && (
          <>
            <p className="muted">{t('queues.submit.kubectl')}</p>
            <pre data-testid="submit-kubectl">{(result ?? preview)!.kubectl}</pre>
          </>
        )}

        <div className="dialog-actions">
          <button type="button" className="button" onClick={close}>
            {t('queues.actions.close')}
          </button>
          <button type="button" className="button" disabled={busy || errors.length > 0} onClick={() => void call(() => client.preview({ contextId, input }), setPreview)}>
            {t('queues.submit.preview')}
          </button>
          <button type="button" className="button" disabled={busy || errors.length > 0} onClick={() => void call(() => client.submit({ contextId, input, dryRun: true }), setResult)}>
            {t('queues.submit.dryRun')}
          </button>
          <button type="button" className="button button-primary" disabled={busy || errors.length > 0} onClick={() => void call(() => client.submit({ contextId, input, dryRun: false }), setResult)}>
            {t('queues.submit.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
