import { describe, expect, it } from 'vitest';
import { isUnresolved, pickServicePod, podProblem, resolveContainerPort, resolveServicePort, type PodObject, type ServiceObject } from '../../../main/portforward/resolve';

const service: ServiceObject = {
  metadata: { name: 'jupyter', namespace: 'team-a' },
  spec: {
    selector: { app: 'notebook' },
    ports: [
      { name: 'web', port: 80, targetPort: 'http' },
      { name: 'metrics', port: 9090, targetPort: 9091 },
      { port: 8080 },
      { name: 'dns', port: 53, protocol: 'UDP' },
      { name: 'text-number', port: 7000, targetPort: '7001' },
    ],
  },
};

function pod(name: string, options: { uid?: string; ready?: boolean; phase?: string; deleting?: boolean; created?: string } = {}): PodObject {
  return {
    metadata: {
      name,
      namespace: 'team-a',
      uid: options.uid ?? `${name}-uid`,
      ...(options.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
      ...(options.created ? { creationTimestamp: options.created } : {}),
    },
    spec: { containers: [{ name: 'jupyter', ports: [{ name: 'http', containerPort: 8888 }] }] },
    status: { phase: options.phase ?? 'Running', conditions: [{ type: 'Ready', status: options.ready === false ? 'False' : 'True' }] },
  };
}

describe('service port to target port', () => {
  const cases: Array<{ name: string; port: number | string; expected: number | string | RegExp }> = [
    { name: 'named target port by number', port: 80, expected: 'http' },
    { name: 'named service port', port: 'web', expected: 'http' },
    { name: 'numeric target port', port: 9090, expected: 9091 },
    { name: 'target port defaults to port', port: 8080, expected: 8080 },
    { name: 'target port as digit string', port: 7000, expected: 7001 },
    { name: 'missing port lists offers', port: 81, expected: /Service team-a\/jupyter has no port 81; it offers 80 \(web\), 9090 \(metrics\), 8080/ },
    { name: 'UDP port rejected', port: 'dns', expected: /is UDP; port-forwarding carries TCP only/ },
  ];
  it.each(cases)('$name', ({ port, expected }) => {
    const result = resolveServicePort(service, port);
    if (expected instanceof RegExp) {
      expect(isUnresolved(result) ? result.problem : '').toMatch(expected);
    } else {
      expect(result).toBe(expected);
    }
  });
});

describe('container port', () => {
  it('maps a port name', () => {
    expect(resolveContainerPort(pod('a'), 'http')).toBe(8888);
  });

  it('keeps a number as given', () => {
    expect(resolveContainerPort(pod('a'), 1234)).toBe(1234);
  });

  it('names a missing port name', () => {
    const result = resolveContainerPort(pod('a'), 'grpc');
    expect(isUnresolved(result) ? result.problem : '').toBe('Pod team-a/a has no container port named "grpc".');
  });
});

describe('pod problems', () => {
  const cases: Array<{ name: string; pod: PodObject | undefined; expected?: string }> = [
    { name: 'ready pod', pod: pod('a') },
    { name: 'missing pod', pod: undefined, expected: 'Pod team-a/x does not exist; it was deleted or is not created yet.' },
    { name: 'deleting pod', pod: pod('a', { deleting: true }), expected: 'Pod team-a/a is being deleted.' },
    { name: 'pending pod', pod: pod('a', { phase: 'Pending' }), expected: 'Pod team-a/a is Pending, not Running.' },
    { name: 'not ready pod', pod: pod('a', { ready: false }), expected: 'Pod team-a/a is Running but not Ready.' },
  ];
  it.each(cases)('$name', ({ pod: subject, expected }) => {
    expect(podProblem(subject, 'team-a/x')).toBe(expected);
  });
});

describe('service pod choice', () => {
  it('keeps the current pod while it is usable', () => {
    const pods = [pod('a', { created: '2026-01-01T00:00:00Z' }), pod('b', { created: '2026-01-02T00:00:00Z' })];
    expect(pickServicePod(pods, 'b-uid')?.metadata.name).toBe('b');
  });

  it('takes the oldest usable pod otherwise', () => {
    const pods = [pod('b', { created: '2026-01-02T00:00:00Z' }), pod('a', { created: '2026-01-01T00:00:00Z' }), pod('c', { ready: false })];
    expect(pickServicePod(pods, 'gone')?.metadata.name).toBe('a');
  });

  it('returns nothing without a Ready pod', () => {
    expect(pickServicePod([pod('a', { ready: false }), pod('b', { deleting: true })])).toBeUndefined();
  });
});
