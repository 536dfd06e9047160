/** Cluster, namespace, Pod and container choice, shared by the terminal and log forms. */
import { useTranslation } from 'react-i18next';
import type { PodSummary } from '../../../../shared/models/logs';
import type { AppError } from '../../../../shared/result';
import { ErrorBlock } from '../../components/ErrorBlock';
import { SESSIONS_NAMESPACE } from './i18n';
import { defaultNamespace, type SessionContext, type SourceChoice } from './session-contexts';

interface Props {
  contexts: SessionContext[];
  value: SourceChoice;
  onChange(next: SourceChoice): void;
  pods: PodSummary[] | undefined;
  podsError: AppError | undefined;
  loading: boolean;
  onLoadPods(): void;
  /** Label of the empty container choice. */
  anyContainerLabel: string;
}

export function SourcePicker({ contexts, value, onChange, pods, podsError, loading, onLoadPods, anyContainerLabel }: Props) {
  const { t } = useTranslation(SESSIONS_NAMESPACE);
  const pod = pods?.find((candidate) => candidate.name === value.pod);
  const set = (patch: Partial<SourceChoice>): void => onChange({ ...value, ...patch });

  return (
    <div className="session-source">
      <label className="field">
        <span>{t('source.context')}</span>
        <select value={value.contextId} onChange={(event) => set({ contextId: event.target.value, namespace: defaultNamespace(contexts, event.target.value), pod: '', container: '' })}>
          {contexts.map((context) => (
            <option key={context.id} value={context.id}>
              {context.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('source.namespace')}</span>
        <input value={value.namespace} onChange={(event) => set({ namespace: event.target.value.trim(), pod: '', container: '' })} />
      </label>
      <button type="button" className="button" disabled={loading || value.namespace === ''} onClick={onLoadPods}>
        {t('source.loadPods')}
      </button>
      <label className="field">
        <span>{t('source.pod')}</span>
        <select value={value.pod} onChange={(event) => set({ pod: event.target.value, container: '' })} disabled={!pods || pods.length === 0}>
          <option value="">—</option>
          {pods?.map((candidate) => (
            <option key={candidate.name} value={candidate.name}>
              {candidate.name} · {t(`pods.phases.${candidate.phase}`, { ns: 'translation', defaultValue: candidate.phase })}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('source.container')}</span>
        <select value={value.container} onChange={(event) => set({ container: event.target.value })} disabled={!pod}>
          <option value="">{anyContainerLabel}</option>
          {pod?.containers.map((container) => (
            <option key={container.name} value={container.name}>
              {container.name}
              {container.kind !== 'regular' ? ` (${container.kind})` : ''}
            </option>
          ))}
        </select>
      </label>
      {pods?.length === 0 && <p className="field-hint">{t('source.noPods')}</p>}
      {podsError && <ErrorBlock error={podsError} compact />}
    </div>
  );
}
