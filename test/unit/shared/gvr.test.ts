import { describe, expect, it } from 'vitest';
import { collectionPath, gvrKey, NODES, objectPath, PODS, type GroupVersionResource } from '../../../shared/k8s/gvr';

const workloads: GroupVersionResource = { group: 'kueue.x-k8s.io', version: 'v1beta2', resource: 'workloads', namespaced: true, kind: 'Workload' };

describe('API paths', () => {
  it.each([
    ['core, all namespaces', collectionPath(PODS), '/api/v1/pods'],
    ['core, one namespace', collectionPath(PODS, 'team-a'), '/api/v1/namespaces/team-a/pods'],
    ['cluster-scoped ignores namespace', collectionPath(NODES, 'team-a'), '/api/v1/nodes'],
    ['named group', collectionPath(workloads, 'ns'), '/apis/kueue.x-k8s.io/v1beta2/namespaces/ns/workloads'],
    ['subresource', objectPath(PODS, 'p', 'ns', 'exec'), '/api/v1/namespaces/ns/pods/p/exec'],
    ['name is escaped', objectPath(NODES, 'a/b'), '/api/v1/nodes/a%2Fb'],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toBe(expected);
  });

  it('keys the core group by name', () => {
    expect(gvrKey(PODS)).toBe('core/v1/pods');
  });
});
