/**
 * Log streams behind the logs contract. One subscription reads one or many
 * container logs (a pod's containers, or every container of a Job's pods),
 * tags each line with its source, and sends lines in batches so a chatty
 * container costs a few messages per second, not one per line.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { ContractImpl } from '../../shared/contract';
import type { logsContract } from '../../shared/contracts/logs';
import { LOG_MAX_LINE_CHARS, type LogLine, type LogSource, type PodSummary } from '../../shared/models/logs';
import type { ClusterService } from '../clusters/service';
import { createLogger } from '../log';
import { toAppError } from '../transport/errors';
import { readContainerLog, type ContainerLogOptions } from './container-log';
import { JOB_NAME_LABELS, listPods, readPod } from './pods';

const log = createLogger('logs');

export interface LogServiceOptions {
  clusters: Pick<ClusterService, 'connection'>;
  /** How often batched lines are sent; 100 ms keeps a follow view live without flooding the transport. */
  flushIntervalMs?: number;
  /** How often a followed Job is listed again to pick up new pods. */
  jobRescanMs?: number;
  maxLineChars?: number;
}

export interface LogService extends ContractImpl<typeof logsContract> {
  /** Number of container logs being read, for tests that check nothing leaked. */
  readerCount(): number;
}

type StreamInput = Parameters<LogService['stream']>[0];

/** Most lines in one batch; a full batch is sent at once instead of waiting for the timer. */
const MAX_BATCH_LINES = 2_000;

export function createLogService(options: LogServiceOptions): LogService {
  const flushIntervalMs = options.flushIntervalMs ?? 100;
  const jobRescanMs = options.jobRescanMs ?? 5_000;
  const maxLineChars = options.maxLineChars ?? LOG_MAX_LINE_CHARS;
  let readers = 0;

  return {
    async pods({ contextId, namespace }, context) {
      return listPods(options.clusters.connection(contextId).kubeConfig, namespace, undefined, context.signal);
    },

    async stream(input, emit) {
      const { kubeConfig } = options.clusters.connection(input.contextId);
      const initial = await resolveTargets(kubeConfig, input);
      const abort = new AbortController();
      const sources: LogSource[] = [];
      let batch: LogLine[] = [];

      const flush = (): void => {
        if (batch.length > 0) {
          const lines = batch;
          batch = [];
          emit({ type: 'lines', lines });
        }
      };
      const timer = setInterval(flush, flushIntervalMs);
      const publishSources = (): void => emit({ type: 'sources', sources: sources.map((source) => ({ ...source })) });

      const startSource = (pod: string, container: string): void => {
        const source: LogSource = { id: sources.length, pod, container, state: 'starting' };
        sources.push(source);
        readers++;
        const onLines = (lines: Omit<LogLine, 'source'>[]): void => {
          if (source.state === 'starting') {
            source.state = 'streaming';
            publishSources();
          }
          for (const line of lines) batch.push({ ...line, source: source.id });
          if (batch.length >= MAX_BATCH_LINES) flush();
        };
        readContainerLog(kubeConfig, { namespace: input.namespace, pod, container }, logOptions(input), maxLineChars, onLines, abort.signal)
          .then(() => {
            flush();
            source.state = 'ended';
          })
          .catch((error: unknown) => {
            if (abort.signal.aborted) return;
            const appError = toAppError(error);
            log.warn('container log failed', { namespace: input.namespace, name: pod, container, err: appError.message });
            flush();
            source.state = 'failed';
            source.error = appError;
          })
          .finally(() => {
            readers--;
            if (!abort.signal.aborted) publishSources();
          });
      };

      const known = new Set<string>();
      const startPods = (pods: PodSummary[], container: string | undefined): void => {
        for (const pod of pods) {
          const names = container !== undefined ? [container] : pod.containers.filter((c) => c.kind !== 'ephemeral').map((c) => c.name);
          for (const name of names) {
            const key = `${pod.name}/${name}`;
            if (known.has(key)) continue;
            known.add(key);
            startSource(pod.name, name);
          }
        }
      };

      startPods(initial, input.selector.kind === 'pod' ? input.selector.container : undefined);
      publishSources();
      const rescanJob = async (): Promise<void> => {
        try {
          const before = sources.length;
          startPods(await resolveTargets(kubeConfig, input, abort.signal), undefined);
          if (sources.length > before) publishSources();
        } catch (error) {
          if (!abort.signal.aborted) log.warn('listing the pods of a Job failed', { namespace: input.namespace, err: error });
        }
      };
      const rescan = input.selector.kind === 'job' && input.follow ? setInterval(() => void rescanJob(), jobRescanMs) : undefined;

      return {
        dispose: () => {
          abort.abort();
          clearInterval(timer);
          clearInterval(rescan);
          batch = [];
        },
      };
    },

    readerCount: () => readers,
  };
}

function logOptions(input: StreamInput): ContainerLogOptions {
  return {
    follow: input.follow,
    previous: input.previous,
    timestamps: input.timestamps,
    ...(input.tailLines !== undefined ? { tailLines: input.tailLines } : {}),
    ...(input.sinceSeconds !== undefined ? { sinceSeconds: input.sinceSeconds } : {}),
    ...(input.sinceTime !== undefined ? { sinceTime: input.sinceTime } : {}),
  };
}

/** The pods a selector names: the one pod, or the Job's pods by either job-name label. */
async function resolveTargets(kc: KubeConfig, input: StreamInput, signal?: AbortSignal): Promise<PodSummary[]> {
  if (input.selector.kind === 'pod') {
    return [await readPod(kc, input.namespace, input.selector.pod)];
  }
  for (const label of JOB_NAME_LABELS) {
    const pods = await listPods(kc, input.namespace, `${label}=${input.selector.job}`, signal);
    if (pods.length > 0) return pods;
  }
  return [];
}
