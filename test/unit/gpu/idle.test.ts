import { describe, expect, it } from 'vitest';
import { detectPrometheusServices } from '../../../shared/gpu/detect';
import { findIdleGpus, idleStretch, mergePodUsage, podDeviceKey, type HoldingPod, type UsagePoint } from '../../../shared/gpu/idle';
import { describeOwnership, type OwnedMeta } from '../../../shared/gpu/owners';
import { metricsUrlProblem, serviceSourceProblem } from '../../../shared/gpu/source';
import { tenantAllocations } from '../../../shared/gpu/tenants';
import { parsePrometheusText, readDeviceTelemetry, summarizeAccelerators, type PodLike } from '../../../shared/resources';
import { readFixture } from '../resources/fixtures';

const MIN = 60_000;
const NOW = Date.parse('2026-12-04T12:00:00Z');

/** A history with one point a minute, oldest first, ending at NOW. */
function history(utilization: readonly number[]): UsagePoint[] {
  return utilization.map((value, index) => ({ t: NOW - (utilization.length - 1 - index) * MIN, utilizationPercent: value, memoryUsedMiB: 2048 }));
}

describe('idleStretch', () => {
  it.each([
    { name: 'busy now is not idle', points: [0, 0, 50], start: undefined, expected: undefined },
    { name: 'idle since the last busy point', points: [80, 2, 1, 0], start: undefined, expected: { since: NOW - 2 * MIN, atLeast: false } },
    { name: 'idle over the whole history is at least that long', points: [1, 1, 1], start: undefined, expected: { since: NOW - 2 * MIN, atLeast: true } },
    { name: 'a pod that started inside the history is idle since its start', points: [1, 1, 1], start: NOW - 90_000, expected: { since: NOW - 90_000, atLeast: false } },
    { name: 'the threshold itself counts as busy', points: [5, 4], start: undefined, expected: { since: NOW, atLeast: false } },
  ])('$name', ({ points, start, expected }) => {
    expect(idleStretch(history(points), 5, start)).toEqual(expected);
  });

  it('a gap in the readings ends the stretch', () => {
    const points: UsagePoint[] = [{ t: NOW - 2 * MIN }, { t: NOW - MIN, utilizationPercent: 0 }, { t: NOW, utilizationPercent: 0 }];
    expect(idleStretch(points, 5)).toEqual({ since: NOW - MIN, atLeast: false });
  });
});

describe('describeOwnership', () => {
  const pod = (extra: Partial<OwnedMeta>): OwnedMeta => ({ name: 'web-7d9f-abcde', namespace: 'team-a', ...extra });

  it('walks ReplicaSet to Deployment through the lookup and reads the queue and user from the owner', () => {
    const lookup = (_namespace: string, ref: { kind: string; name: string }) =>
      ref.kind === 'ReplicaSet'
        ? { name: ref.name, ownerReferences: [{ kind: 'Deployment', name: 'web', controller: true }] }
        : { name: ref.name, labels: { 'kueue.x-k8s.io/queue-name': 'team-a-queue', 'app.kubernetes.io/created-by': 'alice' } };
    const result = describeOwnership(pod({ ownerReferences: [{ kind: 'ReplicaSet', name: 'web-7d9f', controller: true }] }), lookup);
    expect(result).toEqual({ workload: { kind: 'Deployment', name: 'web' }, queue: 'team-a-queue', user: 'alice' });
  });

  it('infers the Deployment from pod-template-hash when the ReplicaSet cannot be read', () => {
    const result = describeOwnership(pod({ labels: { 'pod-template-hash': '7d9f' }, ownerReferences: [{ kind: 'ReplicaSet', name: 'web-7d9f', controller: true }] }));
    expect(result.workload).toEqual({ kind: 'Deployment', name: 'web' });
  });

  it('stops at an unreadable owner that is not a ReplicaSet', () => {
    const result = describeOwnership(pod({ labels: { 'kueue.x-k8s.io/queue-name': 'q' }, ownerReferences: [{ kind: 'PyTorchJob', name: 'bert', controller: true }] }));
    expect(result).toEqual({ workload: { kind: 'PyTorchJob', name: 'bert' }, queue: 'q' });
  });

  it('a pod without a controller is its own workload; a non-controller reference is not followed', () => {
    expect(describeOwnership(pod({ ownerReferences: [{ kind: 'ConfigMap', name: 'x' }] })).workload).toEqual({ kind: 'Pod', name: 'web-7d9f-abcde' });
  });
});

describe('findIdleGpus', () => {
  const telemetry = readDeviceTelemetry(parsePrometheusText(readFixture('BR-21-dcgm-metrics-unattributed.prom')).samples);
  const holding = (name: string, extra: Partial<HoldingPod> = {}): [string, HoldingPod] => [`team-a/${name}`, { name, namespace: 'team-a', nodeName: 'gpu-node-a', ...extra }];

  it('BR-21: the busy unlabelled GPU is unattributed, never idle, and the idle free GPU is not listed', () => {
    const report = findIdleGpus({
      now: NOW,
      devices: telemetry.devices,
      usage: mergePodUsage(telemetry.podUsage),
      history: () => history([87, 87, 87]),
      holdingPods: new Map([holding('trainer-0')]),
      namespaceLabels: new Map(),
      thresholds: { utilizationPercent: 5, durationMs: 30 * MIN },
    });
    expect(report.idle).toEqual([]);
    expect(report.unattributedBusy).toEqual([
      expect.objectContaining({ node: 'gpu-node-a', index: '1', utilizationPercent: 64, memoryUsedMiB: 41000, reason: 'no-pod-label' }),
    ]);
    expect(report.podsWithoutTelemetry).toEqual([]);
  });

  it('lists a held GPU idle past the threshold with owner, tenant, queue, user, duration and memory', () => {
    const idleTrainer = telemetry.podUsage.map((entry) => ({ ...entry, utilizationPercent: 0 }));
    const report = findIdleGpus({
      now: NOW,
      devices: telemetry.devices,
      usage: mergePodUsage(idleTrainer),
      history: (key) => (key === podDeviceKey('team-a', 'trainer-0', idleTrainer[0]!.deviceKey) ? history([90, ...Array<number>(40).fill(0)]) : []),
      holdingPods: new Map([holding('trainer-0', { labels: { 'kueue.x-k8s.io/queue-name': 'team-a-q', 'app.kubernetes.io/created-by': 'alice' }, ownerReferences: [{ kind: 'PyTorchJob', name: 'bert', controller: true }] })]),
      namespaceLabels: new Map([['team-a', { 'd.run/tenant': 'research' }]]),
      thresholds: { utilizationPercent: 5, durationMs: 30 * MIN },
    });
    expect(report.idle).toEqual([
      {
        namespace: 'team-a', pod: 'trainer-0', node: 'gpu-node-a', deviceKey: idleTrainer[0]!.deviceKey, device: 'gpu-node-a #0',
        tenant: 'research', queue: 'team-a-q', workload: { kind: 'PyTorchJob', name: 'bert' }, user: 'alice',
        idleSince: new Date(NOW - 39 * MIN).toISOString(), idleSeconds: 39 * 60, atLeast: false, utilizationPercent: 0, memoryUsedMiB: 30000,
      },
    ]);
  });

  it('an idle stretch shorter than the threshold is not listed', () => {
    const report = findIdleGpus({
      now: NOW,
      devices: telemetry.devices,
      usage: mergePodUsage(telemetry.podUsage.map((entry) => ({ ...entry, utilizationPercent: 0 }))),
      history: () => history([90, 0, 0, 0]),
      holdingPods: new Map([holding('trainer-0')]),
      namespaceLabels: new Map(),
      thresholds: { utilizationPercent: 5, durationMs: 30 * MIN },
    });
    expect(report.idle).toEqual([]);
  });

  it('a pod named by the exporter but not holding devices in the API server is unattributed, and silent holders are counted', () => {
    const report = findIdleGpus({
      now: NOW,
      devices: telemetry.devices,
      usage: mergePodUsage(telemetry.podUsage),
      history: () => [],
      holdingPods: new Map([holding('other-0')]),
      namespaceLabels: new Map(),
      thresholds: { utilizationPercent: 5, durationMs: 30 * MIN },
    });
    expect(report.unattributedBusy.map((device) => [device.index, device.reason, device.namedPod])).toEqual([
      ['1', 'no-pod-label', undefined],
      ['0', 'unknown-pod', 'team-a/trainer-0'],
    ]);
    expect(report.podsWithoutTelemetry).toEqual(['team-a/other-0']);
  });
});

describe('mergePodUsage', () => {
  it('folds containers of one pod on one device: highest utilization, summed memory', () => {
    const merged = mergePodUsage([
      { namespace: 'a', pod: 'p', container: 'x', deviceKey: 'n/0/', utilizationPercent: 10, memoryUsedMiB: 100 },
      { namespace: 'a', pod: 'p', container: 'y', deviceKey: 'n/0/', utilizationPercent: 30, memoryUsedMiB: 50 },
      { namespace: 'a', pod: 'p', container: 'x', deviceKey: 'n/1/', utilizationPercent: 5 },
    ]);
    expect(merged).toEqual([
      { namespace: 'a', pod: 'p', deviceKey: 'n/0/', utilizationPercent: 30, memoryUsedMiB: 150 },
      { namespace: 'a', pod: 'p', deviceKey: 'n/1/', utilizationPercent: 5 },
    ]);
  });
});

describe('tenantAllocations', () => {
  const node = { metadata: { name: 'n1', labels: { 'nvidia.com/gpu.product': 'A100' } }, status: { capacity: { 'nvidia.com/gpu': '8' }, allocatable: { 'nvidia.com/gpu': '8' }, conditions: [{ type: 'Ready', status: 'True' }] } };
  const pod = (namespace: string, name: string, gpus: string, nodeName?: string): PodLike => ({
    metadata: { namespace, name },
    spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', resources: { requests: { 'nvidia.com/gpu': gpus, cpu: '1' } } }] },
    status: { phase: nodeName ? 'Running' : 'Pending' },
  });

  it('sums held and pending units per namespace and keeps only accelerator quota keys', () => {
    const summary = summarizeAccelerators([node], [pod('team-a', 'p1', '2', 'n1'), pod('team-a', 'p2', '1'), pod('team-b', 'p3', '1', 'n1')]);
    const { tenants, problems } = tenantAllocations({
      holders: summary.holders,
      pending: summary.pendingDemand,
      quotas: [{ metadata: { namespace: 'team-a', name: 'q' }, status: { hard: { 'requests.nvidia.com/gpu': '4', 'requests.cpu': '10' }, used: { 'requests.nvidia.com/gpu': '2', 'requests.cpu': '3' } } }],
      namespaceLabels: new Map([['team-a', { 'd.run/tenant': 'research' }]]),
    });
    expect(problems).toEqual([]);
    expect(tenants).toEqual([
      { namespace: 'team-a', tenant: 'research', held: 2, pending: 1, quotas: [{ resource: 'requests.nvidia.com/gpu', used: 2, hard: 4, ratio: 0.5, display: '2 / 4 (50 %)' }] },
      { namespace: 'team-b', held: 1, pending: 0, quotas: [] },
    ]);
  });

  it('reports an invalid quota quantity instead of failing the view', () => {
    const { tenants, problems } = tenantAllocations({
      holders: [], pending: [],
      quotas: [{ metadata: { namespace: 'x', name: 'bad' }, status: { hard: { 'requests.nvidia.com/gpu': 'lots' } } }],
      namespaceLabels: new Map(),
    });
    expect(tenants).toEqual([]);
    expect(problems[0]).toMatch(/ResourceQuota x\/bad/);
  });
});

describe('detectPrometheusServices', () => {
  const service = (namespace: string, name: string, ports: { name?: string; port: number }[], labels: Record<string, string> = {}) => ({ metadata: { namespace, name, labels }, spec: { ports } });

  it('offers the operator Service first, then names, then labels, and skips exporters and Alertmanager', () => {
    const found = detectPrometheusServices([
      service('monitoring', 'prometheus-node-exporter', [{ port: 9100 }]),
      service('monitoring', 'kps-kube-prometheus-stack-prometheus', [{ name: 'http-web', port: 9090 }, { name: 'reloader-web', port: 8080 }]),
      service('monitoring', 'prometheus-operated', [{ name: 'web', port: 9090 }]),
      service('monitoring', 'alertmanager-operated', [{ name: 'web', port: 9093 }]),
      service('obs', 'metrics', [{ port: 80 }], { 'app.kubernetes.io/name': 'prometheus' }),
      service('default', 'kubernetes', [{ port: 443 }]),
    ]);
    expect(found).toEqual([
      { namespace: 'monitoring', name: 'prometheus-operated', port: 9090, reason: 'operator' },
      { namespace: 'monitoring', name: 'kps-kube-prometheus-stack-prometheus', port: 9090, reason: 'name' },
      { namespace: 'obs', name: 'metrics', port: 80, reason: 'label' },
    ]);
  });
});

describe('metrics source checks', () => {
  it.each([
    ['http://127.0.0.1:9090', undefined],
    ['https://prom.example.test/prometheus', undefined],
    ['http://[::1]:9090/', undefined],
    ['ftp://127.0.0.1', /http:\/\/ or https:\/\//],
    ['127.0.0.1:9090', /not a URL/],
    ['http://user:pw@127.0.0.1:9090', /no user name or password/],
    ['http://127.0.0.1:99999', /not a TCP port/],
    ['http://127.0.0.1:9090/?x=1', /without a query/],
  ])('%s', (url, expected) => {
    const problem = metricsUrlProblem(url);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(expected);
  });

  it.each([
    [{ namespace: 'monitoring', name: 'prometheus', port: 9090 }, undefined],
    [{ namespace: 'monitoring', name: 'prometheus', port: 'web' }, undefined],
    [{ namespace: 'Monitoring', name: 'prometheus', port: 9090 }, /Namespace/],
    [{ namespace: 'monitoring', name: 'prometheus', port: 0 }, /not a TCP port/],
  ])('service %j', (source, expected) => {
    const problem = serviceSourceProblem(source);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(expected);
  });
});
