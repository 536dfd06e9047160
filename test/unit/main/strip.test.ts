import { describe, expect, it } from 'vitest';
import { stripEventObject, stripObject } from '../../../main/cache/strip';
import type { KubeObject } from '../../../shared/k8s/object';

function listedPod(): KubeObject {
  return {
    kind: 'Pod',
    metadata: {
      name: 'trainer-0',
      namespace: 'team-a',
      labels: { app: 'trainer' },
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"big":true}', 'd.run/owner': 'alice' },
      managedFields: [{ manager: 'kubectl' }],
    },
    spec: {
      nodeName: 'gpu-0',
      volumes: [{ name: 'token' }],
      tolerations: [{ key: 'node.kubernetes.io/not-ready' }],
      securityContext: {},
      initContainers: [{ name: 'fetch', volumeMounts: [{ name: 'token' }] }],
      containers: [
        {
          name: 'main',
          image: 'trainer:1',
          resources: { limits: { 'nvidia.com/gpu': '1' } },
          volumeMounts: [{ name: 'token' }],
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
    },
    status: {
      phase: 'Running',
      podIP: '10.244.0.7',
      podIPs: [{ ip: '10.244.0.7' }],
      hostIP: '127.0.0.1',
      hostIPs: [{ ip: '127.0.0.1' }],
      initContainerStatuses: [{ name: 'fetch', lastState: {}, state: { terminated: { reason: 'Completed' } } }],
      containerStatuses: [{ name: 'main', restartCount: 1, lastState: { terminated: { reason: 'OOMKilled' } }, state: { running: {} } }],
    },
  } as KubeObject;
}

describe('stripObject', () => {
  it('drops unread pod fields', () => {
    const stripped = stripObject(listedPod()) as KubeObject & { spec: Record<string, unknown> };

    expect(stripped.metadata).toEqual({ name: 'trainer-0', namespace: 'team-a', labels: { app: 'trainer' }, annotations: { 'd.run/owner': 'alice' } });
    expect(stripped.spec).toEqual({
      nodeName: 'gpu-0',
      initContainers: [{ name: 'fetch' }],
      containers: [{ name: 'main', image: 'trainer:1', resources: { limits: { 'nvidia.com/gpu': '1' } } }],
    });
    expect(stripped.status).toEqual({
      phase: 'Running',
      podIP: '10.244.0.7',
      hostIP: '127.0.0.1',
      initContainerStatuses: [{ name: 'fetch', state: { terminated: { reason: 'Completed' } } }],
      // A lastState with a reason is what the endpoint view reports, so it stays.
      containerStatuses: [{ name: 'main', restartCount: 1, lastState: { terminated: { reason: 'OOMKilled' } }, state: { running: {} } }],
    });
  });

  it("drops a node's image list", () => {
    const node = { kind: 'Node', metadata: { name: 'gpu-0' }, status: { images: [{ names: ['trainer:1'], sizeBytes: 1 }], allocatable: { 'nvidia.com/gpu': '8' } } } as unknown as KubeObject;

    expect(stripObject(node).status).toEqual({ allocatable: { 'nvidia.com/gpu': '8' } });
  });

  it('leaves its input unchanged', () => {
    const pod = listedPod();
    const before = structuredClone(pod);

    stripObject(pod);

    expect(pod).toEqual(before);
  });

  it('keeps other kinds whole', () => {
    const job = { kind: 'Job', metadata: { name: 'j', managedFields: [] }, spec: { template: { spec: { volumes: [{ name: 'data' }] } } } } as unknown as KubeObject;

    const stripped = stripObject(job) as unknown as { metadata: object; spec: unknown };

    expect(stripped.metadata).toEqual({ name: 'j' });
    expect(stripped.spec).toEqual(job.spec);
  });
});

describe('stripEventObject', () => {
  it('sets the kind and strips an object event', () => {
    const { kind: _kind, ...pod } = listedPod();

    const stripped = stripEventObject('MODIFIED', pod as KubeObject, 'Pod');

    expect(stripped.kind).toBe('Pod');
    expect(stripped).toEqual(stripObject({ ...pod, kind: 'Pod' } as KubeObject));
  });

  it('passes ERROR and BOOKMARK objects through', () => {
    const status = { kind: 'Status', code: 410 } as unknown as KubeObject;
    const bookmark = { kind: 'Pod', metadata: { resourceVersion: '42' } } as unknown as KubeObject;

    expect(stripEventObject('ERROR', status, 'Pod')).toBe(status);
    expect(stripEventObject('BOOKMARK', bookmark, 'Pod')).toBe(bookmark);
  });
});
