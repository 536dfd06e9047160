/**
 * The Notebooks tab: notebooks of a tenant namespace, a create form and the
 * progress of a launch. Main creates, waits, forwards and finds the token;
 * this panel shows the steps and opens the URL in a new tab.
 */
import type { TFunction } from 'i18next';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { notebooksContract } from '../../../../../shared/contracts/notebooks';
import { DEFAULT_IMAGES, type LaunchProgress, type NotebookFlavor, type NotebookInfo } from '../../../../../shared/models/notebooks';
import type { AppError } from '../../../../../shared/result';
import { ErrorBlock } from '../../../components/ErrorBlock';
import { useContractClient } from '../../../store/context';
import { defaultNamespace, type SessionContext } from '../session-contexts';
import { NOTEBOOKS_NAMESPACE, registerNotebooksTranslations } from './i18n';

interface Props {
  contexts: SessionContext[];
}

interface Launch {
  name: string;
  steps: LaunchProgress[];
}


export function NotebooksPanel({ contexts }: Props) {
  const { t, i18n } = useTranslation(NOTEBOOKS_NAMESPACE);
  if (!i18n.hasResourceBundle('en', NOTEBOOKS_NAMESPACE)) {
    registerNotebooksTranslations(i18n);
  }
  const client = useContractClient(notebooksContract);
  const [contextId, setContextId] = useState(contexts[0]?.id ?? '');
  // Undefined until the user types a namespace, because this panel mounts before any cluster connects and its context may arrive later.
  const [typedNamespace, setTypedNamespace] = useState<string | undefined>(undefined);
  const [notebooks, setNotebooks] = useState<NotebookInfo[] | undefined>(undefined);
  const [error, setError] = useState<AppError | undefined>(undefined);
  const [launch, setLaunch] = useState<Launch | undefined>(undefined);
  const [deleting, setDeleting] = useState<NotebookInfo | undefined>(undefined);
  const unsubscribe = useRef<(() => void) | undefined>(undefined);
  const activeContext = contextId || contexts[0]?.id || '';
  const namespace = typedNamespace ?? defaultNamespace(contexts, activeContext);

  const refresh = useCallback(async () => {
    const result = await client.list({ contextId: activeContext, namespace: namespace.trim() });
    setNotebooks(result.ok ? result.value : undefined);
    setError(result.ok ? undefined : result.error);
  }, [client, activeContext, namespace]);

  useEffect(() => () => unsubscribe.current?.(), []);

  const chooseContext = (id: string): void => {
    setContextId(id);
    setTypedNamespace(undefined);
  };

  const start = (input: { name: string; flavor: NotebookFlavor; image: string; gpus: number }): void => {
    unsubscribe.current?.();
    setLaunch({ name: input.name, steps: [] });
    unsubscribe.current = client.launch({ contextId: activeContext, namespace: namespace.trim(), ...input }, (event) => {
      const step: LaunchProgress = event.type === 'value' ? event.value : { phase: 'failed', error: event.error, message: event.error.message };
      setLaunch((current) => (current ? { ...current, steps: [...current.steps, step] } : current));
      if (step.phase === 'open' || step.phase === 'failed') {
        void refresh();
      }
    });
  };

  const stop = async (notebook: NotebookInfo): Promise<void> => {
    const result = await client.stop({ contextId: notebook.contextId, namespace: notebook.namespace, name: notebook.name });
    setError(result.ok ? undefined : result.error);
    await refresh();
  };

  if (contexts.length === 0) {
    return <p className="empty-state">{t('noCluster')}</p>;
  }

  return (
    <section className="notebooks-panel" aria-label={t('title')}>
      <form className="session-form" onSubmit={(event) => (event.preventDefault(), void refresh())}>
        <label className="field">
          {t('context')}
          <select value={activeContext} onChange={(event) => chooseContext(event.target.value)}>
            {contexts.map((context) => (
              <option key={context.id} value={context.id}>
                {context.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t('namespace')}
          <input value={namespace} onChange={(event) => setTypedNamespace(event.target.value)} required />
        </label>
        <button type="submit" className="button">
          {t('load')}
        </button>
      </form>
      <CreateForm onLaunch={start} />
      {error && <ErrorBlock error={error} />}
      {launch && <LaunchSteps launch={launch} />}
      {notebooks && <NotebookTable notebooks={notebooks} onOpen={(notebook) => start({ name: notebook.name, flavor: notebook.flavor, image: notebook.image, gpus: notebook.gpus })} onStop={(notebook) => void stop(notebook)} onDelete={setDeleting} />}
      {deleting && (
        <DeleteDialog
          notebook={deleting}
          onClose={() => setDeleting(undefined)}
          onDeleted={(result) => {
            setDeleting(undefined);
            setError(result);
            void refresh();
          }}
        />
      )}
    </section>
  );
}

function CreateForm({ onLaunch }: { onLaunch(input: { name: string; flavor: NotebookFlavor; image: string; gpus: number }): void }) {
  const { t } = useTranslation(NOTEBOOKS_NAMESPACE);
  const [name, setName] = useState('');
  const [flavor, setFlavor] = useState<NotebookFlavor>('jupyter');
  const [image, setImage] = useState('');
  const [gpus, setGpus] = useState('0');

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    // Main validates every field and names the value and the fix.
    onLaunch({ name: name.trim(), flavor, image: image.trim(), gpus: Number(gpus) });
  };

  return (
    <form className="session-form" onSubmit={submit} aria-label={t('form.legend')}>
      <label className="field">
        {t('form.name')}
        <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={52} />
      </label>
      <label className="field">
        {t('form.flavor')}
        <select value={flavor} onChange={(event) => setFlavor(event.target.value as NotebookFlavor)}>
          <option value="jupyter">{t('form.jupyter')}</option>
          <option value="code-server">{t('form.codeServer')}</option>
        </select>
      </label>
      <label className="field">
        {t('form.image')}
        <input value={image} onChange={(event) => setImage(event.target.value)} placeholder={t('form.imageHint', { image: DEFAULT_IMAGES[flavor] })} size={36} />
      </label>
      <label className="field">
        {t('form.gpus')}
        <input type="number" min={0} max={16} value={gpus} onChange={(event) => setGpus(event.target.value)} size={4} />
      </label>
      <button type="submit" className="button button-primary">
        {t('form.launch')}
      </button>
    </form>
  );
}

/**
 * Returns the latest step of each phase, in the order the phases began. A
 * phase such as creating reports twice, and the user needs its current state, not a log.
 */
function latestPerPhase(steps: LaunchProgress[]): LaunchProgress[] {
  const latest = new Map<LaunchProgress['phase'], LaunchProgress>();
  for (const step of steps) {
    // Deleting first moves a phase that comes back (starting after a restart) to the end.
    latest.delete(step.phase);
    latest.set(step.phase, step);
  }
  return [...latest.values()];
}

/** Formats the app's note in the user's language, then Kubernetes' own message as kubectl shows it. */
function stepDetail(step: LaunchProgress, t: TFunction): string {
  if (step.phase === 'failed') {
    return '';
  }
  const parts = [step.note ? t(`note.${step.note}`, step.noteParams ?? {}) : '', step.message ?? ''].filter(Boolean);
  return parts.length > 0 ? ` — ${parts.join(' ')}` : '';
}

/** Names the launch's state in its heading, so a finished launch no longer reads as starting. */
function titleKey(last: LaunchProgress | undefined): 'readyTitle' | 'failedTitle' | 'progressTitle' {
  if (last?.phase === 'open') {
    return 'readyTitle';
  }
  if (last?.phase === 'failed') {
    return 'failedTitle';
  }
  return 'progressTitle';
}

function LaunchSteps({ launch }: { launch: Launch }) {
  const { t } = useTranslation(NOTEBOOKS_NAMESPACE);
  const last = launch.steps.at(-1);

  return (
    <div className="notebook-launch" role="status" aria-live="polite">
      <strong>{t(titleKey(last), { name: launch.name })}</strong>
      <ol className="launch-steps">
        {latestPerPhase(launch.steps).map((step) => (
          <li key={step.phase} data-phase={step.phase}>
            {t(`phase.${step.phase}`)}
            {stepDetail(step, t)}
          </li>
        ))}
      </ol>
      {last?.phase === 'failed' && last.error && <ErrorBlock error={last.error} />}
      {last?.phase === 'open' && last.url && (
        <p>
          <a className="button button-primary" href={last.url} target="_blank" rel="noopener noreferrer" aria-label={t('openHere', { name: launch.name })}>
            {t('open')}
          </a>{' '}
          {last.tokenSource && <span className="field-hint">{t(`tokenSource.${last.tokenSource}`)}</span>}
        </p>
      )}
    </div>
  );
}

interface TableProps {
  notebooks: NotebookInfo[];
  onOpen(notebook: NotebookInfo): void;
  onStop(notebook: NotebookInfo): void;
  onDelete(notebook: NotebookInfo): void;
}

function NotebookTable({ notebooks, onOpen, onStop, onDelete }: TableProps) {
  const { t } = useTranslation(NOTEBOOKS_NAMESPACE);
  if (notebooks.length === 0) {
    return <p className="empty-state">{t('empty')}</p>;
  }
  return (
    <table className="data-table notebooks-table">
      <thead>
        <tr>
          {(['name', 'kind', 'image', 'gpus', 'state', 'actions'] as const).map((column) => (
            <th key={column}>{t(`columns.${column}`)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {notebooks.map((notebook) => (
          <tr key={`${notebook.namespace}/${notebook.name}`} data-state={notebook.state}>
            <td>{notebook.name}</td>
            <td>
              {notebook.flavor === 'jupyter' ? t('form.jupyter') : t('form.codeServer')}
              <div className="field-hint">{t(`backend.${notebook.backend}`)}</div>
            </td>
            <td>{notebook.image}</td>
            <td>{notebook.gpus}</td>
            <td>{t(`state.${notebook.state}`)}</td>
            <td>
              <button type="button" className="button" onClick={() => onOpen(notebook)}>
                {notebook.state === 'stopped' ? t('start') : t('open')}
              </button>
              {notebook.state !== 'stopped' && (
                <button type="button" className="button" onClick={() => onStop(notebook)}>
                  {t('stop')}
                </button>
              )}
              <button type="button" className="button button-danger" onClick={() => onDelete(notebook)}>
                {t('delete')}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DeleteDialog({ notebook, onClose, onDeleted }: { notebook: NotebookInfo; onClose(): void; onDeleted(error: AppError | undefined): void }) {
  const { t } = useTranslation(NOTEBOOKS_NAMESPACE);
  const client = useContractClient(notebooksContract);
  const [typed, setTyped] = useState('');
  const command = notebook.backend === 'kubeflow' ? `kubectl -n ${notebook.namespace} delete notebook.kubeflow.org ${notebook.name}` : `kubectl -n ${notebook.namespace} delete statefulset,service ${notebook.name}`;

  const confirm = async (): Promise<void> => {
    const result = await client.delete({ contextId: notebook.contextId, namespace: notebook.namespace, name: notebook.name, confirmName: typed });
    onDeleted(result.ok ? undefined : result.error);
  };

  return (
    <div role="dialog" aria-modal="true" aria-label={t('confirmDelete.title', { name: notebook.name })} className="confirm-dialog">
      <h3>{t('confirmDelete.title', { name: notebook.name })}</h3>
      <p>{t('confirmDelete.body')}</p>
      <p className="field-hint">
        <code>{t('confirmDelete.kubectl', { command })}</code>
      </p>
      <input value={typed} onChange={(event) => setTyped(event.target.value)} aria-label={t('form.name')} autoFocus />
      <button type="button" className="button button-danger" disabled={typed !== notebook.name} onClick={() => void confirm()}>
        {t('confirmDelete.confirm')}
      </button>
      <button type="button" className="button" onClick={onClose}>
        {t('confirmDelete.cancel')}
      </button>
    </div>
  );
}
