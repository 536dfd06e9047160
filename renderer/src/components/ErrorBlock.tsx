/** One AppError for people: what kind of failure, main's message, and the details behind a disclosure. */
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../shared/result';

export function ErrorBlock({ error, compact = false }: { error: AppError; compact?: boolean }) {
  const { t } = useTranslation();
  const denied = error.denied;

  return (
    <div role="alert" className={compact ? 'error-block compact' : 'error-block'} data-error-kind={error.kind}>
      <strong className="error-title">{t(`errors.kind.${error.kind}`)}</strong>
      <p className="error-hint">{t(`errors.hint.${error.kind}`)}</p>
      <p className="error-message">{error.message}</p>
      {denied && (
        <p className="error-denied">
          {t('errors.denied', {
            verb: denied.verb,
            resource: [denied.resource, denied.subresource].filter(Boolean).join('/'),
            scope: denied.namespace ? t('errors.inNamespace', { namespace: denied.namespace }) : t('errors.clusterWide'),
          })}
        </p>
      )}
      {(error.detail || error.status) && (
        <details className="error-detail">
          <summary>{t('errors.details')}</summary>
          {error.status && (
            <p>
              HTTP {error.status.code}
              {error.status.reason ? ` ${error.status.reason}` : ''}
              {error.status.message ? `: ${error.status.message}` : ''}
            </p>
          )}
          {error.detail && <pre>{error.detail}</pre>}
        </details>
      )}
    </div>
  );
}
