/**
 * A job's logs inside its details, through the logs service's stream and the
 * Sessions screen's log hook and line renderer, so no log handling is repeated here.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { logsContract } from '../../../../shared/contracts/logs';
import type { JobRow } from '../../../../shared/models/queues';
import { shellQuote } from '../../../../shared/queues/actions';
import { ErrorBlock } from '../../components/ErrorBlock';
import { useContractClient } from '../../store/context';
import { LogLineText } from '../sessions/logs/LogLineView';
import { useLogStream } from '../sessions/logs/use-log-stream';

/** Lines shown in the details; the Sessions screen has the full, searchable view. */
const SHOWN_LINES = 200;
const TAIL_LINES = 500;

export function JobLogs({ contextId, job }: { contextId: string; job: JobRow }) {
  const { t } = useTranslation();
  const client = useContractClient(logsContract);
  const stream = useLogStream(client);
  const [pod, setPod] = useState(job.pods[0] ?? '');
  const lines = stream.buffer.lines.slice(-SHOWN_LINES);

  const open = () =>
    stream.start({
      contextId,
      namespace: job.namespace,
      // A batch Job's logs can follow every pod it starts; other kinds name one pod.
      selector: job.kind === 'Job' ? { kind: 'job', job: job.name } : { kind: 'pod', pod },
      follow: true,
      tailLines: TAIL_LINES,
    });

  return (
    <section aria-labelledby="pods-title">
      <h3 id="pods-title">{t('queues.detail.pods')}</h3>
      <div className="queues-toolbar">
        {job.kind !== 'Job' && (
          <select aria-label={t('queues.detail.pod')} value={pod} onChange={(event) => setPod(event.target.value)}>
            {job.pods.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        )}
        <button type="button" className="button" onClick={stream.running ? stream.stop : open} data-testid="job-logs-toggle">
          {stream.running ? t('queues.detail.stopLogs') : t('queues.detail.openLogs')}
        </button>
      </div>
      {stream.error && <ErrorBlock error={stream.error} compact />}
      {(stream.running || lines.length > 0) && (
        <pre className="job-logs" data-testid="job-logs" data-version={stream.version}>
          {lines.map((line) => (
            <div key={line.id}>
              <LogLineText raw={line.text} query="" colours />
            </div>
          ))}
        </pre>
      )}
      <p className="muted">{t('queues.detail.logsCommand')}</p>
      <pre>{`kubectl logs -f ${shellQuote(pod || job.pods[0] || '')} -n ${shellQuote(job.namespace)}`}</pre>
    </section>
  );
}
