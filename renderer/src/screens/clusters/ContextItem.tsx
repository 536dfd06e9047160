/** One kubeconfig context: where it points, its connection, health, capabilities and errors. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClusterCapabilities, ClusterStatus } from '../../../../shared/models/cluster';
import type { ContextSummary } from '../../../../shared/models/kubeconfig';
import { findContextCommand } from '../../commands/commands';
import { useRunCommand } from '../../commands/use-commands';
import { ErrorBlock } from '../../components/ErrorBlock';
import { useFormatters } from '../../components/format';
import { useAppState } from '../../store/context';
import { contextProblemText } from './problem-text';

export function ContextItem({ context }: { context: ContextSummary }) {
  const { t } = useTranslation();
  const nameId = useId();
  const status = useAppState((state) => state.statuses[context.id]);
  const actionError = useAppState((state) => state.actionErrors[context.id]);
  const state = status?.state ?? 'disconnected';

  return (
    <li aria-labelledby={nameId} className={`context context-${state}`} data-context-id={context.id}>
      <div className="context-head">
        <h3 id={nameId} className="context-name">
          {context.name}
        </h3>
        {context.current && <span className="badge badge-accent">{t('clusters.current')}</span>}
        {context.shadowed && (
          <span className="badge badge-muted" title={t('clusters.shadowedHint')}>
            {t('clusters.shadowed')}
          </span>
        )}
        {context.insecure && (
          <span className="badge badge-warn" title={t('clusters.insecureHint')}>
            {t('clusters.insecure')}
          </span>
        )}
        <span className={`state state-${state}`}>{t(`clusters.state.${state}`)}</span>
      </div>
      <ContextFacts context={context} />
      {context.problem && (
        <p className="notice notice-warning">
          {t('clusters.problemLine', { problem: contextProblemText(t, context.problem) })}
        </p>
      )}
      {status && <Health status={status} />}
      {status?.capabilities && <Capabilities capabilities={status.capabilities} />}
      {status?.error && <ErrorBlock error={status.error} />}
      {actionError && <ErrorBlock error={actionError} />}
      <ContextActions context={context} state={state} />
    </li>
  );
}

function ContextFacts({ context }: { context: ContextSummary }) {
  const { t } = useTranslation();
  const facts: [string, string | undefined][] = [
    ['server', context.server],
    ['cluster', context.cluster],
    ['user', context.user],
    ['namespace', context.namespace],
    ['auth', t(`clusters.auth.${context.authKind}`)],
  ];

  return (
    <dl className="facts">
      {facts
        .filter((fact): fact is [string, string] => Boolean(fact[1]))
        .map(([key, value]) => (
          <div key={key} className="fact">
            <dt>{t(`clusters.fact.${key}`)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
    </dl>
  );
}

function Health({ status }: { status: ClusterStatus }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const health = status.health;
  if (!health) {
    return null;
  }

  return (
    <dl className="facts health" aria-label={t('clusters.health')}>
      <div className="fact">
        <dt>{t('clusters.version')}</dt>
        <dd>{health.version}</dd>
      </div>
      <div className="fact">
        <dt>{t('clusters.ready')}</dt>
        <dd className={health.ready ? 'ok' : 'bad'}>{health.ready ? t('clusters.readyYes') : t('clusters.readyNo')}</dd>
      </div>
      <div className="fact">
        <dt>{t('clusters.latency')}</dt>
        <dd>{t('clusters.latencyValue', { value: format.number(Math.round(health.latencyMs)) })}</dd>
      </div>
      <div className="fact">
        <dt>{t('clusters.checkedAt')}</dt>
        <dd>{format.time(health.checkedAt)}</dd>
      </div>
    </dl>
  );
}

const CAPABILITY_LABELS: [keyof ClusterCapabilities, string][] = [
  ['kueue', 'Kueue'],
  ['kubeflowTraining', 'Kubeflow Training'],
  ['kubeflowTrainer', 'Kubeflow Trainer'],
  ['kserve', 'KServe'],
  ['hami', 'HAMi'],
  ['metrics', 'metrics.k8s.io'],
];

function Capabilities({ capabilities }: { capabilities: ClusterCapabilities }) {
  const { t } = useTranslation();
  const present = CAPABILITY_LABELS.filter(([key]) => Boolean(capabilities[key]));

  return (
    <div className="capabilities">
      <span className="capabilities-label">{t('clusters.capabilities')}</span>
      {present.length === 0 && <span className="muted">{t('clusters.noCapabilities')}</span>}
      <ul aria-label={t('clusters.capabilities')} className="badge-list">
        {present.map(([key, label]) => {
          const value = capabilities[key];
          const versions = typeof value === 'object' ? value.versions.join(', ') : '';
          return (
            <li key={key} className="badge badge-capability" title={versions}>
              {label}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function ContextActions({ context, state }: { context: ContextSummary; state: ClusterStatus['state'] }) {
  const { t } = useTranslation();
  const run = useRunCommand();
  const pending = useAppState((appState) => appState.pending[context.id]);
  const live = state === 'connected' || state === 'connecting';
  const toggle = findContextCommand(context, live ? 'disconnect' : 'connect');

  return (
    <div className="actions" role="group" aria-label={t('clusters.actionsFor', { name: context.name })}>
      {/* A context with a problem cannot connect as it stands; its card already says why, so Connect waits for the fix. */}
      <button
        type="button"
        className={live ? 'button' : 'button button-primary'}
        disabled={Boolean(pending) || (!live && context.problem !== undefined)}
        title={!live && context.problem ? t('clusters.fixFirst') : undefined}
        onClick={() => run(toggle)}
      >
        {pending ? t(`clusters.pending.${pending}`) : t(live ? 'clusters.disconnect' : 'clusters.connect')}
      </button>
      {state === 'connected' && (
        <>
          <button type="button" className="button button-primary" onClick={() => run(findContextCommand(context, 'overview'))}>
            {t('clusters.openOverview')}
          </button>
        </>
      )}
      <button type="button" className="button" onClick={() => run(findContextCommand(context, 'rename'))}>
        {t('clusters.rename')}
      </button>
      <button type="button" className="button button-danger" onClick={() => run(findContextCommand(context, 'delete'))}>
        {t('clusters.delete')}
      </button>
    </div>
  );
}
