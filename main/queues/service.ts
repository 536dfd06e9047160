/**
 * The Queues service: the screen's snapshot stream, "why pending" on demand,
 * and the job actions (submit from a template with a server-side dry run,
 * suspend, resume, delete), each with its kubectl equivalent.
 */
import { stringify } from 'yaml';
import type { ContractImpl } from '../../shared/contract';
import type { queuesContract } from '../../shared/contracts/queues';
import { EVENTS, objectPath, collectionPath, RESOURCE_QUOTAS, type GroupVersionResource } from '../../shared/k8s/gvr';
import { JOB_RESOURCES, kueueResources } from '../../shared/k8s/queues-gvr';
import type { JobKind, JobPreview, JobTemplateInput, PendingExplanation, SubmitResult } from '../../shared/models/queues';
import { planJobAction, submitCommand } from '../../shared/queues/actions';
import { checkJobTemplateInput, renderJobTemplate } from '../../shared/queues/job-template';
import { explainPending, type EventLike, type ResourceQuotaLike } from '../../shared/queues/pending';
import { jobRequests, type JobLike } from '../../shared/queues/jobs';
import { appError, AppErrorException, type AppError } from '../../shared/result';
import type { WatchCache } from '../cache/watch-cache';
import { kubeJson } from '../clusters/request';
import { createLogger } from '../log';
import type { Scheduler } from '../scheduler/scheduler';
import { toAppError } from '../transport/errors';
import { createSharedModels, type QueuesClusterAccess, type SharedQueuesModel } from './shared-model';
import { createTemplateStore } from './templates';

const log = createLogger('queues');

/** Maximum wait of an on-demand request for the first list of a context that no screen watches yet. */
const SYNC_WAIT_MS = 15_000;
const FIELD_MANAGER = 'drun-desktop';

export interface QueuesServiceOptions {
  clusters: QueuesClusterAccess;
  cache: WatchCache;
  scheduler: Scheduler;
  /** Folder of the job templates (resources/jobs). */
  templatesDir: string;
}

export type QueuesService = ContractImpl<typeof queuesContract> & { dispose(): void };

async function waitForSync(model: SharedQueuesModel): Promise<void> {
  const deadline = Date.now() + SYNC_WAIT_MS;
  while (!model.synced() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  model.flush();
}

/** Adds the RBAC subject and a fix to a Forbidden error, so the user knows what to ask for. */
function explainForbidden(error: unknown, verb: string, gvr: GroupVersionResource, namespace: string, cluster: string): AppError {
  const appErr = toAppError(error, { cluster });
  if (appErr.kind !== 'Forbidden') {
    return appErr;
  }
  return {
    ...appErr,
    namespace,
    denied: { verb, resource: gvr.resource, ...(gvr.group ? { group: gvr.group } : {}), namespace },
    message: `${appErr.message.replace(/\.$/, '')}. You may not ${verb} ${gvr.resource} in namespace ${namespace}; use a namespace where you have edit rights, or ask an administrator for them.`,
  };
}

export function createQueuesService(options: QueuesServiceOptions): QueuesService {
  const models = createSharedModels(options);
  const templates = createTemplateStore(options.templatesDir);

  /** Runs `work` on a synced model, joining the shared one if the screen already watches it. */
  const withModel = async <T>(contextId: string, work: (model: SharedQueuesModel) => Promise<T>): Promise<T> => {
    const handle = models.acquire(contextId, () => undefined);
    try {
      await waitForSync(handle.model);
      return await work(handle.model);
    } finally {
      handle.dispose();
    }
  };

  const render = async (model: SharedQueuesModel, input: JobTemplateInput): Promise<JobPreview> => {
    const localQueues = model.plan.kueueVersion ? model.snapshot().localQueues.filter((queue) => queue.namespace === input.namespace).map((queue) => queue.name) : [];
    const lqForbidden = model.snapshot().forbidden.some((entry) => entry.resource.startsWith('localqueues'));
    const errors = checkJobTemplateInput(input, { kueue: model.plan.kueueVersion !== undefined, ...(lqForbidden ? {} : { localQueues }) });
    if (errors.length > 0) {
      throw appError('InvalidInput', errors.map((error) => error.message).join(' '), { detail: JSON.stringify(errors) });
    }
    const object = renderJobTemplate(await templates.load(input.template), input);
    const yaml = stringify(object);
    return { object, yaml, kubectl: submitCommand(`${input.name}.yaml`, false) };
  };

  const explainJob = async (model: SharedQueuesModel, kind: JobKind, namespace: string, name: string): Promise<PendingExplanation> => {
    const snapshot = model.snapshot();
    const job = snapshot.jobs.find((row) => row.kind === kind && row.namespace === namespace && row.name === name);
    if (!job) {
      throw appError('NotFound', `${kind} ${namespace}/${name} is not in the list; it may have been deleted, or you may not read ${kind} objects in ${namespace}.`);
    }
    const target = { kind, namespace, name };
    const waiting = job.state === 'Pending' || job.state === 'Created' || job.state === 'Suspended';

    const events = await kubeJson<{ items: Array<EventLike & { count?: number; lastTimestamp?: string; eventTime?: string; metadata?: { creationTimestamp?: string } }> }>(model.kubeConfig, collectionPath(EVENTS, namespace), { query: { limit: 500 } })
      .then((list) => list.items)
      .catch((error: unknown) => {
        log.warn('events could not be read', { context: model.contextId, namespace, err: error });
        return [];
      });
    const related = new Set([name, ...job.pods, ...(job.workload ? [job.workload] : [])]);
    const mine = events
      .filter((event) => related.has(event.involvedObject?.name ?? ''))
      .sort((a, b) => Date.parse(a.lastTimestamp ?? a.eventTime ?? a.metadata?.creationTimestamp ?? '') - Date.parse(b.lastTimestamp ?? b.eventTime ?? b.metadata?.creationTimestamp ?? ''));

    const quotas = await kubeJson<{ items: ResourceQuotaLike[] }>(model.kubeConfig, collectionPath(RESOURCE_QUOTAS, namespace))
      .then((list) => list.items)
      .catch((error: unknown) => {
        log.warn('resource quotas could not be read', { context: model.contextId, namespace, err: error });
        return [];
      });

    const workload = model.model?.workloadOfJob(kind, namespace, name);
    const queueName = job.queue;
    const clusterQueueName = queueName ? model.model?.clusterQueueOf(namespace, queueName) : undefined;
    const clusterQueueRow = snapshot.clusterQueues.find((row) => row.name === clusterQueueName);
    const position = workload ? model.model?.positionOf(workload) : undefined;
    const jobObject = await readJob(model, kind, namespace, name);

    const reasons = waiting
      ? explainPending({
          jobSuspended: job.suspended,
          kueue: model.plan.kueueVersion !== undefined,
          ...(queueName ? { queueName } : {}),
          ...(workload ? { workload } : {}),
          localQueueExists: queueName ? snapshot.localQueues.some((queue) => queue.namespace === namespace && queue.name === queueName) : false,
          ...(clusterQueueName ? { clusterQueue: { name: clusterQueueName, exists: clusterQueueRow !== undefined, active: clusterQueueRow?.active ?? false, ...(clusterQueueRow?.activeReason ? { reason: clusterQueueRow.activeReason } : {}), ...(clusterQueueRow?.activeMessage ? { message: clusterQueueRow.activeMessage } : {}) } } : {}),
          quotaEntries: model.model?.quotaEntries ?? [],
          usedOf: model.model?.usedOf ?? (() => ({ nanos: 0n, format: 'DecimalSI' })),
          ...(position ? { position } : {}),
          events: mine,
          // Pods that exist are already in the quota's usage; only a job without pods would add its requests.
          jobRequests: job.pods.length === 0 && jobObject ? jobRequests(kind, jobObject) : new Map(),
          resourceQuotas: quotas,
        })
      : [];

    return {
      target,
      pending: waiting,
      state: job.state,
      reasons,
      ...(position ? { position } : {}),
      events: mine.slice(-50).map((event) => ({
        type: event.type ?? 'Normal',
        reason: event.reason ?? '',
        message: event.message ?? '',
        object: `${event.involvedObject?.kind ?? ''}/${event.involvedObject?.name ?? ''}`,
        count: event.count ?? 1,
        ...(event.lastTimestamp || event.eventTime ? { lastSeen: event.lastTimestamp ?? event.eventTime! } : {}),
      })),
    };
  };

  return {
    snapshot({ contextId }, emit) {
      const handle = models.acquire(contextId, () => emit(handle.model.snapshot()));
      return handle;
    },

    async explain({ contextId, kind, namespace, name }) {
      return withModel(contextId, (model) => explainJob(model, kind, namespace, name));
    },

    async preview({ contextId, input }) {
      return withModel(contextId, (model) => render(model, input));
    },

    async submit({ contextId, input, dryRun }): Promise<SubmitResult> {
      return withModel(contextId, async (model) => {
        const preview = await render(model, input);
        const gvr = input.template === 'pytorchjob' ? JOB_RESOURCES['PyTorchJob']! : JOB_RESOURCES['Job']!;
        try {
          // Server-side apply: JSON is valid YAML, so the rendered object goes as the apply patch.
          const object = await kubeJson<Record<string, unknown>>(model.kubeConfig, objectPath(gvr, input.name, input.namespace), {
            method: 'PATCH',
            contentType: 'application/apply-patch+yaml',
            body: preview.object,
            query: { fieldManager: FIELD_MANAGER, ...(dryRun ? { dryRun: 'All' } : {}) },
          });
          log.info(dryRun ? 'job checked with a dry run' : 'job submitted', { context: contextId, namespace: input.namespace, name: input.name, resource: gvr.resource });
          return { dryRun, object, kubectl: submitCommand(`${input.name}.yaml`, dryRun) };
        } catch (error) {
          throw new AppErrorException(explainForbidden(error, 'patch', gvr, input.namespace, contextId));
        }
      });
    },

    async act({ contextId, kind, namespace, name, action }) {
      return withModel(contextId, async (model) => {
        const job = model.snapshot().jobs.find((row) => row.kind === kind && row.namespace === namespace && row.name === name);
        const plan = planJobAction({ kind, namespace, name, ...(job?.workload ? { workload: job.workload } : {}) }, action);
        const gvr = plan.resource === 'workload' ? kueueResources(model.plan.kueueVersion ?? 'v1beta2').workloads : JOB_RESOURCES[kind]!;
        try {
          await kubeJson(model.kubeConfig, objectPath(gvr, plan.name, namespace), {
            method: plan.method,
            ...(plan.patch ? { body: plan.patch, contentType: 'application/merge-patch+json' } : { query: { propagationPolicy: 'Background' } }),
          });
        } catch (error) {
          throw new AppErrorException(explainForbidden(error, plan.method === 'DELETE' ? 'delete' : 'patch', gvr, namespace, contextId));
        }
        log.info('job action done', { context: contextId, namespace, name, action, resource: gvr.resource });
        return { kubectl: plan.kubectl };
      });
    },

    dispose() {
      models.dispose();
    },
  };
}

async function readJob(model: SharedQueuesModel, kind: JobKind, namespace: string, name: string): Promise<JobLike | undefined> {
  try {
    return await kubeJson<JobLike>(model.kubeConfig, objectPath(JOB_RESOURCES[kind]!, name, namespace));
  } catch (error) {
    log.warn('job could not be read', { context: model.contextId, namespace, name, err: error });
    return undefined;
  }
}
