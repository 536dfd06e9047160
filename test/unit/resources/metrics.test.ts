import { describe, expect, it } from 'vitest';
import {
  devicesOnNode,
  parsePromQueryResult,
  parsePrometheusText,
  readDeviceTelemetry,
} from '../../../shared/resources';
import { readFixture } from './fixtures';

describe('readDeviceTelemetry on BR-21', () => {
  const parsed = parsePrometheusText(readFixture('BR-21-dcgm-metrics-unattributed.prom'));
  const report = readDeviceTelemetry(parsed.samples, { nodeNames: new Set(['gpu-node-a']) });

  it('parses the scrape without errors', () => {
    expect(parsed.errors).toEqual([]);
    expect(parsed.samples).toHaveLength(6);
  });

  it('shows all three GPUs on the node with their utilization', () => {
    expect(devicesOnNode(report, 'gpu-node-a').map((device) => [device.index, device.utilizationPercent])).toEqual([
      ['0', 87],
      ['1', 64],
      ['2', 0],
    ]);
  });

  it('attributes GPU 0 to team-a/trainer-0 with 30000 MiB', () => {
    expect(report.podUsage).toEqual([
      { namespace: 'team-a', pod: 'trainer-0', container: 'main', deviceKey: 'gpu-node-a/GPU-00000000-0000-0000-0000-0000000000c0/', node: 'gpu-node-a', utilizationPercent: 87, memoryUsedMiB: 30000 },
    ]);
  });

  it('reports GPU 1 as busy and unattributed', () => {
    expect(report.unattributedBusy.map((device) => device.index)).toEqual(['1']);
    expect(report.unattributedBusy[0]?.holders).toEqual([]);
  });

  it('reports GPU 2 as idle and free', () => {
    expect(report.idleUnattributed.map((device) => device.index)).toEqual(['2']);
  });

  it('creates no pod with an empty name', () => {
    expect(report.podUsage.every((usage) => usage.pod !== '' && usage.namespace !== '')).toBe(true);
  });

  it('keeps the model name', () => {
    expect(report.devices[0]?.modelName).toBe('NVIDIA A100-SXM4-80GB');
  });
});

describe('readDeviceTelemetry label variants', () => {
  const sample = (labels: Record<string, string>, name = 'DCGM_FI_DEV_GPU_UTIL', value = 50) => ({ name, labels, value });

  it('reads the lower-case hostname of newer exporters', () => {
    const report = readDeviceTelemetry([sample({ gpu: '0', uuid: 'GPU-x', hostname: 'n1' })]);
    expect(report.devices[0]).toMatchObject({ node: 'n1', nodeSource: 'label', uuid: 'GPU-x' });
  });

  it('reads exported_* labels and ignores the exporter pod', () => {
    const labels = { gpu: '0', UUID: 'GPU-x', Hostname: 'n1', pod: 'dcgm-exporter-abc', namespace: 'gpu-operator', exported_pod: 'train-0', exported_namespace: 'team-b', exported_container: 'main' };
    expect(readDeviceTelemetry([sample(labels)]).podUsage).toMatchObject([{ namespace: 'team-b', pod: 'train-0', container: 'main' }]);
  });

  it('leaves a device unattributed when exported_pod is empty', () => {
    const labels = { gpu: '0', UUID: 'GPU-x', Hostname: 'n1', pod: 'dcgm-exporter-abc', namespace: 'gpu-operator', exported_pod: '', exported_namespace: '' };
    const report = readDeviceTelemetry([sample(labels)]);
    expect(report.podUsage).toEqual([]);
    expect(report.unattributedBusy).toHaveLength(1);
  });

  it('does not attribute a pod without a namespace', () => {
    expect(readDeviceTelemetry([sample({ gpu: '0', Hostname: 'n1', pod: 'lonely', namespace: '' })]).podUsage).toEqual([]);
  });

  it('falls back to minor_number for the index', () => {
    expect(readDeviceTelemetry([sample({ minor_number: '3', Hostname: 'n1' })]).devices[0]?.index).toBe('3');
  });

  it('uses the instance only when it names a known node', () => {
    const known = readDeviceTelemetry([sample({ gpu: '0', instance: 'n1:9400' })], { nodeNames: new Set(['n1']) });
    const unknown = readDeviceTelemetry([sample({ gpu: '0', instance: '10.0.0.5:9400' })], { nodeNames: new Set(['n1']) });
    expect(known.devices[0]).toMatchObject({ node: 'n1', nodeSource: 'instance' });
    expect(unknown.devices[0]?.node).toBeUndefined();
  });

  it('skips a host label that names no known node', () => {
    const report = readDeviceTelemetry([sample({ gpu: '0', Hostname: 'dcgm-exporter-xyz', node: 'n2' })], { nodeNames: new Set(['n2']) });
    expect(report.devices[0]?.node).toBe('n2');
  });

  it('keeps MIG instances of one GPU apart', () => {
    const report = readDeviceTelemetry([
      sample({ gpu: '0', UUID: 'GPU-x', Hostname: 'n1', GPU_I_ID: '1', GPU_I_PROFILE: '1g.10gb' }, 'DCGM_FI_PROF_GR_ENGINE_ACTIVE', 0.5),
      sample({ gpu: '0', UUID: 'GPU-x', Hostname: 'n1', GPU_I_ID: '2', GPU_I_PROFILE: '1g.10gb' }, 'DCGM_FI_PROF_GR_ENGINE_ACTIVE', 0),
    ]);
    expect(report.devices.map((device) => [device.migInstance, device.utilizationPercent])).toEqual([['1', 50], ['2', 0]]);
  });

  it('prefers GPU_UTIL over engine activity', () => {
    const labels = { gpu: '0', UUID: 'GPU-x', Hostname: 'n1' };
    const report = readDeviceTelemetry([sample(labels, 'DCGM_FI_DEV_GPU_UTIL', 40), sample(labels, 'DCGM_FI_PROF_GR_ENGINE_ACTIVE', 0.9)]);
    expect(report.devices[0]?.utilizationPercent).toBe(40);
  });

  it('derives total memory from used and free', () => {
    const labels = { gpu: '0', UUID: 'GPU-x', Hostname: 'n1' };
    const report = readDeviceTelemetry([sample(labels, 'DCGM_FI_DEV_FB_USED', 1000), sample(labels, 'DCGM_FI_DEV_FB_FREE', 80000)]);
    expect(report.devices[0]?.memoryTotalMiB).toBe(81000);
  });

  it('counts a device holding memory at zero utilization as busy', () => {
    const labels = { gpu: '0', UUID: 'GPU-x', Hostname: 'n1' };
    const report = readDeviceTelemetry([sample(labels, 'DCGM_FI_DEV_GPU_UTIL', 0), sample(labels, 'DCGM_FI_DEV_FB_USED', 20000)]);
    expect(report.unattributedBusy).toHaveLength(1);
  });

  it('reads Ascend npu-exporter v5 labels', () => {
    const labels = { id: '0', vdie_id: 'vdie-1', model_name: 'Ascend910B3', namespace: 'team-c', pod_name: 'npu-0', node: 'n3' };
    const report = readDeviceTelemetry([sample(labels, 'npu_chip_info_utilization', 70), sample(labels, 'npu_chip_info_hbm_used_memory', 12000)]);
    expect(report.devices[0]).toMatchObject({ exporter: 'ascend', uuid: 'vdie-1', modelName: 'Ascend910B3', utilizationPercent: 70, memoryUsedMiB: 12000 });
    expect(report.podUsage).toMatchObject([{ namespace: 'team-c', pod: 'npu-0' }]);
  });

  it('reads HAMi legacy per-container samples as holders of a shared device', () => {
    const report = readDeviceTelemetry([
      sample({ deviceidx: '0', deviceuuid: 'GPU-h', node: 'n4' }, 'HostCoreUtilization', 30),
      sample({ podnamespace: 'a', podname: 'p1', ctrname: 'c', vdeviceid: '0', deviceuuid: 'GPU-h', node: 'n4' }, 'Device_utilization_desc_of_container', 20),
      sample({ podnamespace: 'b', podname: 'p2', ctrname: 'c', vdeviceid: '0', deviceuuid: 'GPU-h', node: 'n4' }, 'vGPU_device_memory_usage_in_bytes', 2 * 1024 * 1024 * 1024),
    ]);
    expect(report.devices).toHaveLength(1);
    expect(report.devices[0]?.utilizationPercent).toBe(30);
    expect(report.podUsage.map((usage) => [usage.pod, usage.utilizationPercent, usage.memoryUsedMiB])).toEqual([
      ['p1', 20, undefined],
      ['p2', undefined, 2048],
    ]);
  });

  it('ignores unknown metrics and non-finite values', () => {
    const report = readDeviceTelemetry([sample({ gpu: '0' }, 'node_cpu_seconds_total', 1), sample({ gpu: '0', Hostname: 'n1' }, 'DCGM_FI_DEV_GPU_UTIL', Number.NaN)]);
    expect(report.devices).toEqual([]);
    expect(report.metricsSeen).toEqual([]);
  });
});

describe('parsePrometheusText', () => {
  it('reads escapes, timestamps and special values', () => {
    const text = [
      'm{a="x\\"y",b="line\\nbreak",c="back\\\\slash"} 1.5 1700000000000',
      'n +Inf',
      'o NaN',
      'p{} -2e3',
    ].join('\n');
    const { samples, errors } = parsePrometheusText(text);
    expect(errors).toEqual([]);
    expect(samples[0]).toEqual({ name: 'm', labels: { a: 'x"y', b: 'line\nbreak', c: 'back\\slash' }, value: 1.5, timestampMs: 1700000000000 });
    expect(samples[1]?.value).toBe(Number.POSITIVE_INFINITY);
    expect(samples[2]?.value).toBeNaN();
    expect(samples[3]?.value).toBe(-2000);
  });

  const garbage: Array<[string, string]> = [
    ['HTML error page', '<html><body>502 Bad Gateway</body></html>'],
    ['unterminated label value', 'm{a="x} 1'],
    ['missing value', 'm{a="x"}'],
    ['word as value', 'm 12abc'],
    ['missing equals', 'm{a"x"} 1'],
  ];

  it.each(garbage)('reports %s as an error with its line', (_name, line) => {
    const { samples, errors } = parsePrometheusText(`ok 1\n${line}`);
    expect(samples).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^Line 2: /);
  });
});

describe('parsePromQueryResult', () => {
  it('reads a vector', () => {
    const body = { status: 'success', data: { resultType: 'vector', result: [{ metric: { __name__: 'DCGM_FI_DEV_GPU_UTIL', gpu: '0' }, value: [1700000000.5, '87'] }] } };
    expect(parsePromQueryResult(body)).toEqual({ samples: [{ name: 'DCGM_FI_DEV_GPU_UTIL', labels: { gpu: '0' }, value: 87, timestampMs: 1700000000500 }], errors: [] });
  });

  it('takes the latest point of a matrix and a fallback name', () => {
    const body = { status: 'success', data: { resultType: 'matrix', result: [{ metric: { gpu: '1' }, values: [[1, '1'], [2, '64']] }] } };
    expect(parsePromQueryResult(body, 'DCGM_FI_DEV_GPU_UTIL').samples).toEqual([{ name: 'DCGM_FI_DEV_GPU_UTIL', labels: { gpu: '1' }, value: 64, timestampMs: 2000 }]);
  });

  it('reports a failed query', () => {
    expect(parsePromQueryResult({ status: 'error', error: 'bad_data: parse error' }).errors).toEqual(['The query failed: bad_data: parse error.']);
  });

  it('reports a non-object body', () => {
    expect(parsePromQueryResult('<html>').errors).toEqual(['The query response is not a JSON object.']);
  });

  it('reports a scalar result', () => {
    expect(parsePromQueryResult({ status: 'success', data: { resultType: 'scalar', result: [1, '2'] } }).errors[0]).toContain('got scalar');
  });

  it('reports a bad series and keeps the good one', () => {
    const body = { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [1, 'x'] }, { metric: { gpu: '0' }, value: [1, '5'] }] } };
    const result = parsePromQueryResult(body, 'm');
    expect(result.samples).toHaveLength(1);
    expect(result.errors).toEqual(['Series 1: invalid sample value "x"']);
  });
});
