/** Every kubeconfig context, grouped by the file that defines it, with its connection. */
import { useTranslation } from 'react-i18next';
import type { KubeconfigSnapshot, KubeconfigSource, KubeconfigWarning } from '../../../../shared/models/kubeconfig';
import { ErrorBlock } from '../../components/ErrorBlock';
import { useAppState } from '../../store/context';
import { ContextItem } from './ContextItem';
import { ImportPanel } from './ImportPanel';
import { fileErrorText } from './problem-text';

export function ClustersScreen() {
  const { t } = useTranslation();
  const snapshot = useAppState((state) => state.snapshot);
  const snapshotError = useAppState((state) => state.snapshotError);
  const streamError = useAppState((state) => state.statusStreamError);

  return (
    <section aria-labelledby="clusters-title" className="clusters">
      <h1 id="clusters-title">{t('clusters.title')}</h1>
      {snapshotError && <ErrorBlock error={snapshotError} />}
      {streamError && <ErrorBlock error={streamError} compact />}
      {snapshot && <Warnings warnings={snapshot.warnings} />}
      <ImportPanel />
      {!snapshot && !snapshotError && <p role="status">{t('clusters.loading')}</p>}
      {snapshot && <SourceGroups snapshot={snapshot} />}
    </section>
  );
}

function Warnings({ warnings }: { warnings: KubeconfigWarning[] }) {
  const { t } = useTranslation();
  if (warnings.length === 0) {
    return null;
  }
  return (
    <section aria-label={t('clusters.warnings')} className="notice notice-warning">
      <h2>{t('clusters.warnings')}</h2>
      <ul>
        {warnings.map((warning) => (
          // The English message is the fallback for a code this renderer does not know.
          <li key={warning.message}>{t(`clusters.warning.${warning.code}`, { ...warning.params, defaultValue: warning.message })}</li>
        ))}
      </ul>
    </section>
  );
}

function SourceGroups({ snapshot }: { snapshot: KubeconfigSnapshot }) {
  const { t } = useTranslation();
  if (snapshot.sources.length === 0) {
    return <p className="empty">{t('clusters.noSources')}</p>;
  }
  return (
    <>
      {snapshot.sources.map((source) => (
        <SourceGroup key={source.path} source={source} snapshot={snapshot} />
      ))}
    </>
  );
}

function SourceGroup({ source, snapshot }: { source: KubeconfigSource; snapshot: KubeconfigSnapshot }) {
  const { t } = useTranslation();
  const contexts = snapshot.contexts.filter((context) => context.sourcePath === source.path);
  const headingId = `source-${encodeURIComponent(source.path)}`;

  return (
    <section aria-labelledby={headingId} className="source">
      <header className="source-header">
        <h2 id={headingId} className="source-path">
          {source.path}
        </h2>
        <span className="badge">{t(`clusters.origin.${source.origin}`)}</span>
      </header>
      {!source.exists && <p className="notice notice-warning">{t('clusters.sourceMissing')}</p>}
      {source.error && (
        <div role="alert" className="error-block compact" data-error-kind="Kubeconfig">
          <strong className="error-title">{t('clusters.sourceError')}</strong>
          <p className="error-message">{fileErrorText(t, source.error)}</p>
        </div>
      )}
      {source.exists && !source.error && contexts.length === 0 && <p className="empty">{t('clusters.noContexts')}</p>}
      {contexts.length > 0 && (
        <ul className="context-list" aria-labelledby={headingId}>
          {contexts.map((context) => (
            <ContextItem key={context.id} context={context} />
          ))}
        </ul>
      )}
    </section>
  );
}
