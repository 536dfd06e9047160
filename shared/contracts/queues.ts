import { z } from 'zod';
import { defineContract, method, stream } from '../contract';
import type { JobPreview, PendingExplanation, QueuesSnapshot, SubmitResult } from '../models/queues';

const contextId = z.string().min(1).max(4096);
const kubeName = z.string().min(1).max(253);
const jobKind = z.enum(['PyTorchJob', 'TFJob', 'MPIJob', 'TrainJob', 'Job']);

/** Values of a job template; checked in main again before anything is sent. */
export const jobTemplateInputSchema = z.object({
  template: z.enum(['pytorchjob', 'batch-job']),
  namespace: z.string().max(253),
  name: z.string().max(253),
  queue: z.string().max(253).default(''),
  image: z.string().max(1024),
  command: z.array(z.string().max(4096)).max(256),
  gpus: z.number(),
  gpuResource: z.string().max(253).default('nvidia.com/gpu'),
  workers: z.number().default(0),
});

const jobTarget = z.object({ contextId, kind: jobKind, namespace: kubeName, name: kubeName });

/** The Queues screen: Kueue queues and workloads, training and batch jobs, and actions on jobs. */
export const queuesContract = defineContract('queues', {
  /** The whole screen of one context, pushed at most a few times a second. */
  snapshot: stream<QueuesSnapshot>()(z.object({ contextId })),
  /** Why a job waits, with the scheduler's events and the namespace's quota; read on demand. */
  explain: method<PendingExplanation>()(jobTarget),
  /** Renders a template with the values, as YAML and the equivalent kubectl command. Errors: InvalidInput naming the field. */
  preview: method<JobPreview>()(z.object({ contextId, input: jobTemplateInputSchema })),
  /** Server-side applies the rendered job; `dryRun` asks the API server to check it without storing it (dryRun=All). */
  submit: method<SubmitResult>()(z.object({ contextId, input: jobTemplateInputSchema, dryRun: z.boolean().default(false) })),
  /** Suspends, resumes or deletes a job; returns the kubectl command that does the same. */
  act: method<{ kubectl: string }>()(jobTarget.extend({ action: z.enum(['suspend', 'resume', 'delete']) })),
});
