/** "Try it": list the models, stream one chat answer, and show its timings and the raw exchange. */
import { useTranslation } from 'react-i18next';
import type { EndpointDetail, RawRequest, RawResponse, TryProblem } from '../../../../shared/models/endpoints';
import { useFormatters } from '../../components/format';
import { useEndpoints, useEndpointsStore } from './use-endpoints';

export function TryPanel({ detail }: { detail: EndpointDetail }) {
  const { t } = useTranslation();
  const store = useEndpointsStore();
  const state = useEndpoints((current) => current.tryState);
  const reply = state.modelsReply;

  return (
    <section className="ep-try" aria-labelledby="ep-try-title">
      <div className="table-head">
        <h3 id="ep-try-title">{t('endpoints.try.title', { name: detail.name })}</h3>
        <button type="button" className="button" onClick={() => store.getState().openTry(false)}>
          {t('endpoints.close')}
        </button>
      </div>
      <p className="muted">
        {t('endpoints.try.via')}: {t('endpoints.try.viaForward')}
        {reply?.baseUrl && (
          <>
            {' '}
            → <span className="mono">{reply.baseUrl}</span>
          </>
        )}
        {reply?.latencyMs !== undefined && <> ({t('endpoints.try.latency', { ms: reply.latencyMs })})</>}
      </p>
      {reply?.problem && <Problem problem={reply.problem} />}
      <form
        className="ep-try-form"
        onSubmit={(event) => {
          event.preventDefault();
          store.getState().sendChat();
        }}
      >
        <div className="ep-row">
          <label className="field">
            <span>{t('endpoints.try.model')}</span>
            <select value={state.model} onChange={(event) => store.getState().editTry({ model: event.target.value })} disabled={state.loadingModels}>
              {(reply?.models ?? []).map((model) => (
                <option key={model.id} value={model.id}>
                  {model.id}
                  {model.maxModelLen ? ` (${model.maxModelLen})` : ''}
                </option>
              ))}
              {!reply?.models.length && <option value="">{state.loadingModels ? t('endpoints.try.loadingModels') : '—'}</option>}
            </select>
          </label>
          <button type="button" className="button" disabled={state.loadingModels} onClick={() => void store.getState().loadModels()}>
            {state.loadingModels ? t('endpoints.try.loadingModels') : t('endpoints.try.refreshModels')}
          </button>
          <label className="field">
            <span>{t('endpoints.try.maxTokens')}</span>
            <input type="number" min={1} max={32768} value={state.maxTokens} onChange={(event) => store.getState().editTry({ maxTokens: Math.max(1, Number(event.target.value) || 1) })} />
          </label>
        </div>
        <label className="field">
          <span>{t('endpoints.try.prompt')}</span>
          <textarea rows={3} value={state.prompt} maxLength={32000} onChange={(event) => store.getState().editTry({ prompt: event.target.value })} />
        </label>
        <div className="ep-row">
          <button type="submit" className="button button-primary" disabled={state.running || !state.model || !state.prompt.trim()}>
            {t('endpoints.try.send')}
          </button>
          {state.running && (
            <button type="button" className="button" onClick={() => store.getState().stopChat()}>
              {t('endpoints.try.stop')}
            </button>
          )}
        </div>
      </form>
      <Answer />
    </section>
  );
}

function Answer() {
  const { t } = useTranslation();
  const format = useFormatters();
  const state = useEndpoints((current) => current.tryState);
  const stats = state.stats;
  if (!state.running && !state.answer && !state.problem && !state.request) {
    return null;
  }
  return (
    <div className="ep-answer">
      <h4>{t('endpoints.try.answer')}</h4>
      <div className="ep-answer-text" aria-live="polite" data-testid="try-answer">
        {state.answer || (state.running ? <span className="muted">{t('endpoints.try.waiting')}</span> : '')}
      </div>
      {state.problem && <Problem problem={state.problem} />}
      {stats && (
        <dl className="ep-facts ep-stats" data-testid="try-stats">
          <dt>{t('endpoints.try.ttft')}</dt>
          <dd>{stats.timeToFirstTokenMs === undefined ? '—' : `${format.number(stats.timeToFirstTokenMs)} ms`}</dd>
          <dt>{t('endpoints.try.rate')}</dt>
          <dd>{stats.tokensPerSecond === undefined ? '—' : format.number(stats.tokensPerSecond)}</dd>
          <dt>{t('endpoints.try.tokens')}</dt>
          <dd>
            {format.number(stats.completionTokens)} <span className="muted">({stats.tokenSource})</span>
          </dd>
          <dt>{t('endpoints.try.total')}</dt>
          <dd>{format.number(stats.totalMs)} ms</dd>
          {stats.finishReason && (
            <>
              <dt>{t('endpoints.try.finish')}</dt>
              <dd className="mono">{stats.finishReason}</dd>
            </>
          )}
        </dl>
      )}
      <RawExchange request={state.request} response={state.response} raw={state.raw} />
    </div>
  );
}

function Problem({ problem }: { problem: TryProblem }) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="error-block compact" data-problem={problem.code}>
      <strong className="error-title">{t(`endpoints.try.problem.${problem.code}`, { status: problem.status ?? '', seconds: problem.seconds ?? '' })}</strong>
      <p className="error-message">{problem.message}</p>
      {problem.excerpt && (
        <p>
          <span className="muted">{t('endpoints.try.bodyStart')}: </span>
          <code>{problem.excerpt}</code>
        </p>
      )}
    </div>
  );
}

function RawExchange({ request, response, raw }: { request: RawRequest | undefined; response: RawResponse | undefined; raw: string }) {
  const { t } = useTranslation();
  if (!request) {
    return null;
  }
  const headers = (values: Record<string, string>) => Object.entries(values).map(([name, value]) => `${name}: ${value}`).join('\n');
  const body = response?.body || raw;
  return (
    <details className="ep-raw">
      <summary>{t('endpoints.try.raw')}</summary>
      <h5>{t('endpoints.try.request')}</h5>
      <pre className="mono">{`${request.method} ${request.url}\n${headers(request.headers)}\n\n${request.body ?? ''}`}</pre>
      {response && (
        <>
          <h5>
            {t('endpoints.try.response')} {response.truncated ? t('endpoints.try.truncated') : ''}
          </h5>
          <pre className="mono">{`HTTP ${response.status}\n${headers(response.headers)}\n\n${body}`}</pre>
        </>
      )}
    </details>
  );
}
