import { z } from 'zod';
import { defineContract, method, stream } from '../contract';
import {
  localPortProblem,
  namespaceProblem,
  normalizeRemotePort,
  objectNameProblem,
  remotePortProblem,
  type ForwardState,
} from '../models/portforward';

const contextId = z.string().min(1).max(4096);

/** Turns a pure check that returns a sentence into a zod refinement with that sentence as the message. */
function check<T>(problem: (value: T) => string | undefined) {
  return (value: T, context: z.RefinementCtx): void => {
    const message = problem(value);
    if (message) {
      context.addIssue({ code: 'custom', message });
    }
  };
}

export const forwardTargetSchema = z
  .object({
    kind: z.enum(['pod', 'service']),
    namespace: z.string().superRefine(check(namespaceProblem)),
    name: z.string(),
    port: z.union([z.number(), z.string()]).superRefine(check(remotePortProblem)).transform(normalizeRemotePort),
  })
  .superRefine((target, context) => {
    const message = objectNameProblem(target.kind, target.name);
    if (message) {
      context.addIssue({ code: 'custom', message, path: ['name'] });
    }
  });

export const startForwardSchema = z.object({
  contextId,
  target: forwardTargetSchema,
  /** 0 (default) picks a free port. */
  localPort: z.number().superRefine(check(localPortProblem)).default(0),
  keep: z.boolean().default(false),
});

const forwardId = z.object({ id: z.string().min(1).max(128) });

/** Port-forwards from 127.0.0.1 to pods and Services, one stream per TCP connection, healing when the pod is replaced. */
export const portforwardContract = defineContract('portforward', {
  /**
   * Listens on 127.0.0.1 and resolves the target to a Ready pod. Resolves once listening with the
   * forward's state (`active`, or `reconnecting` while no Ready pod exists). Rejects with InvalidInput
   * (bad name or port, local port in use), Forbidden naming `create pods/portforward`, or NotFound.
   */
  start: method<ForwardState>()(startForwardSchema),
  /** Closes the listener and every connection and removes the forward; a kept forward is also forgotten. */
  stop: method<ForwardState>()(forwardId),
  /** Stops a forward and starts it again on the same local port, for example after a failure was fixed. */
  restart: method<ForwardState>()(forwardId),
  /** Every forward that has not been stopped, failed ones included. */
  list: method<ForwardState[]>()(z.object({})),
  /** Marks a forward to be restored (lazily, listening only) on the next start of the app. */
  setKeep: method<ForwardState>()(z.object({ id: z.string().min(1).max(128), keep: z.boolean() })),
  /** Pushes every forward's state when one changes; counters update at most a few times a second. */
  onDidChange: stream<ForwardState[]>()(z.object({})),
});

export type StartForwardInput = z.output<typeof startForwardSchema>;
