/**
 * Port-forwards made on demand for "try it", metrics and apps, through the
 * port-forward manager, so they show up (and can be stopped) with the
 * user's other forwards. One forward per (context, target, port) is reused
 * while it works and stopped after it has been unused for a while.
 */
import type { CallContext } from '../../shared/contract';
import type { ForwardState, ForwardTarget } from '../../shared/models/portforward';
import type { PortForwardService } from '../portforward/service';
import type { Logger } from '../log';
import { toAppError } from '../transport/errors';

export type ForwardManager = Pick<PortForwardService, 'startForward' | 'stop' | 'list'>;

/** An unused on-demand forward is stopped after this long; an app the user opened is kept while it is used. */
export const FORWARD_IDLE_MS = 10 * 60_000;
const SWEEP_INTERVAL_MS = 60_000;

const USABLE: ReadonlySet<ForwardState['phase']> = new Set(['starting', 'idle', 'active', 'reconnecting']);

interface Entry {
  id: string;
  url: string;
  lastUsed: number;
}

export interface ForwardPool {
  /** Returns a working forward to the target, starting one if needed. */
  acquire(contextId: string, target: ForwardTarget): Promise<ForwardState>;
  /** The state of a forward this pool started, for richer error messages. */
  state(id: string): Promise<ForwardState | undefined>;
  dispose(): Promise<void>;
}

const direct = (): CallContext => ({ transport: 'direct', signal: new AbortController().signal });

function keyOf(contextId: string, target: ForwardTarget): string {
  return JSON.stringify([contextId, target.kind, target.namespace, target.name, target.port]);
}

export function createForwardPool(manager: ForwardManager, log: Logger, idleMs = FORWARD_IDLE_MS): ForwardPool {
  const entries = new Map<string, Entry>();
  const starting = new Map<string, Promise<ForwardState>>();

  const stop = async (key: string, entry: Entry, why: string): Promise<void> => {
    entries.delete(key);
    try {
      await manager.stop({ id: entry.id }, direct());
      log.info('on-demand forward stopped', { forward: entry.id, reason: why });
    } catch (error) {
      // The user may have stopped it on the Sessions screen already.
      log.debug('on-demand forward was already gone', { forward: entry.id, err: toAppError(error).message });
    }
  };

  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [key, entry] of entries) {
      if (now - entry.lastUsed > idleMs) {
        void stop(key, entry, 'unused');
      }
    }
  }, SWEEP_INTERVAL_MS);
  sweep.unref();

  const find = async (id: string): Promise<ForwardState | undefined> => (await manager.list({}, direct())).find((state) => state.id === id);

  const start = async (key: string, contextId: string, target: ForwardTarget): Promise<ForwardState> => {
    const existing = entries.get(key);
    if (existing) {
      const state = await find(existing.id);
      if (state && USABLE.has(state.phase)) {
        existing.lastUsed = Date.now();
        return state;
      }
      await stop(key, existing, state ? `phase ${state.phase}` : 'gone');
    }
    const state = await manager.startForward({ contextId, target, localPort: 0, keep: false });
    entries.set(key, { id: state.id, url: state.url, lastUsed: Date.now() });
    log.info('on-demand forward started', { context: contextId, namespace: target.namespace, name: target.name, port: state.localPort });
    return state;
  };

  return {
    acquire(contextId, target) {
      const key = keyOf(contextId, target);
      // Two panels asking at once share one start instead of racing for two listeners.
      let pending = starting.get(key);
      if (!pending) {
        pending = start(key, contextId, target).finally(() => starting.delete(key));
        starting.set(key, pending);
      }
      return pending;
    },

    state: find,

    async dispose() {
      clearInterval(sweep);
      await Promise.all([...entries].map(([key, entry]) => stop(key, entry, 'closing')));
    },
  };
}
