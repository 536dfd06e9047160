/**
 * Keeps a forward's target resolved through the shared watch cache: the pod
 * itself (by name, so a pod recreated under the same name is seen with its
 * new uid), or a Service plus the pods its selector matches. Every change
 * produces a new Resolution; the forward decides what it means for its state.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Disposable } from '../../shared/contract';
import { PODS, type GroupVersionResource } from '../../shared/k8s/gvr';
import type { ForwardPod, ForwardTarget } from '../../shared/models/portforward';
import type { CacheSubscription, WatchCache } from '../cache/watch-cache';
import type { ReflectorState } from '../cache/reflector';
import {
  isUnresolved,
  labelSelectorString,
  pickServicePod,
  podProblem,
  resolveContainerPort,
  resolveServicePort,
  type PodObject,
  type ServiceObject,
} from './resolve';

export const SERVICES: GroupVersionResource = { group: '', version: 'v1', resource: 'services', namespaced: true, kind: 'Service' };

export interface Resolution {
  /** The Ready pod new connections go to. */
  pod?: ForwardPod;
  /** Reason there is no pod, as a sentence for the user. */
  problem?: string;
  /** True when waiting will not help: the port does not exist, the Service has no selector. */
  fatal?: boolean;
  /** uid of the pod in the cache under the target's name, Ready or not. */
  observedUid?: string;
  /** False until the first list completed, so "no pod" is not reported from an empty cache. */
  synced: boolean;
}

export interface TargetWatch extends Disposable {
  current(): Resolution;
  /** Resolves with the next Ready pod, or undefined after `timeoutMs` or when disposed. */
  waitForPod(timeoutMs: number): Promise<ForwardPod | undefined>;
}

export interface TargetWatchOptions {
  cache: WatchCache;
  contextId: string;
  kubeConfig: KubeConfig;
  target: ForwardTarget;
  onChange(resolution: Resolution): void;
}

function watchProblem(state: ReflectorState, what: string): string | undefined {
  return state.error && !state.synced ? `Cannot watch ${what}: ${state.error.message}` : undefined;
}

function resolvePod(pod: PodObject | undefined, target: ForwardTarget, port: number | string): Resolution {
  const problem = podProblem(pod, `${target.namespace}/${pod?.metadata.name ?? target.name}`);
  const observed = pod?.metadata.uid ? { observedUid: pod.metadata.uid } : {};
  if (!pod || problem) {
    return { synced: true, problem: problem ?? 'No pod.', ...observed };
  }
  const containerPort = resolveContainerPort(pod, port);
  if (isUnresolved(containerPort)) {
    return { synced: true, problem: containerPort.problem, fatal: true, ...observed };
  }
  return { synced: true, pod: { name: pod.metadata.name, uid: pod.metadata.uid ?? '', port: containerPort }, ...observed };
}

/** Watches one pod by name. */
function watchPod(options: TargetWatchOptions, publish: () => void): { resolve(): Resolution; dispose(): void } {
  const { target } = options;
  const subscription = options.cache.subscribe(
    options.contextId,
    options.kubeConfig,
    { gvr: PODS, namespace: target.namespace, fieldSelector: `metadata.name=${target.name}` },
    { onChange: publish, onState: publish },
  );
  return {
    resolve() {
      const state = subscription.state();
      const problem = watchProblem(state, `pod ${target.namespace}/${target.name}`);
      if (problem || !state.synced) {
        return { synced: false, ...(problem ? { problem } : {}) };
      }
      return resolvePod(subscription.get(`${target.namespace}/${target.name}`) as PodObject | undefined, target, target.port);
    },
    dispose: () => subscription.dispose(),
  };
}

/** Watches a Service and the pods its selector matches; the pod watch follows selector changes. */
function watchService(options: TargetWatchOptions, publish: () => void): { resolve(): Resolution; dispose(): void } {
  const { target, cache, contextId, kubeConfig } = options;
  let pods: { selector: string; subscription: CacheSubscription } | undefined;
  let boundUid: string | undefined;

  const followSelector = (selector: string | undefined): void => {
    if (pods?.selector === selector) {
      return;
    }
    pods?.subscription.dispose();
    pods = selector
      ? { selector, subscription: cache.subscribe(contextId, kubeConfig, { gvr: PODS, namespace: target.namespace, labelSelector: selector }, { onChange: publish, onState: publish }) }
      : undefined;
  };

  const service = cache.subscribe(
    contextId,
    kubeConfig,
    { gvr: SERVICES, namespace: target.namespace, fieldSelector: `metadata.name=${target.name}` },
    { onChange: publish, onState: publish },
  );

  const resolve = (): Resolution => {
    const state = service.state();
    const problem = watchProblem(state, `Service ${target.namespace}/${target.name}`);
    if (problem || !state.synced) {
      return { synced: false, ...(problem ? { problem } : {}) };
    }
    const object = service.get(`${target.namespace}/${target.name}`) as ServiceObject | undefined;
    if (!object) {
      followSelector(undefined);
      return { synced: true, problem: `Service ${target.namespace}/${target.name} does not exist.` };
    }
    const selector = object.spec?.selector ?? {};
    if (Object.keys(selector).length === 0) {
      followSelector(undefined);
      return { synced: true, fatal: true, problem: `Service ${target.namespace}/${target.name} has no selector, so no pod can be chosen; forward a pod instead.` };
    }
    const targetPort = resolveServicePort(object, target.port);
    if (isUnresolved(targetPort)) {
      return { synced: true, fatal: true, problem: targetPort.problem };
    }
    followSelector(labelSelectorString(selector));
    return resolveServicePods(pods?.subscription, targetPort);
  };

  const resolveServicePods = (subscription: CacheSubscription | undefined, targetPort: number | string): Resolution => {
    const state = subscription?.state();
    if (!subscription || !state?.synced) {
      const problem = state ? watchProblem(state, `pods of Service ${target.namespace}/${target.name}`) : undefined;
      return { synced: false, ...(problem ? { problem } : {}) };
    }
    const pod = pickServicePod(subscription.objects() as IterableIterator<PodObject>, boundUid);
    if (!pod) {
      return { synced: true, problem: `Service ${target.namespace}/${target.name} has no Ready pod.` };
    }
    const resolution = resolvePod(pod, target, targetPort);
    boundUid = resolution.pod?.uid;
    return resolution;
  };

  return {
    resolve,
    dispose: () => {
      followSelector(undefined);
      service.dispose();
    },
  };
}

export function watchTarget(options: TargetWatchOptions): TargetWatch {
  const waiters = new Set<(pod: ForwardPod | undefined) => void>();
  let latest: Resolution = { synced: false };
  let disposed = false;

  const publish = (): void => {
    if (disposed) {
      return;
    }
    latest = inner.resolve();
    options.onChange(latest);
    const pod = latest.pod;
    if (pod) {
      waiters.forEach((wake) => wake(pod));
      waiters.clear();
    }
  };
  // `publish` may run while `inner` is being built (a cache entry that is already synced), so it is declared first.
  let inner: { resolve(): Resolution; dispose(): void } = { resolve: () => latest, dispose: () => undefined };
  inner = options.target.kind === 'pod' ? watchPod(options, publish) : watchService(options, publish);
  publish();

  return {
    current: () => latest,

    waitForPod(timeoutMs) {
      if (latest.pod || disposed) {
        return Promise.resolve(latest.pod);
      }
      return new Promise((resolve) => {
        const wake = (pod: ForwardPod | undefined): void => {
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(pod);
        };
        const timer = setTimeout(() => wake(undefined), timeoutMs);
        waiters.add(wake);
      });
    },

    dispose() {
      disposed = true;
      inner.dispose();
      waiters.forEach((wake) => wake(undefined));
      waiters.clear();
    },
  };
}
