/**
 * The shared watch cache: one reflector per (cluster, resource, namespace,
 * selector), reference-counted by subscriptions. Many views share one watch;
 * the last unsubscribe stops it.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { gvrKey } from '../../shared/k8s/gvr';
import type { KubeObject } from '../../shared/k8s/object';
import type { Disposable } from '../../shared/contract';
import { createLogger } from '../log';
import { Reflector, type ReflectorQuery, type ReflectorState } from './reflector';
import { createWatchStreams, type WatchStreams } from './watch-stream/streams';

const log = createLogger('cache');

export interface CacheListener {
  /**
   * Store contents changed: the object under `key`, or anything when no key
   * is given (after a list). Listeners coalesce; this may fire thousands of
   * times a second.
   */
  onChange(key?: string): void;
  onState?(state: ReflectorState): void;
}

/** A view's handle on one shared store. */
export interface CacheSubscription extends Disposable {
  objects(): IterableIterator<KubeObject>;
  keys(): IterableIterator<string>;
  get(key: string): KubeObject | undefined;
  state(): ReflectorState;
}

interface Entry {
  cluster: string;
  reflector: Reflector;
  listeners: Set<CacheListener>;
}

export interface WatchCache {
  subscribe(cluster: string, kubeConfig: KubeConfig, query: ReflectorQuery, listener: CacheListener): CacheSubscription;
  /** Stops every reflector of one cluster, for example on disconnect. */
  dropCluster(cluster: string): void;
  /** Number of running reflectors, for tests and benchmarks. */
  size(): number;
  dispose(): void;
}

function cacheKey(cluster: string, query: ReflectorQuery): string {
  return JSON.stringify([cluster, gvrKey(query.gvr), query.namespace ?? '', query.labelSelector ?? '', query.fieldSelector ?? '']);
}

export interface WatchCacheOptions {
  /** Reader of the watch streams; by default a worker thread that the cache owns and stops on dispose. */
  streams?: WatchStreams;
}

export function createWatchCache(options: WatchCacheOptions = {}): WatchCache {
  const entries = new Map<string, Entry>();
  const streams = options.streams ?? createWatchStreams(log.child('streams'));

  const release = (key: string, listener: CacheListener): void => {
    const entry = entries.get(key);
    if (!entry) {
      return;
    }
    entry.listeners.delete(listener);
    if (entry.listeners.size === 0) {
      entry.reflector.stop();
      entries.delete(key);
      log.debug('watch stopped', { resource: key });
    }
  };

  return {
    subscribe(cluster, kubeConfig, query, listener) {
      const key = cacheKey(cluster, query);
      let entry = entries.get(key);
      if (!entry) {
        const listeners = new Set<CacheListener>();
        const reflector = new Reflector({
          kubeConfig,
          query,
          log: log.child(query.gvr.resource),
          onChange: (key) => listeners.forEach((l) => l.onChange(key)),
          onState: (state) => listeners.forEach((l) => l.onState?.(state)),
          streams,
        });
        entry = { cluster, reflector, listeners };
        entries.set(key, entry);
        reflector.start();
        log.debug('watch started', { resource: key });
      }
      entry.listeners.add(listener);
      const reflector = entry.reflector;
      let disposed = false;
      return {
        objects: () => reflector.store.values(),
        keys: () => reflector.store.keys(),
        get: (objectKey) => reflector.store.get(objectKey),
        state: () => ({ ...reflector.state }),
        dispose: () => {
          if (!disposed) {
            disposed = true;
            release(key, listener);
          }
        },
      };
    },

    dropCluster(cluster) {
      for (const [key, entry] of entries) {
        if (entry.cluster === cluster) {
          entry.reflector.stop();
          entries.delete(key);
        }
      }
    },

    size: () => entries.size,

    dispose() {
      for (const entry of entries.values()) {
        entry.reflector.stop();
      }
      entries.clear();
      if (!options.streams) {
        streams.dispose();
      }
    },
  };
}
