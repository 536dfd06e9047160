import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeConfig } from '@kubernetes/client-node';
import { PODS } from '../../../shared/k8s/gvr';
import type { OverviewSummary } from '../../../shared/models/overview';
import { Reflector } from '../../../main/cache/reflector';
import { createWatchStreams } from '../../../main/cache/watch-stream/streams';
import { createLogger } from '../../../main/log';
import { restartComponent } from '../../cluster/restart';
import { cluster, coreApi, uniqueName, waitFor } from '../cluster/support';
import { nextValue, startApp, unwrap, type TestApp } from './support';

/**
 * Faults injected into the real cluster: after each, the view matches the
 * API server again without the user doing anything.
 */
describe('watch cache under faults', () => {
  let testApp: TestApp;
  let adminId: string;
  const namespace = 'default';
  const created: string[] = [];

  const podCount = async (): Promise<number> => (await coreApi().listPodForAllNamespaces()).items.length;
  const summaries = (listener: (event: Parameters<Parameters<TestApp['overview']['summary']>[1]>[0]) => void) =>
    testApp.overview.summary({ contextId: adminId }, listener);

  const createPod = async (): Promise<string> => {
    const name = uniqueName('fault-probe');
    created.push(name);
    await coreApi().createNamespacedPod({
      namespace,
      body: { metadata: { name }, spec: { containers: [{ name: 'main', image: 'busybox' }], nodeName: 'cpu-0' } },
    });
    return name;
  };

  beforeAll(async () => {
    testApp = await startApp([cluster().kubeconfigs['admin']!]);
    const snapshot = unwrap(await testApp.kubeconfig.snapshot({}));
    adminId = snapshot.contexts[0]!.id;
    unwrap(await testApp.clusters.connect({ contextId: adminId }));
  });

  afterAll(async () => {
    for (const name of created) {
      await coreApi().deleteNamespacedPod({ name, namespace, gracePeriodSeconds: 0 }).catch(() => undefined);
    }
    await testApp?.close();
  });

  it.each(['kube-apiserver', 'etcd'] as const)('recovers after %s restarts mid-watch', async (component) => {
    const before = await podCount();
    const unsubscribe = summaries(() => undefined);
    await nextValue<OverviewSummary>(summaries, (summary) => summary.synced && summary.pods.total === before);

    await restartComponent(component, 2_000);
    // The API server may need a moment after /readyz before writes through a new etcd connection succeed.
    await waitFor('a pod created after the restart', async () => createPod().then(() => true), 30_000);

    const expected = await podCount();
    const summary = await nextValue<OverviewSummary>(summaries, (value) => value.pods.total === expected, 60_000);
    expect(summary.pods.total).toBe(expected);
    unsubscribe();
  });

  it('lists again after 410 Gone', async () => {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(cluster().kubeconfigs['admin']!);
    let lists = 0;
    const streams = createWatchStreams(createLogger('test.streams'));
    const reflector = new Reflector({
      kubeConfig,
      query: { gvr: PODS, namespace },
      log: createLogger('test.reflector'),
      onChange: () => undefined,
      onState: (state) => {
        lists = state.lists;
      },
      streams,
    });
    reflector.start();
    try {
      await waitFor('the first list', async () => (lists >= 1 ? true : undefined));

      // A resourceVersion far older than the API server's watch cache makes the next watch fail with 410 Gone.
      (reflector as unknown as { resourceVersion: string }).resourceVersion = '1';
      (reflector as unknown as { abort: AbortController }).abort.abort();
      await waitFor('a second list', async () => (lists >= 2 ? true : undefined), 30_000);

      const name = await createPod();
      await waitFor('the new pod in the store', async () => (reflector.store.has(`${namespace}/${name}`) ? true : undefined), 30_000);
      const actual = (await coreApi().listNamespacedPod({ namespace })).items.map((pod) => pod.metadata?.name).sort();
      expect([...reflector.store.values()].map((pod) => pod.metadata.name).sort()).toEqual(actual);
    } finally {
      reflector.stop();
      streams.dispose();
    }
  });
});
