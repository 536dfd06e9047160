import { describe, expect, test } from 'vitest';
import type { ClusterStatus } from '../../../shared/models/cluster';
import type { ContextSummary, KubeconfigSnapshot } from '../../../shared/models/kubeconfig';
import { connectedContexts, defaultNamespace, initialSource } from '../../../renderer/src/screens/sessions/session-contexts';

const summary: ContextSummary = {
  id: 'train',
  name: 'train',
  sourcePath: '/home/op/.kube/config',
  origin: 'default',
  cluster: 'gpu',
  user: 'op',
  current: true,
  shadowed: false,
  authKind: 'token',
  insecure: false,
  namespace: 'ml-train',
};

const { namespace: _namespace, ...withoutNamespace } = summary;

const snapshot: KubeconfigSnapshot = {
  sources: [{ path: summary.sourcePath, origin: 'default', exists: true }],
  contexts: [summary, { ...withoutNamespace, id: 'plain', name: 'plain', current: false }, { ...summary, id: 'off', name: 'off', namespace: 'idle' }],
  warnings: [],
};

const statuses: Record<string, ClusterStatus> = {
  train: { contextId: 'train', contextName: 'train', state: 'connected' },
  plain: { contextId: 'plain', contextName: 'plain', state: 'connected' },
  off: { contextId: 'off', contextName: 'off', state: 'disconnected' },
};

describe('connectedContexts', () => {
  test('carries kubeconfig namespaces', () => {
    expect(connectedContexts(statuses, snapshot)).toEqual([
      { id: 'train', name: 'train', namespace: 'ml-train' },
      { id: 'plain', name: 'plain' },
    ]);
  });

  test('no snapshot yet', () => {
    expect(connectedContexts(statuses, undefined)).toEqual([
      { id: 'train', name: 'train' },
      { id: 'plain', name: 'plain' },
    ]);
  });
});

describe('defaultNamespace', () => {
  const contexts = connectedContexts(statuses, snapshot);

  test.each([
    ['context with a namespace', 'train', 'ml-train'],
    ['context without one', 'plain', 'default'],
    ['unknown context', 'gone', 'default'],
    ['no context chosen', '', 'default'],
  ])('%s', (_name, contextId, expected) => {
    expect(defaultNamespace(contexts, contextId)).toBe(expected);
  });
});

describe('initialSource', () => {
  test.each([
    ['first context sets a namespace', ['train', 'plain'], { contextId: 'train', namespace: 'ml-train' }],
    ['first context sets none', ['plain', 'train'], { contextId: 'plain', namespace: 'default' }],
    ['no contexts', [], { contextId: '', namespace: 'default' }],
  ])('%s', (_name, order, expected) => {
    const contexts = connectedContexts(statuses, snapshot);
    const ordered = order.map((id) => contexts.find((context) => context.id === id)!);
    expect(initialSource(ordered)).toEqual({ ...expected, pod: '', container: '' });
  });
});
