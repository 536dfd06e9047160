/**
 * The one contract test suite that every transport must pass. A transport is
 * given as a factory that serves a ServiceHost and opens client sessions on it.
 * The suite checks calls, errors, validation, streams and cleanup through the
 * typed client of shared/client.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClientConnection, type ClientConnection } from '../../../shared/client';
import type { StreamEvent } from '../../../shared/contract';
import type { ClientPort } from '../../../shared/wire';
import { createServiceHost, type ServiceHost } from '../../../main/transport/host';
import { createProbeService, probeContract, type ProbeService } from './probe-service';

/** One client connection over the transport under test. */
export interface TransportSession {
  port: ClientPort;
  /** Ends the connection as the client would (socket closed, window gone); resolves once the client side is closed. */
  close(): Promise<void>;
}

export interface TransportUnderTest {
  open(): Promise<TransportSession>;
  dispose(): Promise<void>;
}

export type ConnectFactory = (host: ServiceHost) => Promise<TransportUnderTest>;

/** Collects stream events and lets a test wait for the n-th one. */
function recorder() {
  const events: StreamEvent<number>[] = [];
  const waiters: { count: number; resolve(): void }[] = [];
  return {
    events,
    listener: (event: StreamEvent<number>) => {
      events.push(event);
      for (const waiter of waiters.filter((w) => events.length >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    },
    until: (count: number): Promise<void> =>
      events.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
  };
}

const values = (events: StreamEvent<number>[]): number[] => events.flatMap((e) => (e.type === 'value' ? [e.value] : []));

export function describeTransportContract(name: string, connect: ConnectFactory): void {
  describe(`transport contract: ${name}`, () => {
    let service: ProbeService;
    let transport: TransportUnderTest;
    let sessions: TransportSession[];

    const openClient = async (): Promise<{ session: TransportSession; connection: ClientConnection }> => {
      const session = await transport.open();
      sessions.push(session);
      return { session, connection: createClientConnection(session.port) };
    };

    beforeEach(async () => {
      const host = createServiceHost();
      service = createProbeService();
      host.register(probeContract, service.impl);
      transport = await connect(host);
      sessions = [];
    });

    afterEach(async () => {
      await Promise.all(sessions.map((session) => session.close()));
      await transport.dispose();
      expect(service.openFeeds()).toBe(0);
    });

    it('returns a method value', async () => {
      const { connection } = await openClient();
      const result = await connection.client(probeContract).echo({ text: 'hello' });
      expect(result).toEqual({ ok: true, value: { text: 'hello' } });
    });

    it('passes an AppError through with its kind, message and fields', async () => {
      const { connection } = await openClient();
      const result = await connection.client(probeContract).forbidden({});
      expect(result).toEqual({
        ok: false,
        error: {
          kind: 'Forbidden',
          message: 'You may not list pods in namespace tenant-a; ask an admin for the view role.',
          denied: { verb: 'list', resource: 'pods', namespace: 'tenant-a' },
        },
      });
    });

    it('turns an unexpected exception into an Internal error', async () => {
      const { connection } = await openClient();
      const result = await connection.client(probeContract).crash({});
      expect(result).toEqual({ ok: false, error: { kind: 'Internal', message: 'boom' } });
    });

    it('rejects invalid input with InvalidInput naming the field', async () => {
      const { connection } = await openClient();
      const result = await connection.client(probeContract).echo({ text: 42 as unknown as string });
      expect(result).toMatchObject({ ok: false, error: { kind: 'InvalidInput', message: expect.stringMatching(/^Invalid input for probe\.echo: text: /) } });
    });

    it('delivers several stream values in order', async () => {
      const { connection } = await openClient();
      const feed = recorder();
      const unsubscribe = connection.client(probeContract).feed({ topic: 'gpus' }, feed.listener);
      await feed.until(1);

      expect([1, 2, 3].map((value) => service.push('gpus', value))).toEqual([1, 1, 1]);
      await feed.until(4);
      expect(feed.events).toEqual([0, 1, 2, 3].map((value) => ({ type: 'value', value })));
      unsubscribe();
    });

    it('stops a stream on unsubscribe and disposes it on the server', async () => {
      const { connection } = await openClient();
      const probe = connection.client(probeContract);
      const feed = recorder();
      const unsubscribe = probe.feed({ topic: 'nodes' }, feed.listener);
      await feed.until(1);

      unsubscribe();
      await service.whenClosed('nodes');
      expect(service.push('nodes', 7)).toBe(0);
      // Messages keep their order, so a call that completes proves no late value is in flight.
      await probe.echo({ text: 'after' });
      expect(values(feed.events)).toEqual([0]);
    });

    it('ends a stream with a terminal error when opening it fails', async () => {
      const { connection } = await openClient();
      const feed = recorder();
      connection.client(probeContract).feed({ topic: 'forbidden' }, feed.listener);
      await feed.until(1);
      expect(feed.events).toEqual([{ type: 'error', error: { kind: 'Forbidden', message: 'You may not watch nodes; ask an admin for the view role.' } }]);
    });

    it('rejects invalid stream input with InvalidInput naming the field', async () => {
      const { connection } = await openClient();
      const feed = recorder();
      connection.client(probeContract).feed({ topic: '' }, feed.listener);
      await feed.until(1);
      expect(feed.events).toMatchObject([{ type: 'error', error: { kind: 'InvalidInput', message: expect.stringMatching(/^Invalid input for probe\.feed: topic: /) } }]);
    });

    it('disposes every stream and cancels every call when the connection closes', async () => {
      const { session, connection } = await openClient();
      const probe = connection.client(probeContract);
      const first = recorder();
      const second = recorder();
      probe.feed({ topic: 'a' }, first.listener);
      probe.feed({ topic: 'b' }, second.listener);
      void probe.waitForCancel({});
      await Promise.all([first.until(1), second.until(1)]);

      await session.close();
      await Promise.all([service.whenClosed('a'), service.whenClosed('b'), service.whenCancelled()]);
      expect(service.openFeeds()).toBe(0);
    });

    it('keeps connections apart: closing one leaves the other streaming', async () => {
      const one = await openClient();
      const two = await openClient();
      const kept = recorder();
      const dropped = recorder();
      const unsubscribe = two.connection.client(probeContract).feed({ topic: 'kept' }, kept.listener);
      one.connection.client(probeContract).feed({ topic: 'dropped' }, dropped.listener);
      await Promise.all([kept.until(1), dropped.until(1)]);

      await one.session.close();
      await service.whenClosed('dropped');
      expect(service.push('kept', 5)).toBe(1);
      await kept.until(2);
      expect(values(kept.events)).toEqual([0, 5]);
      unsubscribe();
      await service.whenClosed('kept');
    });
  });
}
