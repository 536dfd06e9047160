/**
 * A small contract for the transport suite: a method, two failing methods, a
 * method that waits for cancellation, and a stream whose server side the test
 * can drive and watch being disposed.
 */
import { z } from 'zod';
import { defineContract, method, stream, type ContractImpl } from '../../../shared/contract';
import { appError } from '../../../shared/result';

export const probeContract = defineContract('probe', {
  echo: method<{ text: string }>()(z.object({ text: z.string().max(20) })),
  forbidden: method<never>()(z.object({})),
  crash: method<never>()(z.object({})),
  /** Resolves only when the call is cancelled, which happens when its connection closes. */
  waitForCancel: method<never>()(z.object({})),
  /** Emits 0 when it opens, then whatever the test pushes to its topic. */
  feed: stream<number>()(z.object({ topic: z.string().min(1) })),
});

interface OpenFeed {
  topic: string;
  emit(value: number): void;
}

export function createProbeService() {
  const feeds = new Set<OpenFeed>();
  const closeWaiters: { topic: string; resolve(): void }[] = [];
  let cancelled = 0;
  let cancelWaiter: (() => void) | undefined;

  const settleWaiters = (): void => {
    for (const waiter of [...closeWaiters]) {
      if (![...feeds].some((feed) => feed.topic === waiter.topic)) {
        closeWaiters.splice(closeWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };

  const impl: ContractImpl<typeof probeContract> = {
    echo: async ({ text }) => ({ text }),
    forbidden: async () => {
      throw appError('Forbidden', 'You may not list pods in namespace tenant-a; ask an admin for the view role.', {
        denied: { verb: 'list', resource: 'pods', namespace: 'tenant-a' },
      });
    },
    crash: async () => {
      throw new Error('boom');
    },
    waitForCancel: (_input, context) =>
      new Promise<never>((_resolve, reject) => {
        context.signal.addEventListener('abort', () => {
          cancelled++;
          cancelWaiter?.();
          reject(context.signal.reason);
        });
      }),
    feed: ({ topic }, emit) => {
      if (topic === 'forbidden') {
        throw appError('Forbidden', 'You may not watch nodes; ask an admin for the view role.');
      }
      const feed: OpenFeed = { topic, emit };
      feeds.add(feed);
      emit(0);
      return {
        dispose: () => {
          feeds.delete(feed);
          settleWaiters();
        },
      };
    },
  };

  return {
    impl,
    /** Emits to every open feed of the topic; returns how many received it. */
    push(topic: string, value: number): number {
      const targets = [...feeds].filter((feed) => feed.topic === topic);
      targets.forEach((feed) => feed.emit(value));
      return targets.length;
    },
    openFeeds: (): number => feeds.size,
    /** Resolves once no feed of the topic is open on the server. */
    whenClosed(topic: string): Promise<void> {
      return new Promise((resolve) => {
        closeWaiters.push({ topic, resolve });
        settleWaiters();
      });
    },
    whenCancelled(): Promise<void> {
      return cancelled > 0 ? Promise.resolve() : new Promise((resolve) => (cancelWaiter = resolve));
    },
  };
}

export type ProbeService = ReturnType<typeof createProbeService>;
