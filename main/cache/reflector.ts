/**
 * A reflector keeps one store in step with the API server: list (in pages),
 * then watch from the list's resourceVersion with bookmarks. A 410 Gone or a
 * watch ERROR means list again; a broken stream reconnects with backoff and
 * resumes from the last resourceVersion, which is treated as opaque.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { collectionPath, type GroupVersionResource } from '../../shared/k8s/gvr';
import { objectKey, type KubeObject } from '../../shared/k8s/object';
import type { AppError } from '../../shared/result';
import type { Logger } from '../log';
import { toAppError } from '../transport/errors';
import { kubeJson } from '../clusters/request';
import { createBackoff, type Backoff } from './backoff';
import { shareStrings } from './intern';
import { stripObject } from './strip';
import type { StreamEvent } from './watch-stream/protocol';
import type { WatchStreams } from './watch-stream/streams';

/** Page size of the initial list: large enough for few round trips, small enough to keep etcd reads short. */
const LIST_PAGE_SIZE = 500;

export interface ReflectorQuery {
  gvr: GroupVersionResource;
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export type ReflectorPhase = 'listing' | 'watching' | 'backoff' | 'stopped';

export interface ReflectorState {
  phase: ReflectorPhase;
  /** True once the first list completed; stays true across relists. */
  synced: boolean;
  error?: AppError;
  /** Counts of lists and watch starts, for tests and benchmarks. */
  lists: number;
  watches: number;
}

export interface ReflectorOptions {
  kubeConfig: KubeConfig;
  query: ReflectorQuery;
  log: Logger;
  /** Called after every batch of store changes: with the object's key after a watch event, with none after a list. */
  onChange: (key?: string) => void;
  /** Called when the phase or error changes. */
  onState: (state: ReflectorState) => void;
  /** Reader of the watch streams: a worker thread in the app (createWatchStreams). */
  streams: WatchStreams;
  backoff?: Backoff;
}

interface ListResponse {
  metadata: { resourceVersion?: string; continue?: string };
  items: KubeObject[];
}

/** client-node 2.0.1 ends a watch that received nothing for 30 s; that is a quiet stream, not a failure. */
function isInactivityTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

export class Reflector {
  readonly store = new Map<string, KubeObject>();
  readonly state: ReflectorState = { phase: 'stopped', synced: false, lists: 0, watches: 0 };

  private resourceVersion: string | undefined;
  private abort: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private readonly backoff: Backoff;
  private readonly deniedBackoff = createBackoff(30_000, 5 * 60_000);

  constructor(private readonly options: ReflectorOptions) {
    this.backoff = options.backoff ?? createBackoff();
  }

  start(): void {
    if (!this.stopped) {
      return;
    }
    this.stopped = false;
    void this.listAndWatch();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort?.abort();
    this.setState({ phase: 'stopped' });
  }

  private setState(patch: Partial<ReflectorState>): void {
    Object.assign(this.state, patch);
    if (!('error' in patch) && patch.phase === 'watching') {
      delete this.state.error;
    }
    this.options.onState({ ...this.state });
  }

  private queryParams(): Record<string, string | undefined> {
    const { labelSelector, fieldSelector } = this.options.query;
    return { labelSelector, fieldSelector };
  }

  private async list(): Promise<void> {
    const { gvr, namespace } = this.options.query;
    const path = collectionPath(gvr, namespace);
    const fresh = new Map<string, KubeObject>();
    let continueToken: string | undefined;
    let resourceVersion: string | undefined;
    do {
      const page = await kubeJson<ListResponse>(this.options.kubeConfig, path, {
        query: { ...this.queryParams(), limit: LIST_PAGE_SIZE, continue: continueToken },
        ...(this.abort ? { signal: this.abort.signal } : {}),
      });
      for (const item of page.items) {
        // List items carry no kind; views that show kind need it back.
        item.kind ??= gvr.kind;
        fresh.set(objectKey(item.metadata), shareStrings(stripObject(item)));
      }
      continueToken = page.metadata.continue || undefined;
      resourceVersion = page.metadata.resourceVersion;
    } while (continueToken && !this.stopped);

    this.store.clear();
    for (const [key, object] of fresh) {
      this.store.set(key, object);
    }
    this.resourceVersion = resourceVersion;
    this.state.lists++;
    this.deniedBackoff.reset();
    this.setState({ synced: true });
    this.options.onChange();
  }

  private async listAndWatch(): Promise<void> {
    if (this.stopped) {
      return;
    }
    this.abort = new AbortController();
    try {
      if (this.resourceVersion === undefined) {
        this.setState({ phase: 'listing' });
        await this.list();
      }
      if (this.stopped) {
        return;
      }
      await this.watch();
    } catch (error) {
      this.retryAfter(error);
    }
  }

  private watch(): Promise<void> {
    const { gvr, namespace } = this.options.query;
    this.state.watches++;
    this.setState({ phase: 'watching' });
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (err?: unknown): void => {
        if (settled) {
          return;
        }
        settled = true;
        if (this.stopped) {
          resolve();
          return;
        }
        if (err && !isInactivityTimeout(err)) {
          reject(err as Error);
          return;
        }
        // The server or the inactivity timer closed a healthy stream: resume at once.
        this.backoff.reset();
        void this.listAndWatch();
        resolve();
      };
      const abort = this.abort;
      this.options.streams
        .open({
          kubeConfig: this.options.kubeConfig,
          path: collectionPath(gvr, namespace),
          query: {
            ...this.queryParams(),
            allowWatchBookmarks: true,
            resourceVersion: this.resourceVersion,
            // Spread server-side closes, as client-go does, so watches of many clusters do not renew together.
            timeoutSeconds: Math.round(300 + Math.random() * 300),
          },
          kind: gvr.kind,
          onEvents: (events) => this.applyEvents(events),
          onEnd: finish,
        })
        .then((stream) => {
          if (abort?.signal.aborted) {
            stream.stop();
          } else {
            abort?.signal.addEventListener('abort', () => stream.stop(), { once: true });
          }
        })
        .catch(finish);
    });
  }

  private applyEvents(events: StreamEvent[]): void {
    for (const event of events) {
      if (this.abort?.signal.aborted) {
        // After an ERROR event the rest of the batch belongs to a resourceVersion that is being dropped.
        return;
      }
      this.applyEvent(event.type, event.object);
    }
  }

  private applyEvent(type: string, object: KubeObject): void {
    if (type === 'ERROR') {
      const status = object as unknown as { code?: number; message?: string };
      this.options.log.info('watch error event; listing again', { status: status.code ?? 0, resource: this.options.query.gvr.resource });
      // 410 Gone (and any other ERROR) means our resourceVersion is no longer usable.
      this.resourceVersion = undefined;
      this.abort?.abort();
      return;
    }
    const resourceVersion = object.metadata?.resourceVersion;
    if (resourceVersion) {
      this.resourceVersion = resourceVersion;
    }
    if (type === 'BOOKMARK') {
      return;
    }
    this.backoff.reset();
    // The stream already set the kind and stripped the object.
    const key = objectKey(object.metadata);
    if (type === 'DELETED') {
      this.store.delete(key);
    } else {
      this.store.set(key, shareStrings(object));
    }
    this.options.onChange(key);
  }

  private retryAfter(error: unknown): void {
    if (this.stopped) {
      return;
    }
    const appError = toAppError(error);
    const gone = appError.status?.code === 410;
    if (gone) {
      this.resourceVersion = undefined;
    }
    // An aborted watch after an ERROR event relists at once; RBAC denials change rarely, so they
    // retry slowly; anything else backs off from a second.
    const denied = appError.kind === 'Forbidden' || appError.kind === 'Unauthorized';
    const relistNow = gone || (appError.kind === 'Cancelled' && this.resourceVersion === undefined);
    const delay = relistNow ? 0 : denied ? this.deniedBackoff.next() : this.backoff.next();
    if (delay > 0) {
      this.options.log.warn('watch failed; retrying', { resource: this.options.query.gvr.resource, delayMs: delay, attempt: this.backoff.attempts, err: appError.message });
      this.setState({ phase: 'backoff', error: appError });
    }
    this.timer = setTimeout(() => void this.listAndWatch(), delay);
  }
}
