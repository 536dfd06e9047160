/** Sentence for one thing the user may not see: verb, resource and scope. */
import { useTranslation } from 'react-i18next';
import type { VisibilityNote } from '../../../../shared/models/tenants';

export function NoteText({ note }: { note: VisibilityNote }) {
  const { t } = useTranslation();
  const resource = note.group ? `${note.resource}.${note.group}` : note.resource;
  const scope = note.namespace ? t('tenants.scopeNamespace', { namespace: note.namespace }) : t('tenants.scopeCluster');
  return <>{t(`tenants.note.${note.effect}`, { verb: note.verb, resource, scope, namespace: note.namespace ?? '' })}</>;
}
