import { describe, expect, it } from 'vitest';
import { coreApi, podManifest, statusOf, uniqueName } from './support';

/** Resolves with the HTTP status of a call: 200 when it succeeds. */
async function statusOfCall(call: () => Promise<unknown>): Promise<number | undefined> {
  try {
    await call();
    return 200;
  } catch (error) {
    return statusOf(error);
  }
}

describe('tenant and read-only users', () => {
  it('lets alice list pods in team-a', async () => {
    expect(await statusOfCall(() => coreApi('alice').listNamespacedPod({ namespace: 'team-a' }))).toBe(200);
  });

  it('forbids alice to list pods in default', async () => {
    expect(await statusOfCall(() => coreApi('alice').listNamespacedPod({ namespace: 'default' }))).toBe(403);
  });

  it('forbids alice to create pods in default', async () => {
    const body = podManifest('default', uniqueName('alice'));
    expect(await statusOfCall(() => coreApi('alice').createNamespacedPod({ namespace: 'default', body }))).toBe(403);
  });

  it('forbids alice to list nodes', async () => {
    expect(await statusOfCall(() => coreApi('alice').listNode())).toBe(403);
  });

  it('lets bob list pods in every namespace', async () => {
    expect(await statusOfCall(() => coreApi('bob').listPodForAllNamespaces())).toBe(200);
  });

  it('forbids bob to create pods', async () => {
    const body = podManifest('team-a', uniqueName('bob'));
    expect(await statusOfCall(() => coreApi('bob').createNamespacedPod({ namespace: 'team-a', body }))).toBe(403);
  });

  it('forbids bob to read secrets', async () => {
    expect(await statusOfCall(() => coreApi('bob').listSecretForAllNamespaces())).toBe(403);
  });
});
