/**
 * Pod terminals: exec and attach sessions behind the terminals contract. A
 * session belongs to the `events` subscription that receives its output, so
 * unsubscribing, or closing the window that subscribed, ends it.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ContractImpl } from '../../shared/contract';
import type { terminalsContract } from '../../shared/contracts/terminals';
import { TERMINAL_FLOW, type TerminalEnd } from '../../shared/models/terminals';
import { appError } from '../../shared/result';
import type { ClusterService } from '../clusters/service';
import { createLogger } from '../log';
import { chooseContainer, readPod } from '../logs/pods';
import { openChannelSocket } from './channel-socket';
import type { Watermarks } from './flow-control';
import { TerminalSession, type SessionStats } from './session';
import { shellCandidates } from './shell';
import { isStartFailure } from './status';

const log = createLogger('terminals');

export interface TerminalServiceOptions {
  clusters: Pick<ClusterService, 'connection'>;
  /** WebSocket ping interval; 30 s keeps proxies with idle timers of a minute or more from closing the stream. */
  pingIntervalMs?: number;
  /** How long an opened session waits for its `events` subscription before it is closed. */
  orphanTimeoutMs?: number;
  /** How long a fallback shell has to print something or fail before it counts as started. */
  startProbeMs?: number;
  flow?: Watermarks;
}

export interface TerminalService extends ContractImpl<typeof terminalsContract> {
  /** Number of live sessions, for tests that check nothing leaked. */
  sessionCount(): number;
  /** Keep-alive and flow-control counters of one session; undefined when it is not open. */
  sessionStats(sessionId: string): SessionStats | undefined;
  dispose(): void;
}

interface Entry {
  session: TerminalSession;
  orphanTimer: NodeJS.Timeout | undefined;
}

export function createTerminalService(options: TerminalServiceOptions): TerminalService {
  const pingIntervalMs = options.pingIntervalMs ?? 30_000;
  const orphanTimeoutMs = options.orphanTimeoutMs ?? 30_000;
  const startProbeMs = options.startProbeMs ?? 1_500;
  const flow = options.flow ?? TERMINAL_FLOW;
  const sessions = new Map<string, Entry>();

  const remove = (sessionId: string): void => {
    const entry = sessions.get(sessionId);
    if (!entry) {
      return;
    }
    sessions.delete(sessionId);
    clearTimeout(entry.orphanTimer);
    entry.session.close();
  };

  const find = (sessionId: string): TerminalSession => {
    const entry = sessions.get(sessionId);
    if (!entry) {
      throw appError('NotFound', `Terminal session ${sessionId} is not open; open a new terminal.`);
    }
    return entry.session;
  };

  const connect = async (kc: KubeConfig, namespace: string, pod: string, subresource: 'exec' | 'attach', query: URLSearchParams): Promise<TerminalSession> => {
    const socket = await openChannelSocket(kc, { namespace, pod, subresource, query });
    return new TerminalSession({ socket, pingIntervalMs, flow, log: log.child(subresource) });
  };

  /** Tries each command in turn; a command that ends at once as "not found" gives way to the next. */
  const startExec = async (kc: KubeConfig, input: { namespace: string; pod: string; container: string; cols: number; rows: number }, candidates: string[][]) => {
    let lastEnd: TerminalEnd | undefined;
    for (const [index, command] of candidates.entries()) {
      const query = new URLSearchParams({ container: input.container, stdin: 'true', stdout: 'true', stderr: 'false', tty: 'true' });
      command.forEach((part) => query.append('command', part));
      const session = await connect(kc, input.namespace, input.pod, 'exec', query);
      session.resize(input.cols, input.rows);
      if (index === candidates.length - 1) {
        return { session, command };
      }
      const end = await Promise.race([session.whenEnded(), delay(startProbeMs).then(() => undefined)]);
      if (end === undefined || session.hasOutput || !isStartFailure(end)) {
        return { session, command };
      }
      lastEnd = end;
      log.info('shell did not start; trying the next one', { namespace: input.namespace, name: input.pod, command: command.join(' ') });
    }
    throw appError('NotFound', `No shell could start in container ${input.container} of pod ${input.namespace}/${input.pod}: ${lastEnd?.message ?? 'no candidates'}.`);
  };

  return {
    async open(input) {
      const { kubeConfig } = options.clusters.connection(input.contextId);
      const pod = await readPod(kubeConfig, input.namespace, input.pod);
      const container = chooseContainer(pod, input.namespace, input.container);
      const target = { namespace: input.namespace, pod: input.pod, container, cols: input.cols, rows: input.rows };

      let session: TerminalSession;
      let command: string[] = [];
      if (input.mode === 'attach') {
        const summary = pod.containers.find((candidate) => candidate.name === container);
        const query = new URLSearchParams({ container, stdin: String(summary?.stdin ?? false), stdout: 'true', stderr: String(!summary?.tty), tty: String(summary?.tty ?? false) });
        session = await connect(kubeConfig, input.namespace, input.pod, 'attach', query);
        session.resize(input.cols, input.rows);
      } else {
        ({ session, command } = await startExec(kubeConfig, target, input.command ? [input.command] : shellCandidates(input.shell)));
      }

      const sessionId = randomUUID();
      const orphanTimer = setTimeout(() => {
        if (!session.isSubscribed) {
          log.warn('terminal session never subscribed; closing it', { namespace: input.namespace, name: input.pod });
          remove(sessionId);
        }
      }, orphanTimeoutMs);
      sessions.set(sessionId, { session, orphanTimer });
      log.info('terminal opened', { namespace: input.namespace, name: input.pod, container, mode: input.mode });
      return { sessionId, container, command };
    },

    events({ sessionId }, emit) {
      const entry = sessions.get(sessionId);
      if (!entry) {
        throw appError('NotFound', `Terminal session ${sessionId} is not open; open a new terminal.`);
      }
      if (entry.session.isSubscribed) {
        throw appError('Conflict', `Terminal session ${sessionId} already has a subscriber.`);
      }
      clearTimeout(entry.orphanTimer);
      entry.session.subscribe(emit);
      return { dispose: () => remove(sessionId) };
    },

    async input({ sessionId, data, encoding }) {
      find(sessionId).input(Buffer.from(data, encoding === 'base64' ? 'base64' : 'utf8'));
      return null;
    },

    async resize({ sessionId, cols, rows }) {
      find(sessionId).resize(cols, rows);
      return null;
    },

    async ack({ sessionId, bytes }) {
      sessions.get(sessionId)?.session.acknowledge(bytes);
      return null;
    },

    async close({ sessionId }) {
      remove(sessionId);
      return null;
    },

    sessionCount: () => sessions.size,

    sessionStats: (sessionId) => sessions.get(sessionId)?.session.stats(),

    dispose() {
      for (const sessionId of [...sessions.keys()]) {
        remove(sessionId);
      }
    },
  };
}
