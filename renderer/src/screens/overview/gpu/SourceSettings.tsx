/** The metrics source form: detect a Prometheus Service, type a URL, test, save; plus the sampling and idle thresholds. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SourceCheck } from '../../../../../shared/contracts/gpu';
import { metricsUrlProblem, serviceSourceProblem } from '../../../../../shared/gpu/source';
import type { GpuSettings, MetricsSource, SourceCandidate } from '../../../../../shared/models/gpu';
import type { AppError } from '../../../../../shared/result';
import { ErrorBlock } from '../../../components/ErrorBlock';
import { useGpuClient } from './use-gpu';

type Kind = MetricsSource['kind'];

interface Draft {
  kind: Kind;
  namespace: string;
  name: string;
  port: string;
  via: 'port-forward' | 'service-proxy';
  url: string;
  interval: string;
  idlePercent: string;
  idleMinutes: string;
}

function toDraft(settings: GpuSettings): Draft {
  const source = settings.source;
  return {
    kind: source.kind,
    namespace: source.kind === 'service' ? source.namespace : 'monitoring',
    name: source.kind === 'service' ? source.name : 'prometheus',
    port: source.kind === 'service' ? String(source.port) : '9090',
    via: source.kind === 'service' ? source.via : 'port-forward',
    url: source.kind === 'url' ? source.url : 'http://127.0.0.1:9090',
    interval: String(settings.sampleIntervalSeconds),
    idlePercent: String(settings.idleUtilizationPercent),
    idleMinutes: String(settings.idleMinutes),
  };
}

function sourceOf(draft: Draft): MetricsSource {
  if (draft.kind === 'url') return { kind: 'url', url: draft.url.trim() };
  if (draft.kind === 'service') {
    const port = /^[0-9]+$/.test(draft.port.trim()) ? Number(draft.port.trim()) : draft.port.trim();
    return { kind: 'service', namespace: draft.namespace.trim(), name: draft.name.trim(), port, via: draft.via };
  }
  return { kind: 'none' };
}

function problemOf(source: MetricsSource): string | undefined {
  if (source.kind === 'url') return metricsUrlProblem(source.url);
  if (source.kind === 'service') return serviceSourceProblem(source);
  return undefined;
}

export function SourceSettings({ contextId, settings }: { contextId: string; settings: GpuSettings }) {
  const { t } = useTranslation();
  const client = useGpuClient();
  const [draft, setDraft] = useState<Draft>(() => toDraft(settings));
  const [candidates, setCandidates] = useState<SourceCandidate[] | undefined>();
  const [check, setCheck] = useState<SourceCheck | undefined>();
  const [error, setError] = useState<AppError | undefined>();
  const [saved, setSaved] = useState(false);
  // Every view update brings a new settings object; only a real change of the saved
  // settings may replace what the user is typing.
  const savedKey = JSON.stringify(settings);
  useEffect(() => setDraft(toDraft(JSON.parse(savedKey) as GpuSettings)), [savedKey]);

  const source = sourceOf(draft);
  const problem = problemOf(source);
  const update = (patch: Partial<Draft>) => {
    setDraft((current) => ({ ...current, ...patch }));
    setSaved(false);
    setCheck(undefined);
  };

  const detect = async () => {
    const result = await client.detectSources({ contextId });
    if (result.ok) setCandidates(result.value);
    setError(result.ok ? undefined : result.error);
  };
  const test = async () => {
    const result = await client.checkSource({ contextId, source });
    setCheck(result.ok ? result.value : undefined);
    setError(result.ok ? undefined : result.error);
  };
  const save = async () => {
    const next: GpuSettings = { source, sampleIntervalSeconds: Number(draft.interval), idleUtilizationPercent: Number(draft.idlePercent), idleMinutes: Number(draft.idleMinutes) };
    const result = await client.saveSettings({ contextId, settings: next });
    setSaved(result.ok);
    setError(result.ok ? undefined : result.error);
  };

  return (
    <section aria-labelledby="source-title" className="gpu-section source-settings">
      <h2 id="source-title">{t('gpu.source.title')}</h2>
      <fieldset>
        <legend>{t('gpu.source.kind')}</legend>
        {(['none', 'service', 'url'] as const).map((kind) => (
          <label key={kind} className="radio">
            <input type="radio" name="metrics-kind" checked={draft.kind === kind} onChange={() => update({ kind })} /> {t(`gpu.source.${kind}`)}
          </label>
        ))}
      </fieldset>
      {draft.kind === 'service' && (
        <div className="form-grid">
          <label>
            {t('gpu.source.namespace')} <input value={draft.namespace} onChange={(event) => update({ namespace: event.target.value })} />
          </label>
          <label>
            {t('gpu.source.name')} <input value={draft.name} onChange={(event) => update({ name: event.target.value })} />
          </label>
          <label>
            {t('gpu.source.port')} <input value={draft.port} onChange={(event) => update({ port: event.target.value })} />
          </label>
          <label>
            {t('gpu.source.via')}
            <select value={draft.via} onChange={(event) => update({ via: event.target.value as Draft['via'] })}>
              <option value="port-forward">{t('gpu.source.portForward')}</option>
              <option value="service-proxy">{t('gpu.source.serviceProxy')}</option>
            </select>
          </label>
          <button type="button" className="button" onClick={() => void detect()}>
            {t('gpu.source.detect')}
          </button>
        </div>
      )}
      {draft.kind === 'service' && candidates && (
        <div>
          <h3>{t('gpu.source.detected')}</h3>
          {candidates.length === 0 ? (
            <p className="muted">{t('gpu.source.noneDetected')}</p>
          ) : (
            <ul>
              {candidates.map((candidate) => (
                <li key={`${candidate.namespace}/${candidate.name}`}>
                  <span className="mono">
                    {candidate.namespace}/{candidate.name}:{candidate.port}
                  </span>{' '}
                  <button type="button" className="button" onClick={() => update({ namespace: candidate.namespace, name: candidate.name, port: String(candidate.port) })}>
                    {t('gpu.source.use')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {draft.kind === 'url' && (
        <label className="wide">
          {t('gpu.source.urlField')} <input value={draft.url} onChange={(event) => update({ url: event.target.value })} aria-invalid={Boolean(problem)} />
        </label>
      )}
      <div className="form-grid">
        <label>
          {t('gpu.source.interval')} <input type="number" min={2} max={300} value={draft.interval} onChange={(event) => update({ interval: event.target.value })} />
        </label>
        <label>
          {t('gpu.source.idlePercent')} <input type="number" min={0} max={100} value={draft.idlePercent} onChange={(event) => update({ idlePercent: event.target.value })} />
        </label>
        <label>
          {t('gpu.source.idleMinutes')} <input type="number" min={1} max={60} value={draft.idleMinutes} onChange={(event) => update({ idleMinutes: event.target.value })} />
        </label>
      </div>
      {problem && <p role="alert" className="notice notice-warning">{problem}</p>}
      <div className="actions">
        {draft.kind !== 'none' && (
          <button type="button" className="button" disabled={Boolean(problem)} onClick={() => void test()}>
            {t('gpu.source.check')}
          </button>
        )}
        <button type="button" className="button button-primary" disabled={Boolean(problem)} onClick={() => void save()}>
          {t('gpu.source.save')}
        </button>
        {saved && <span role="status">{t('gpu.source.saved')}</span>}
      </div>
      {check && <p role="status" className={check.ok ? 'notice notice-info' : 'notice notice-warning'}>{check.message}</p>}
      {error && <ErrorBlock error={error} compact />}
    </section>
  );
}
