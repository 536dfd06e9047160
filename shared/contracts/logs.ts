import { z } from 'zod';
import { defineContract, method, stream } from '../contract';
import type { LogEvent, PodSummary } from '../models/logs';

const name = z.string().min(1).max(253);
const contextId = z.string().min(1).max(4096);

const sourceSelector = z.discriminatedUnion('kind', [
  /** One container, or every container of the pod when `container` is absent. */
  z.object({ kind: z.literal('pod'), pod: name, container: name.optional() }),
  /** Every container of every pod of a Job, including pods that start while following. */
  z.object({ kind: z.literal('job'), job: name }),
]);

const followInput = z
  .object({
    contextId,
    namespace: name,
    selector: sourceSelector,
    follow: z.boolean().default(true),
    previous: z.boolean().default(false),
    timestamps: z.boolean().default(false),
    /** Lines from the end of the log to start with; all lines when absent. */
    tailLines: z.number().int().min(0).max(1_000_000).optional(),
    sinceSeconds: z.number().int().min(1).optional(),
    /** RFC 3339 time; the server accepts at most one of sinceSeconds and sinceTime. */
    sinceTime: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((input) => input.sinceSeconds === undefined || input.sinceTime === undefined, {
    message: 'give sinceSeconds or sinceTime, not both',
    path: ['sinceTime'],
  });

/** Container logs: one stream per subscription, reading one or many containers. */
export const logsContract = defineContract('logs', {
  /** Pods of a namespace with their containers, for the source pickers of logs and terminals. */
  pods: method<PodSummary[]>()(z.object({ contextId, namespace: name })),
  /** Streams lines in batches; a Forbidden or missing container fails only that source. */
  stream: stream<LogEvent>()(followInput),
});

export type LogStreamInput = z.input<typeof followInput>;
