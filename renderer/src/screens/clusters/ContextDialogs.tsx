/** Rename and delete confirmations: they say which file changes, how, and the kubectl equivalent. */
import { useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { ContextSummary } from '../../../../shared/models/kubeconfig';
import type { AppError } from '../../../../shared/result';
import { Dialog } from '../../components/Dialog';
import { ErrorBlock } from '../../components/ErrorBlock';
import { useAppState } from '../../store/context';
import { checkNewName, editsUserFile, kubectlDelete, kubectlRename } from './context-edit';

export function ContextDialogs() {
  const dialog = useAppState((state) => state.dialog);
  const context = useAppState((state) => state.snapshot?.contexts.find((candidate) => candidate.id === state.dialog?.contextId));
  const close = useAppState((state) => state.closeDialog);
  const open = Boolean(dialog && context);

  return (
    <Dialog
      open={open}
      onClose={close}
      labelKey={dialog?.kind === 'delete' ? 'edit.deleteTitle' : 'edit.renameTitle'}
      labelValues={{ name: context?.name ?? '' }}
    >
      {open && context && dialog?.kind === 'rename' && <RenameForm key={context.id} context={context} onDone={close} />}
      {open && context && dialog?.kind === 'delete' && <DeleteForm key={context.id} context={context} onDone={close} />}
    </Dialog>
  );
}

function WhatHappens({ context }: { context: ContextSummary }) {
  const userFile = editsUserFile(context);
  return (
    <p className="what-happens">
      <Trans i18nKey={userFile ? 'edit.userFile' : 'edit.store'} values={{ path: context.sourcePath }} components={{ code: <code /> }} />
    </p>
  );
}

function RenameForm({ context, onDone }: { context: ContextSummary; onDone(): void }) {
  const { t } = useTranslation();
  const snapshot = useAppState((state) => state.snapshot);
  const renameContext = useAppState((state) => state.renameContext);
  const [name, setName] = useState(context.name);
  const [error, setError] = useState<AppError>();
  const [busy, setBusy] = useState(false);
  const problem = snapshot ? checkNewName(snapshot, context, name) : 'empty';

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (problem) return;
    setBusy(true);
    const failure = await renameContext(context.id, name.trim(), editsUserFile(context));
    setBusy(false);
    if (failure) setError(failure);
    else onDone();
  };

  return (
    <form onSubmit={(event) => void submit(event)} className="dialog-body">
      <label className="field">
        <span>{t('edit.newName')}</span>
        <input value={name} autoFocus spellCheck={false} onChange={(event) => setName(event.target.value)} aria-invalid={Boolean(problem) && problem !== 'unchanged'} />
      </label>
      {problem && problem !== 'unchanged' && <p className="field-error">{t(`edit.problem.${problem}`)}</p>}
      <WhatHappens context={context} />
      <p className="kubectl-label">{t('edit.kubectl')}</p>
      <pre className="kubectl">{kubectlRename(context, name.trim() || context.name)}</pre>
      {error && <ErrorBlock error={error} compact />}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onDone}>
          {t('edit.cancel')}
        </button>
        <button type="submit" className="button button-primary" disabled={Boolean(problem) || busy}>
          {t('edit.rename')}
        </button>
      </div>
    </form>
  );
}

function DeleteForm({ context, onDone }: { context: ContextSummary; onDone(): void }) {
  const { t } = useTranslation();
  const deleteContext = useAppState((state) => state.deleteContext);
  const [error, setError] = useState<AppError>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    const failure = await deleteContext(context.id, editsUserFile(context));
    setBusy(false);
    if (failure) setError(failure);
    else onDone();
  };

  return (
    <form onSubmit={(event) => void submit(event)} className="dialog-body">
      <p>{t('edit.deleteExplain', { name: context.name })}</p>
      <WhatHappens context={context} />
      <p className="kubectl-label">{t('edit.kubectl')}</p>
      <pre className="kubectl">{kubectlDelete(context)}</pre>
      {error && <ErrorBlock error={error} compact />}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onDone} autoFocus>
          {t('edit.cancel')}
        </button>
        <button type="submit" className="button button-danger" disabled={busy}>
          {t('edit.delete')}
        </button>
      </div>
    </form>
  );
}
