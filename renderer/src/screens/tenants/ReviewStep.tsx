/** The review of a plan (dry-run verdict per object and the combined YAML) and the result of applying it. */
import { useTranslation } from 'react-i18next';
import type { DryRunOutcome } from '../../../../shared/models/tenants';
import { ErrorBlock } from '../../components/ErrorBlock';
import type { EditorStep } from './tenants-store';
import { useTenantsStore } from './use-tenants';

function DryRunBadge({ outcome }: { outcome: DryRunOutcome }) {
  const { t } = useTranslation();
  if (outcome.state === 'ok') return <span className={outcome.action === 'unchanged' ? 'pill pill-muted' : 'pill pill-ok'}>{t(`tenants.review.${outcome.action}`)}</span>;
  if (outcome.state === 'waits-for-namespace') return <span className="pill pill-warn">{t('tenants.review.waits')}</span>;
  return <><span className="pill pill-bad">{t('tenants.review.failed')}</span><ErrorBlock error={outcome.error} compact /></>;
}

export function ReviewStep({ editor }: { editor: Extract<EditorStep, { step: 'review' | 'applying' }> }) {
  const { t } = useTranslation();
  const store = useTenantsStore();
  const { preview } = editor;
  const applying = editor.step === 'applying';

  return (
    <div className="dialog-body" data-testid="tenant-review">
      <p>{t('tenants.review.intro')}</p>
      <table className="quota-table review-table">
        <thead><tr><th scope="col">{t('tenants.review.object')}</th><th scope="col">{t('tenants.review.dryRun')}</th></tr></thead>
        <tbody>
          {preview.objects.map((object) => (
            <tr key={`${object.ref.kind}/${object.ref.name}`} data-object={`${object.ref.kind}/${object.ref.name}`} data-dry-run={object.dryRun.state}>
              <td><code>{object.ref.kind}/{object.ref.name}</code>{object.ref.namespace && <span className="muted small"> ({object.ref.namespace})</span>}</td>
              <td><DryRunBadge outcome={object.dryRun} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      {preview.deletions.length > 0 && (
        <div className="notice notice-warning">
          <strong>{t('tenants.review.deletions')}</strong>
          <ul className="plain-list">{preview.deletions.map((ref) => <li key={ref.name}><code>{ref.kind}/{ref.name}</code></li>)}</ul>
        </div>
      )}
      <details open>
        <summary>{t('tenants.review.yaml')}</summary>
        <pre className="yaml" data-testid="tenant-yaml">{preview.yaml}</pre>
      </details>
      {!preview.ready && <p role="alert" className="field-error">{t('tenants.review.notReady')}</p>}
      <div className="dialog-actions">
        {applying && <span role="status" className="muted">{t('tenants.review.applying')}</span>}
        <button type="button" className="button" disabled={applying} onClick={() => store.getState().backToForm()}>{t('tenants.review.back')}</button>
        <button type="button" className="button button-primary" disabled={applying || !preview.ready} onClick={() => void store.getState().apply()}>{t('tenants.review.apply')}</button>
      </div>
    </div>
  );
}

export function ResultStep({ editor }: { editor: Extract<EditorStep, { step: 'result' }> }) {
  const { t } = useTranslation();
  const store = useTenantsStore();
  const { result } = editor;

  return (
    <div className="dialog-body" data-testid="tenant-result">
      {editor.error && <ErrorBlock error={editor.error} />}
      {!editor.error && !result.failed && <p role="status" className="ok">{t('tenants.result.done')}</p>}
      {result.failed && (
        <>
          <p role="alert">{t('tenants.result.partial', { kind: result.failed.ref.kind, name: result.failed.ref.name })}</p>
          <ErrorBlock error={result.failed.error} />
        </>
      )}
      {result.applied.length > 0 && (
        <>
          <h3>{t('tenants.result.applied')}</h3>
          <ul className="plain-list">
            {result.applied.map((entry) => <li key={`${entry.ref.kind}/${entry.ref.name}`}><code>{entry.ref.kind}/{entry.ref.name}</code> <span className="pill pill-ok">{t(`tenants.result.${entry.action}`)}</span></li>)}
          </ul>
        </>
      )}
      {result.remaining.length > 0 && (
        <>
          <h3>{t('tenants.result.remaining')}</h3>
          <ul className="plain-list">{result.remaining.map((ref) => <li key={`${ref.kind}/${ref.name}`}><code>{ref.kind}/{ref.name}</code></li>)}</ul>
        </>
      )}
      {result.finish.length > 0 && <><h3>{t('tenants.result.finish')}</h3><pre className="yaml">{result.finish.join('\n')}</pre></>}
      {result.failed && result.rollback.length > 0 && <><h3>{t('tenants.result.rollback')}</h3><pre className="yaml">{result.rollback.join('\n')}</pre></>}
      {result.applied.filter((entry) => entry.previousYaml).map((entry) => (
        <details key={`prev-${entry.ref.kind}/${entry.ref.name}`}>
          <summary>{t('tenants.result.previous', { kind: entry.ref.kind, name: entry.ref.name })}</summary>
          <pre className="yaml">{entry.previousYaml}</pre>
        </details>
      ))}
      <div className="dialog-actions">
        <button type="button" className="button button-primary" onClick={() => store.getState().closeEditor()}>{t('tenants.result.close')}</button>
      </div>
    </div>
  );
}
