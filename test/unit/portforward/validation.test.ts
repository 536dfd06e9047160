import { describe, expect, it } from 'vitest';
import { startForwardSchema } from '../../../shared/contracts/portforward';
import { localPortProblem, objectNameProblem, remotePortProblem } from '../../../shared/models/portforward';

describe('local port check', () => {
  const cases: Array<{ name: string; port: number; problem?: RegExp }> = [
    { name: 'zero picks a free port', port: 0 },
    { name: 'first unprivileged port', port: 1024 },
    { name: 'highest port', port: 65535 },
    { name: 'privileged port', port: 80, problem: /Local port 80 needs administrator rights; use 0/ },
    { name: 'above range', port: 65536, problem: /Local port 65536 is out of range/ },
    { name: 'negative', port: -1, problem: /out of range/ },
    { name: 'fraction', port: 8080.5, problem: /out of range/ },
  ];
  it.each(cases)('$name', ({ port, problem }) => {
    const result = localPortProblem(port);
    if (problem) expect(result).toMatch(problem);
    else expect(result).toBeUndefined();
  });
});

describe('remote port check', () => {
  const cases: Array<{ name: string; port: number | string; problem?: RegExp }> = [
    { name: 'number', port: 8888 },
    { name: 'lowest', port: 1 },
    { name: 'zero', port: 0, problem: /Port 0 is out of range; use a number from 1 to 65535 or a port name/ },
    { name: 'named port', port: 'http' },
    { name: 'digits as text', port: '8888' },
    { name: 'digits out of range', port: '70000', problem: /Port 70000 is out of range/ },
    { name: 'name too long', port: 'a-very-long-port-name', problem: /Port name "a-very-long-port-name" is not valid/ },
    { name: 'upper case', port: 'HTTP', problem: /not valid/ },
    { name: 'double dash', port: 'my--port', problem: /not valid/ },
  ];
  it.each(cases)('$name', ({ port, problem }) => {
    const result = remotePortProblem(port);
    if (problem) expect(result).toMatch(problem);
    else expect(result).toBeUndefined();
  });
});

describe('object name check', () => {
  const cases: Array<{ name: string; kind: 'pod' | 'service'; value: string; valid: boolean }> = [
    { name: 'pod with dots', kind: 'pod', value: 'notebook-0.v2', valid: true },
    { name: 'pod upper case', kind: 'pod', value: 'Notebook-0', valid: false },
    { name: 'service starting with digit', kind: 'service', value: '0svc', valid: false },
    { name: 'service with dot', kind: 'service', value: 'svc.a', valid: false },
    { name: 'service', kind: 'service', value: 'jupyter', valid: true },
    { name: 'pod ending with dash', kind: 'pod', value: 'pod-', valid: false },
  ];
  it.each(cases)('$name', ({ kind, value, valid }) => {
    expect(objectNameProblem(kind, value) === undefined).toBe(valid);
  });
});

describe('start forward schema', () => {
  const base = { contextId: 'ctx', target: { kind: 'pod', namespace: 'team-a', name: 'notebook-0', port: 8888 } };

  it('fills defaults', () => {
    const parsed = startForwardSchema.parse(base);
    expect(parsed).toMatchObject({ localPort: 0, keep: false });
  });

  it('turns digit strings into numbers', () => {
    const parsed = startForwardSchema.parse({ ...base, target: { ...base.target, port: '8888' } });
    expect(parsed.target.port).toBe(8888);
  });

  it('names the bad namespace and the fix', () => {
    const result = startForwardSchema.safeParse({ ...base, target: { ...base.target, namespace: 'Team_A' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('Namespace "Team_A" is not a valid name; use at most 63 lower-case letters');
  });

  it('names the bad local port', () => {
    const result = startForwardSchema.safeParse({ ...base, localPort: 443 });
    expect(result.error?.issues[0]?.message).toContain('Local port 443 needs administrator rights');
  });
});
