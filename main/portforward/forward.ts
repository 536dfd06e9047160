/**
 * One port-forward: a listener on 127.0.0.1, a watch that keeps the target
 * resolved to a Ready pod, and one WebSocket per accepted TCP connection.
 * Connections to a pod that went away or was replaced are closed so clients
 * reconnect, and new ones go to the pod's successor as soon as it is Ready.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ForwardPod, ForwardState, ForwardTarget } from '../../shared/models/portforward';
import { appError, type AppError } from '../../shared/result';
import type { WatchCache } from '../cache/watch-cache';
import type { Logger } from '../log';
import { toAppError } from '../transport/errors';
import { localPortInUse } from './errors';
import { reduceForward, replacedReason, type ForwardEvent, type PhaseState } from './state';
import { forwardConnection, type ForwardedConnection } from './stream';
import { watchTarget, type Resolution, type TargetWatch } from './target-watch';

export const LOCAL_ADDRESS = '127.0.0.1';
/** How long a new connection waits for a Ready pod while the forward is reconnecting. */
const CONNECTION_WAIT_MS = 20_000;
/** How long `start` waits for the first list of the target before it reports what it found. */
const START_WAIT_MS = 10_000;

export interface ForwardDeps {
  cache: WatchCache;
  /** Returns the context's own KubeConfig, connecting the context first when needed. */
  kubeConfigFor(contextId: string): Promise<KubeConfig>;
  /** Checks `create pods/portforward` in the namespace; throws a Forbidden AppErrorException when denied. */
  checkAccess(kubeConfig: KubeConfig, namespace: string): Promise<void>;
  log: Logger;
  /** Called after every change of state or counters; the manager coalesces. */
  onChange(): void;
  pingIntervalMs?: number;
}

export interface ForwardOptions {
  id: string;
  contextId: string;
  target: ForwardTarget;
  localPort: number;
  keep: boolean;
}

interface Tracked {
  connection: ForwardedConnection;
  uid: string;
}

export class Forward {
  private phase: PhaseState = { phase: 'starting' };
  private server: Server | undefined;
  private watch: TargetWatch | undefined;
  private watching: Promise<TargetWatch> | undefined;
  private kubeConfig: KubeConfig | undefined;
  private readonly connections = new Set<Tracked>();
  private readonly sockets = new Set<Socket>();
  private readonly counters = { total: 0, failed: 0, sent: 0, received: 0 };
  private lastConnectionError: string | undefined;
  private readonly startedAt = new Date().toISOString();
  private localPort: number;
  private keep: boolean;

  constructor(
    private readonly options: ForwardOptions,
    private readonly deps: ForwardDeps,
  ) {
    this.localPort = options.localPort;
    this.keep = options.keep;
  }

  get id(): string {
    return this.options.id;
  }

  get isStopped(): boolean {
    return this.phase.phase === 'stopped';
  }

  state(): ForwardState {
    const { phase, pod, reason, error } = this.phase;
    return {
      id: this.options.id,
      contextId: this.options.contextId,
      target: { ...this.options.target },
      localAddress: LOCAL_ADDRESS,
      localPort: this.localPort,
      url: `http://${LOCAL_ADDRESS}:${this.localPort}`,
      phase,
      ...(reason ? { reason } : {}),
      ...(error ? { error } : {}),
      ...(pod ? { pod: { ...pod } } : {}),
      keep: this.keep,
      connections: this.connections.size,
      totalConnections: this.counters.total,
      failedConnections: this.counters.failed,
      ...(this.lastConnectionError ? { lastConnectionError: this.lastConnectionError } : {}),
      bytesSent: this.counters.sent,
      bytesReceived: this.counters.received,
      startedAt: this.startedAt,
    };
  }

  /** Marks the forward failed from outside, for example when a restored forward cannot listen. */
  fail(error: AppError): void {
    this.apply({ type: 'failed', reason: error.message, error });
  }

  setKeep(keep: boolean): void {
    this.keep = keep;
    this.deps.onChange();
  }

  /**
   * Listens and, unless `lazy`, resolves the target and checks access before resolving.
   * A lazy forward (restored at start-up) only listens; its first connection does the rest.
   */
  async start(lazy: boolean): Promise<void> {
    await this.listen();
    this.apply({ type: 'listening', lazy });
    if (lazy) {
      return;
    }
    try {
      const watch = await this.ensureWatching();
      await this.awaitFirstResolution(watch);
    } catch (error) {
      const appErr = toAppError(error);
      await this.stop(appErr.message);
      throw error;
    }
  }

  async stop(reason?: string): Promise<void> {
    if (this.isStopped) {
      return;
    }
    this.apply({ type: 'stopped', ...(reason ? { reason } : {}) });
    this.watch?.dispose();
    this.watch = undefined;
    this.connections.forEach((tracked) => tracked.connection.close());
    // Sockets still waiting for a pod have no connection yet.
    this.sockets.forEach((socket) => socket.destroy());
    const server = this.server;
    this.server = undefined;
    if (server) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    this.deps.log.info('forward stopped', { name: this.options.target.name, namespace: this.options.target.namespace, port: this.localPort });
  }

  private apply(event: ForwardEvent): void {
    const before = this.phase.phase;
    this.phase = reduceForward(this.phase, event);
    if (before !== this.phase.phase) {
      const { namespace, name } = this.options.target;
      this.deps.log.info('forward phase', { namespace, name, port: this.localPort, from: before, to: this.phase.phase, reason: this.phase.reason });
    }
    this.deps.onChange();
  }

  private listen(): Promise<void> {
    // Half-open sockets let a client that ends its side still read the reply.
    const server = createServer({ allowHalfOpen: true, pauseOnConnect: true }, (socket) => void this.accept(socket));
    return new Promise((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => {
        reject(error.code === 'EADDRINUSE' ? appError('InvalidInput', localPortInUse(this.localPort).message) : error);
      });
      server.listen({ host: LOCAL_ADDRESS, port: this.localPort }, () => {
        server.removeAllListeners('error');
        server.on('error', (error) => this.deps.log.error('listener failed', { port: this.localPort, err: error }));
        const address = server.address();
        this.localPort = typeof address === 'object' && address ? address.port : this.localPort;
        this.server = server;
        resolve();
      });
    });
  }

  /** Starts the target watch once; concurrent first connections share it. */
  private ensureWatching(): Promise<TargetWatch> {
    this.watching ??= (async () => {
      const kubeConfig = await this.deps.kubeConfigFor(this.options.contextId);
      await this.deps.checkAccess(kubeConfig, this.options.target.namespace);
      if (this.isStopped) {
        throw appError('Cancelled', 'The forward was stopped while it started.');
      }
      this.kubeConfig = kubeConfig;
      this.watch = watchTarget({
        cache: this.deps.cache,
        contextId: this.options.contextId,
        kubeConfig,
        target: this.options.target,
        onChange: (resolution) => this.onResolution(resolution),
      });
      return this.watch;
    })();
    // A failed start (context not connected, access denied) may succeed on the next connection.
    this.watching.catch(() => (this.watching = undefined));
    return this.watching;
  }

  /** Waits for the first list; a missing pod or a wrong port fails `start` so the user sees the typo at once. */
  private async awaitFirstResolution(watch: TargetWatch): Promise<void> {
    const deadline = Date.now() + START_WAIT_MS;
    while (!watch.current().synced && !watch.current().problem && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const resolution = watch.current();
    const { target } = this.options;
    if (resolution.fatal && resolution.problem) {
      throw appError('InvalidInput', resolution.problem, { namespace: target.namespace });
    }
    if (target.kind === 'pod' && resolution.synced && !resolution.observedUid) {
      throw appError('NotFound', `Pod ${target.namespace}/${target.name} was not found; check the name and namespace.`, { namespace: target.namespace });
    }
    if (!resolution.synced && resolution.problem) {
      throw appError('Unavailable', resolution.problem, { namespace: target.namespace });
    }
  }

  private onResolution(resolution: Resolution): void {
    const bound = this.phase.pod;
    if (resolution.pod) {
      if (bound && bound.uid !== resolution.pod.uid) {
        this.closeConnectionsOf(bound.uid);
      }
      this.apply({ type: 'podReady', pod: resolution.pod });
      return;
    }
    if (!resolution.problem) {
      return;
    }
    if (resolution.fatal) {
      this.apply({ type: 'failed', reason: resolution.problem });
      return;
    }
    const replaced = bound && resolution.observedUid && resolution.observedUid !== bound.uid;
    if (bound && (replaced || !resolution.observedUid)) {
      // The pod behind these connections is gone; closing them lets clients reconnect to its successor.
      this.closeConnectionsOf(bound.uid);
    }
    const reason = replaced && bound && resolution.observedUid ? `${replacedReason(bound.uid, resolution.observedUid)} ${resolution.problem}` : resolution.problem;
    this.apply({ type: 'podUnavailable', reason });
  }

  private closeConnectionsOf(uid: string): void {
    for (const tracked of this.connections) {
      if (tracked.uid === uid) {
        tracked.connection.close();
      }
    }
  }

  private async accept(socket: Socket): Promise<void> {
    this.counters.total++;
    if (this.phase.phase === 'failed') {
      // A failed forward needs the user (restart or stop); serving on would fail the same way.
      this.counters.failed++;
      socket.destroy();
      this.deps.onChange();
      return;
    }
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', (error) => this.deps.log.debug('local socket error', { port: this.localPort, err: error }));
    this.deps.onChange();

    const pod = await this.podForConnection();
    if (!pod || !this.kubeConfig || this.isStopped || socket.destroyed) {
      this.counters.failed++;
      socket.destroy();
      this.deps.onChange();
      return;
    }
    this.carry(socket, pod, this.kubeConfig);
  }

  /** The Ready pod for a new connection, starting a lazy forward's watch and waiting out a replacement. */
  private async podForConnection(): Promise<ForwardPod | undefined> {
    let watch: TargetWatch;
    try {
      watch = await this.ensureWatching();
    } catch (error) {
      const appErr = toAppError(error);
      this.deps.log.warn('forward cannot resolve its target', { name: this.options.target.name, err: appErr.message });
      if (appErr.kind === 'Forbidden') {
        this.apply({ type: 'failed', reason: appErr.message, error: appErr });
      } else if (appErr.kind !== 'Cancelled') {
        this.apply({ type: 'podUnavailable', reason: appErr.message });
      }
      return undefined;
    }
    return watch.current().pod ?? (await watch.waitForPod(CONNECTION_WAIT_MS));
  }

  private carry(socket: Socket, pod: ForwardPod, kubeConfig: KubeConfig): void {
    const { namespace } = this.options.target;
    const connection = forwardConnection(
      socket,
      { kubeConfig, namespace, pod: pod.name, port: pod.port },
      {
        onSent: (bytes) => this.count('sent', bytes),
        onReceived: (bytes) => this.count('received', bytes),
        ...(this.deps.pingIntervalMs ? { pingIntervalMs: this.deps.pingIntervalMs } : {}),
      },
    );
    const tracked: Tracked = { connection, uid: pod.uid };
    this.connections.add(tracked);
    this.deps.onChange();
    void connection.done.then(({ error }) => {
      this.connections.delete(tracked);
      if (error) {
        this.connectionFailed(error);
      }
      this.deps.onChange();
    });
  }

  private connectionFailed(error: AppError): void {
    this.counters.failed++;
    this.lastConnectionError = error.message;
    this.deps.log.warn('connection ended with an error', { namespace: this.options.target.namespace, port: this.localPort, err: error.message });
    // Access denied affects every connection; anything else (refused, reset) ends only this one.
    if (error.kind === 'Forbidden' || error.kind === 'Unauthorized') {
      this.apply({ type: 'failed', reason: error.message, error });
    }
  }

  private count(direction: 'sent' | 'received', bytes: number): void {
    this.counters[direction] += bytes;
    this.deps.onChange();
  }
}
