import { afterEach, describe, expect, it } from 'vitest';
import { testNodes } from '../../cluster/profiles/test/fixtures';
import { coreApi, deletePod, podManifest, uniqueName, waitFor, waitForRunning } from './support';

const namespace = 'team-a';

describe('scheduling of GPU pods', () => {
  const created: string[] = [];

  afterEach(async () => {
    for (const name of created.splice(0)) await deletePod(namespace, name);
  });

  it('binds a pod that needs 8 GPUs to the 8-GPU node', async () => {
    const name = uniqueName('gpu-8');
    created.push(name);

    await coreApi('alice').createNamespacedPod({ namespace, body: podManifest(namespace, name, { 'nvidia.com/gpu': '8' }) });
    const pod = await waitForRunning(namespace, name);

    expect(pod.spec?.nodeName).toBe(testNodes.h100);
  });

  it('refuses a pod that needs more GPUs than any node has', async () => {
    const name = uniqueName('gpu-16');
    created.push(name);

    await coreApi('alice').createNamespacedPod({ namespace, body: podManifest(namespace, name, { 'nvidia.com/gpu': '16' }) });
    const event = await waitFor(`a FailedScheduling event for ${name}`, async () => {
      const events = await coreApi().listNamespacedEvent({
        namespace,
        fieldSelector: `involvedObject.name=${name},reason=FailedScheduling`,
      });
      return events.items[0];
    });
    const pod = await coreApi().readNamespacedPod({ namespace, name });

    expect(event.message).toContain('Insufficient nvidia.com/gpu');
    expect(pod.spec?.nodeName).toBeUndefined();
    expect(pod.status?.phase).toBe('Pending');
  });
});
