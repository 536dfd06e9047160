/**
 * The port-forward manager: owns every forward, serves the `portforward`
 * contract, stores the forwards marked "keep" and restores them at start-up
 * listening only, so a restart does not open hundreds of upstream streams.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import type { CallContext, ContractImpl } from '../../shared/contract';
import type { portforwardContract, StartForwardInput } from '../../shared/contracts/portforward';
import type { ForwardState, KeptForward } from '../../shared/models/portforward';
import { appError, AppErrorException } from '../../shared/result';
import type { WatchCache } from '../cache/watch-cache';
import { reviewAccess } from '../clusters/probe';
import type { ClusterService } from '../clusters/service';
import { createLogger } from '../log';
import { toAppError } from '../transport/errors';
import { forbiddenPortForward } from './errors';
import { Forward } from './forward';
import { createKeptStore } from './kept-store';

const log = createLogger('portforward');

/** Counters change with every chunk; the screen needs a few updates a second at most. */
const EMIT_INTERVAL_MS = 250;

export interface PortForwardServiceOptions {
  clusters: Pick<ClusterService, 'connection' | 'connect'>;
  cache: WatchCache;
  /** Folder of the app's own state; the kept forwards live in `portforwards.json` there. */
  userDataDir: string;
  /** WebSocket ping period of each connection; 30 s by default. */
  pingIntervalMs?: number;
}

export interface PortForwardService extends ContractImpl<typeof portforwardContract> {
  /** Starts a forward for another service (notebooks), with the same checks as the contract method. */
  startForward(input: StartForwardInput): Promise<ForwardState>;
  /** Listens again on every kept forward's port; upstream streams open on the first connection. */
  restore(): Promise<void>;
  dispose(): Promise<void>;
}

const directContext = (): CallContext => ({ transport: 'direct', signal: new AbortController().signal });

/** Allows the forward when the user may `create` or `get` pods/portforward (servers before 1.35 check only `get` for WebSockets). */
async function checkPortForwardAccess(kubeConfig: KubeConfig, namespace: string): Promise<void> {
  let checks;
  try {
    checks = await reviewAccess(kubeConfig, [
      { verb: 'create', group: '', resource: 'pods', subresource: 'portforward', namespace },
      { verb: 'get', group: '', resource: 'pods', subresource: 'portforward', namespace },
    ]);
  } catch (error) {
    // The upgrade itself reports a 403 with the same message, so an unanswered review blocks nothing.
    log.warn('access review failed; trying the forward anyway', { namespace, err: toAppError(error).message });
    return;
  }
  if (!checks.some((check) => check.allowed)) {
    throw new AppErrorException(forbiddenPortForward(namespace, checks[0]?.reason));
  }
}

export function createPortForwardService(options: PortForwardServiceOptions): PortForwardService {
  const forwards = new Map<string, Forward>();
  const listeners = new Set<(states: ForwardState[]) => void>();
  const store = createKeptStore(join(options.userDataDir, 'portforwards.json'), log);
  let emitTimer: NodeJS.Timeout | undefined;
  let disposed = false;

  const states = (): ForwardState[] => [...forwards.values()].map((forward) => forward.state());

  const scheduleEmit = (): void => {
    if (emitTimer || disposed) {
      return;
    }
    emitTimer = setTimeout(() => {
      emitTimer = undefined;
      const snapshot = states();
      listeners.forEach((listener) => listener(snapshot));
    }, EMIT_INTERVAL_MS);
    emitTimer.unref();
  };

  const persist = (): Promise<void> => {
    const kept: KeptForward[] = [...forwards.values()]
      .map((forward) => forward.state())
      .filter((state) => state.keep)
      .map((state) => ({ contextId: state.contextId, target: state.target, localPort: state.localPort }));
    return store.write(kept);
  };

  const kubeConfigFor = async (contextId: string): Promise<KubeConfig> => {
    try {
      return options.clusters.connection(contextId).kubeConfig;
    } catch {
      // Not connected yet (a restored forward's first connection): connect, then ask again.
      const status = await options.clusters.connect({ contextId }, directContext());
      if (status.error) {
        throw new AppErrorException(status.error);
      }
      return options.clusters.connection(contextId).kubeConfig;
    }
  };

  const create = (input: { contextId: string; target: StartForwardInput['target']; localPort: number; keep: boolean }): Forward => {
    const forward = new Forward(
      { id: randomUUID(), ...input },
      {
        cache: options.cache,
        kubeConfigFor,
        checkAccess: checkPortForwardAccess,
        log,
        onChange: scheduleEmit,
        ...(options.pingIntervalMs ? { pingIntervalMs: options.pingIntervalMs } : {}),
      },
    );
    return forward;
  };

  const find = (id: string): Forward => {
    const forward = forwards.get(id);
    if (!forward) {
      throw appError('NotFound', `Port-forward ${id} does not exist; it was stopped. Refresh the list.`);
    }
    return forward;
  };

  const startForward = async (input: StartForwardInput): Promise<ForwardState> => {
    const forward = create(input);
    await forward.start(false);
    forwards.set(forward.id, forward);
    if (input.keep) {
      await persist();
    }
    scheduleEmit();
    log.info('forward started', { context: input.contextId, namespace: input.target.namespace, name: input.target.name, port: forward.state().localPort });
    return forward.state();
  };

  const stopForward = async (id: string): Promise<ForwardState> => {
    const forward = find(id);
    await forward.stop('Stopped by the user.');
    forwards.delete(id);
    if (forward.state().keep) {
      await persist();
    }
    scheduleEmit();
    return forward.state();
  };

  return {
    start: (input) => startForward(input),

    stop: ({ id }) => stopForward(id),

    async restart({ id }) {
      const old = find(id).state();
      await stopForward(id);
      return startForward({ contextId: old.contextId, target: old.target, localPort: old.localPort, keep: old.keep });
    },

    list: async () => states(),

    async setKeep({ id, keep }) {
      const forward = find(id);
      forward.setKeep(keep);
      await persist();
      return forward.state();
    },

    onDidChange(_input, emit) {
      emit(states());
      listeners.add(emit);
      return { dispose: () => listeners.delete(emit) };
    },

    startForward,

    async restore() {
      const kept = await store.read();
      for (const entry of kept) {
        const forward = create({ ...entry, keep: true });
        forwards.set(forward.id, forward);
        try {
          await forward.start(true);
        } catch (error) {
          // The forward stays listed as failed, still kept, so the user can restart or stop it.
          forward.fail(toAppError(error));
        }
      }
      if (kept.length > 0) {
        log.info('kept forwards restored', { count: kept.length });
      }
      scheduleEmit();
    },

    async dispose() {
      disposed = true;
      clearTimeout(emitTimer);
      listeners.clear();
      await Promise.all([...forwards.values()].map((forward) => forward.stop('The app is closing.')));
      forwards.clear();
    },
  };
}
