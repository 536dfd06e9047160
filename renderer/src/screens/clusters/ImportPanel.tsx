/**
 * Imports a kubeconfig file by its path on the machine that runs main. Browser
 * mode has no native file dialog, and a browser's file picker cannot reveal a
 * path, so the path is typed and main reads the file.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBlock } from '../../components/ErrorBlock';
import { useAppEnvironment, useAppState } from '../../store/context';
import { checkImportPath } from './import-path';

export function ImportPanel() {
  const { t } = useTranslation();
  const { services } = useAppEnvironment();
  const inputId = useId();
  const hintId = useId();
  const problemId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [path, setPath] = useState('');
  const [touched, setTouched] = useState(false);
  const importing = useAppState((state) => state.importing);
  const importError = useAppState((state) => state.importError);
  const lastImported = useAppState((state) => state.lastImported);
  const importFile = useAppState((state) => state.importFile);
  const focusRequest = useAppState((state) => state.importFocusRequest);
  const problem = checkImportPath(path);

  useEffect(() => {
    if (focusRequest > 0) {
      inputRef.current?.focus();
    }
  }, [focusRequest]);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setTouched(true);
    if (problem) {
      return;
    }
    if (await importFile(path.trim())) {
      setPath('');
      setTouched(false);
    }
  };

  return (
    <form className="import" aria-labelledby={`${inputId}-title`} onSubmit={(event) => void submit(event)}>
      <h2 id={`${inputId}-title`}>{t('import.title')}</h2>
      <div className="import-row">
        <label htmlFor={inputId}>{t('import.pathLabel')}</label>
        <input
          id={inputId}
          ref={inputRef}
          type="text"
          spellCheck={false}
          autoComplete="off"
          value={path}
          placeholder={t('import.placeholder')}
          aria-describedby={`${hintId}${touched && problem ? ` ${problemId}` : ''}`}
          aria-invalid={touched && Boolean(problem)}
          onChange={(event) => setPath(event.target.value)}
        />
        <button type="submit" className="button button-primary" disabled={importing}>
          {importing ? t('import.importing') : t('import.submit')}
        </button>
      </div>
      <p id={hintId} className="hint">
        {services.transport.kind === 'websocket' ? t('import.browserNote') : t('import.note')}
      </p>
      {touched && problem && (
        <p id={problemId} className="field-error">
          {t(`import.problem.${problem}`)}
        </p>
      )}
      {importError && <ErrorBlock error={importError} compact />}
      {lastImported && (
        <p role="status" className="ok">
          {t('import.done', { path: lastImported })}
        </p>
      )}
    </form>
  );
}
