import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeConfig, type Cluster } from '@kubernetes/client-node';
import { PODS, collectionPath } from '../../../shared/k8s/gvr';
import { KubeRequestError } from '../../../main/clusters/request';
import { createLogger } from '../../../main/log';
import type { StreamEvent } from '../../../main/cache/watch-stream/protocol';
import { createWatchStreams, type WatchRequest, type WatchStreams } from '../../../main/cache/watch-stream/streams';
import { coreApi, kubeConfigFor, uniqueName, waitFor, type ClusterUser } from '../cluster/support';
import { startConnectProxy, startSocksProxy } from './proxies';

/** Returns the admin kubeconfig with its cluster entry changed, as a user would edit it. */
function adminWith(patch: Partial<Cluster>): KubeConfig {
  const admin = kubeConfigFor('admin');
  const changed = new KubeConfig();
  changed.loadFromOptions({
    clusters: admin.clusters.map((entry) => ({ ...entry, ...patch })),
    users: admin.users,
    contexts: admin.contexts,
    currentContext: admin.getCurrentContext(),
  });
  return changed;
}

/** Watch streams read in the worker thread, against the local cluster. */
describe('watch streams', () => {
  const namespace = 'default';
  const created: string[] = [];
  let streams: WatchStreams;

  interface Recorded {
    events: StreamEvent[];
    ended: Promise<Error | undefined>;
    stop: () => void;
  }

  const watchPods = (user: ClusterUser, query: WatchRequest['query']): Promise<Recorded> => watch(kubeConfigFor(user), collectionPath(PODS, namespace), query);

  const watch = async (kubeConfig: KubeConfig, path: string, query: WatchRequest['query']): Promise<Recorded> => {
    const events: StreamEvent[] = [];
    let end: (error: Error | undefined) => void = () => undefined;
    const ended = new Promise<Error | undefined>((resolve) => {
      end = resolve;
    });
    const stream = await streams.open({
      kubeConfig,
      path,
      query,
      kind: path.endsWith('/nodes') ? 'Node' : 'Pod',
      onEvents: (batch) => events.push(...batch),
      onEnd: (error) => end(error),
    });
    return { events, ended, stop: () => stream.stop() };
  };

  beforeAll(() => {
    streams = createWatchStreams(createLogger('test.streams'));
  });

  afterAll(async () => {
    streams.dispose();
    for (const name of created) {
      await coreApi().deleteNamespacedPod({ name, namespace, gracePeriodSeconds: 0 }).catch(() => undefined);
    }
  });

  it('delivers a new pod stripped and with its kind', async () => {
    const list = await coreApi().listNamespacedPod({ namespace });
    const watch = await watchPods('admin', { resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: true });
    const name = uniqueName('stream-probe');
    created.push(name);
    await coreApi().createNamespacedPod({
      namespace,
      body: { metadata: { name }, spec: { containers: [{ name: 'main', image: 'busybox' }], nodeName: 'cpu-0' } },
    });

    const added = await waitFor('the ADDED event of the new pod', async () =>
      watch.events.find((event) => event.type === 'ADDED' && event.object.metadata.name === name),
    );
    watch.stop();

    expect(added.object.kind).toBe('Pod');
    expect(added.object.metadata.managedFields).toBeUndefined();
    expect((added.object as { spec?: { volumes?: unknown } }).spec?.volumes).toBeUndefined();
    expect(await watch.ended).toBeUndefined();
  });

  it('reads the worker heap', async () => {
    const watch = await watchPods('admin', { timeoutSeconds: 1 });
    await watch.ended;

    const heap = await streams.workerHeap();

    expect(heap?.committed).toBeGreaterThan(0);
    expect(heap?.used).toBeGreaterThan(0);
    expect(heap!.used).toBeLessThanOrEqual(heap!.committed);
  });

  it('worker load: timeout and stop are not early closes', async () => {
    // The first reading starts the worker's delay monitor; the second covers the watches below.
    await streams.workerLoad();
    const before = streams.stats().serverCloses;
    const timedOut = await watchPods('admin', { timeoutSeconds: 1 });
    await timedOut.ended;
    const stopped = await watchPods('admin', {});
    stopped.stop();
    await stopped.ended;

    const load = await streams.workerLoad();

    // The first watch ended at the timeoutSeconds it requested, and the second by stop().
    expect(streams.stats().serverCloses).toBe(before);
    expect(load?.utilization).toBeGreaterThanOrEqual(0);
    expect(load?.utilization).toBeLessThanOrEqual(1);
    expect(load?.maxDelayMs).toBeGreaterThanOrEqual(0);
    expect(load!.p99DelayMs).toBeLessThanOrEqual(load!.maxDelayMs);
  });

  it('ends with the API server status when access is denied', async () => {
    // alice is bound to the edit role in team-a only, so a watch in default is forbidden.
    const watch = await watchPods('alice', {});

    const error = await watch.ended;

    expect(error).toBeInstanceOf(KubeRequestError);
    expect((error as KubeRequestError).code).toBe(403);
  });

  it('ends without error when the server closes the stream', async () => {
    const watch = await watchPods('admin', { timeoutSeconds: 1 });

    expect(await watch.ended).toBeUndefined();
  });

  /** A watch of every node from no resourceVersion starts with an ADDED event per node, then ends after a second. */
  const watchNodesBriefly = (kubeConfig: KubeConfig): Promise<Recorded> => watch(kubeConfig, '/api/v1/nodes', { timeoutSeconds: 1 });

  it.each([
    ['an HTTP proxy', startConnectProxy],
    ['a SOCKS5 proxy', startSocksProxy],
  ])('reads through %s from proxy-url', async (_kind, startProxy) => {
    const proxy = await startProxy();
    try {
      const apiServer = new URL(kubeConfigFor('admin').getCurrentCluster()!.server);
      const nodes = await watchNodesBriefly(adminWith({ proxyUrl: proxy.url }));

      expect(await nodes.ended).toBeUndefined();
      expect(nodes.events.some((event) => event.type === 'ADDED' && event.object.kind === 'Node')).toBe(true);
      expect(proxy.targets).toContain(apiServer.host);
    } finally {
      await proxy.close();
    }
  });

  it('checks the certificate against tls-server-name', async () => {
    // The API server's certificate names "kubernetes" among its DNS names.
    const matching = await watchNodesBriefly(adminWith({ tlsServerName: 'kubernetes' }));
    const wrong = await watchNodesBriefly(adminWith({ tlsServerName: 'not-in-the-certificate.example' }));

    expect(await matching.ended).toBeUndefined();
    expect(matching.events.length).toBeGreaterThan(0);
    const error = await wrong.ended;
    expect((error as { code?: string } | undefined)?.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(wrong.events).toEqual([]);
  });
});
