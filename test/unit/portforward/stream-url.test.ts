import { describe, expect, it } from 'vitest';
import { forbiddenPortForward } from '../../../main/portforward/errors';
import { portForwardUrl } from '../../../main/portforward/stream';

describe('port-forward URL', () => {
  it('switches https to wss and keeps a path prefix', () => {
    expect(portForwardUrl('https://127.0.0.1:6443/k8s/', 'team-a', 'notebook-0', 8888)).toBe('wss://127.0.0.1:6443/k8s/api/v1/namespaces/team-a/pods/notebook-0/portforward?ports=8888');
  });

  it('switches http to ws', () => {
    expect(portForwardUrl('http://localhost:8001', 'a', 'b', 1)).toBe('ws://localhost:8001/api/v1/namespaces/a/pods/b/portforward?ports=1');
  });
});

describe('forbidden port-forward error', () => {
  it('names the verb, the resource and the namespace', () => {
    const error = forbiddenPortForward('team-b', JSON.stringify({ kind: 'Status', message: 'pods "x" is forbidden' }));
    expect(error.kind).toBe('Forbidden');
    expect(error.message).toContain("needs 'create' (and 'get') on pods/portforward");
    expect(error.denied).toEqual({ verb: 'create', resource: 'pods', subresource: 'portforward', namespace: 'team-b' });
    expect(error.status?.message).toBe('pods "x" is forbidden');
  });
});
