import { describe, expect, it } from 'vitest';
import {
  builtinAcceleratorTable,
  lookupAcceleratorResource,
  mergeAcceleratorTable,
  readHamiRegisteredDevices,
} from '../../../shared/resources';

describe('lookupAcceleratorResource built-ins', () => {
  const table = builtinAcceleratorTable();
  const cases: Array<[string, string, string, string, boolean, Record<string, string>]> = [
    ['nvidia.com/gpu', 'nvidia', 'whole', 'devices', true, {}],
    ['nvidia.com/gpu.shared', 'nvidia', 'time-sliced', 'slots', true, {}],
    ['nvidia.com/mig-1g.10gb', 'nvidia', 'mig', 'instances', true, { profile: '1g.10gb' }],
    ['nvidia.com/mig-1g.10gb+me', 'nvidia', 'mig', 'instances', true, { profile: '1g.10gb+me' }],
    ['nvidia.com/vgpu', 'nvidia', 'vgpu', 'vdevices', true, {}],
    ['nvidia.com/gpumem', 'nvidia', 'vgpu', 'memory', false, { unit: 'MiB' }],
    ['nvidia.com/gpumem-percentage', 'nvidia', 'vgpu', 'memory', false, { unit: 'percent' }],
    ['nvidia.com/gpucores', 'nvidia', 'vgpu', 'cores', false, { unit: 'percent' }],
    ['huawei.com/Ascend910', 'huawei', 'whole', 'devices', true, { model: 'Ascend910' }],
    ['huawei.com/Ascend910B3', 'huawei', 'whole', 'devices', true, { model: 'Ascend910B3' }],
    ['huawei.com/Ascend910B4-1', 'huawei', 'whole', 'devices', true, { model: 'Ascend910B4-1' }],
    ['huawei.com/Ascend310P', 'huawei', 'whole', 'devices', true, { model: 'Ascend310P' }],
    ['huawei.com/Ascend910B3-memory', 'huawei', 'vnpu', 'memory', false, { model: 'Ascend910B3' }],
    ['huawei.com/Ascend910B4-1-core', 'huawei', 'vnpu', 'cores', false, { model: 'Ascend910B4-1' }],
    ['huawei.com/Ascend310P-2c', 'huawei', 'vnpu', 'vdevices', true, { model: 'Ascend310P', profile: '2c' }],
    ['huawei.com/Ascend310P-4c.3cpu', 'huawei', 'vnpu', 'vdevices', true, { model: 'Ascend310P', profile: '4c.3cpu' }],
    ['huawei.com/Ascend910-16c', 'huawei', 'vnpu', 'vdevices', true, { model: 'Ascend910', profile: '16c' }],
    ['iluvatar.ai/BI-V150-vgpu', 'iluvatar', 'vgpu', 'vdevices', true, { model: 'BI-V150' }],
    ['iluvatar.ai/BI-V150.vMem', 'iluvatar', 'vgpu', 'memory', false, { model: 'BI-V150' }],
    ['iluvatar.ai/MR-V100.vCore', 'iluvatar', 'vgpu', 'cores', false, { model: 'MR-V100' }],
    ['iluvatar.ai/vcuda-core', 'iluvatar', 'vgpu', 'cores', false, {}],
    ['iluvatar.ai/vcuda-memory', 'iluvatar', 'vgpu', 'memory', false, {}],
    ['metax-tech.com/gpu', 'metax', 'whole', 'devices', true, {}],
    ['metax-tech.com/sgpu', 'metax', 'vgpu', 'vdevices', true, {}],
    ['cambricon.com/mlu', 'cambricon', 'whole', 'devices', true, {}],
    ['cambricon.com/mlu.share', 'cambricon', 'time-sliced', 'slots', true, {}],
    ['cambricon.com/mlu.mim-2m.8gb', 'cambricon', 'mig', 'instances', true, { profile: '2m.8gb' }],
    ['cambricon.com/mlu.smlu.vmemory', 'cambricon', 'vgpu', 'memory', false, {}],
    ['cambricon.com/vmlu', 'cambricon', 'vgpu', 'vdevices', true, {}],
    ['hygon.com/dcunum', 'hygon', 'vgpu', 'vdevices', true, {}],
    ['hygon.com/hcunum', 'hygon', 'vgpu', 'vdevices', true, {}],
    ['hygon.com/hcumem', 'hygon', 'vgpu', 'memory', false, {}],
    ['mthreads.com/vgpu', 'mthreads', 'vgpu', 'vdevices', true, {}],
    ['enflame.com/gcu', 'enflame', 'whole', 'devices', true, {}],
    ['enflame.com/drs-gcu', 'enflame', 'mig', 'instances', true, {}],
    ['kunlunxin.com/xpu', 'kunlunxin', 'whole', 'devices', true, {}],
    ['kunlunxin.com/vxpu-memory', 'kunlunxin', 'vgpu', 'memory', false, {}],
    ['amd.com/gpu', 'amd', 'whole', 'devices', true, {}],
    ['intel.com/gpu', 'intel', 'whole', 'devices', true, {}],
    ['habana.ai/gaudi', 'habana', 'whole', 'devices', true, {}],
    ['aws.amazon.com/neuroncore', 'aws', 'whole', 'cores', false, {}],
    ['vastaitech.com/va', 'vastai', 'whole', 'devices', true, {}],
    ['birentech.com/gpu', 'biren', 'whole', 'devices', true, {}],
  ];

  it.each(cases)('%s is %s %s %s', (name, vendor, mode, measure, countsDevices, extra) => {
    expect(lookupAcceleratorResource(table, name)).toMatchObject({ resourceName: name, vendor, mode, measure, countsDevices, ...extra });
  });

  it.each(['cpu', 'memory', 'pods', 'ephemeral-storage', 'hugepages-2Mi', 'example.com/widget', 'nvidia.com/gpux', 'huawei.com/Kunpeng'])(
    '%s is not an accelerator',
    (name) => {
      expect(lookupAcceleratorResource(table, name)).toBeUndefined();
    },
  );
});

describe('mergeAcceleratorTable', () => {
  it('adds a user resource', () => {
    const table = mergeAcceleratorTable([{ name: 'example.com/npu', vendor: 'huawei', mode: 'whole', measure: 'devices', model: 'X1' }]);
    expect(lookupAcceleratorResource(table, 'example.com/npu')).toMatchObject({ vendor: 'huawei', model: 'X1', countsDevices: true });
  });

  it('overrides a built-in with the same name', () => {
    const table = mergeAcceleratorTable([{ name: 'nvidia.com/gpu', vendor: 'nvidia', mode: 'vgpu', measure: 'vdevices' }]);
    expect(lookupAcceleratorResource(table, 'nvidia.com/gpu')).toMatchObject({ mode: 'vgpu', measure: 'vdevices' });
  });

  it('tries user patterns before built-in patterns', () => {
    const table = mergeAcceleratorTable([{ pattern: 'nvidia\\.com/mig-(?<profile>7g\\..*)', vendor: 'nvidia', mode: 'whole', measure: 'devices' }]);
    expect(lookupAcceleratorResource(table, 'nvidia.com/mig-7g.80gb')).toMatchObject({ mode: 'whole', profile: '7g.80gb' });
    expect(lookupAcceleratorResource(table, 'nvidia.com/mig-1g.10gb')).toMatchObject({ mode: 'mig' });
  });

  it('anchors user patterns to the whole name', () => {
    const table = mergeAcceleratorTable([{ pattern: 'acme\\.io/tpu', vendor: 'google', mode: 'whole', measure: 'devices' }]);
    expect(lookupAcceleratorResource(table, 'acme.io/tpu-extra')).toBeUndefined();
  });

  it('accepts a user vendor', () => {
    const table = mergeAcceleratorTable(
      [{ name: 'acme.io/accel', vendor: 'acme', mode: 'whole', measure: 'devices' }],
      [{ id: 'acme', displayName: 'Acme', modelLabels: ['acme.io/product'] }],
    );
    expect(lookupAcceleratorResource(table, 'acme.io/accel')).toMatchObject({ vendor: 'acme', vendorName: 'Acme' });
  });

  const invalid: Array<[string, unknown, RegExp]> = [
    ['not an object', 'nvidia.com/gpu', /expected an object/],
    ['neither name nor pattern', { vendor: 'nvidia', mode: 'whole', measure: 'devices' }, /exactly one of "name" or "pattern"/],
    ['both name and pattern', { name: 'a.io/x', pattern: 'a', vendor: 'nvidia', mode: 'whole', measure: 'devices' }, /exactly one/],
    ['bad resource name', { name: 'has space/x', vendor: 'nvidia', mode: 'whole', measure: 'devices' }, /"has space\/x" is not a Kubernetes resource name/],
    ['bad regular expression', { pattern: 'a(', vendor: 'nvidia', mode: 'whole', measure: 'devices' }, /pattern "a\(" is not a valid regular expression/],
    ['unknown vendor', { name: 'a.io/x', vendor: 'nobody', mode: 'whole', measure: 'devices' }, /unknown vendor "nobody"/],
    ['unknown mode', { name: 'a.io/x', vendor: 'nvidia', mode: 'half', measure: 'devices' }, /"mode" is "half"/],
    ['unknown measure', { name: 'a.io/x', vendor: 'nvidia', mode: 'whole', measure: 'watts' }, /"measure" is "watts"/],
    ['unknown unit', { name: 'a.io/x', vendor: 'nvidia', mode: 'vgpu', measure: 'memory', unit: 'KB' }, /"unit" is "KB"/],
    ['empty name', { name: '', vendor: 'nvidia', mode: 'whole', measure: 'devices' }, /"name" must be a non-empty string/],
  ];

  it.each(invalid)('rejects %s', (_name, entry, message) => {
    expect(() => mergeAcceleratorTable([entry])).toThrow(message);
  });

  it('names the entry number in errors', () => {
    expect(() => mergeAcceleratorTable([{ name: 'a.io/x', vendor: 'nvidia', mode: 'whole', measure: 'devices' }, 42])).toThrow(/accelerator resource #2/);
  });

  it('rejects a vendor without an id', () => {
    expect(() => mergeAcceleratorTable([], [{ displayName: 'No id' }])).toThrow(/accelerator vendor #1: "id" is missing/);
  });
});

describe('readHamiRegisteredDevices', () => {
  const node = (value: string) => ({ metadata: { annotations: { 'hami.io/node-nvidia-register': value } } });

  it('reads the colon-separated form', () => {
    expect(readHamiRegisteredDevices(node('GPU-1,10,32768,100,NVIDIA-A100,0,true:GPU-2,10,32768,100,NVIDIA-A100,0,false'), 'nvidia')).toEqual([
      { id: 'GPU-1', count: 10, type: 'NVIDIA-A100', healthy: true },
      { id: 'GPU-2', count: 10, type: 'NVIDIA-A100', healthy: false },
    ]);
  });

  it('reads the JSON form', () => {
    const json = JSON.stringify([{ id: 'GPU-1', count: 4, devmem: 81920, devcore: 100, type: 'NVIDIA-H100', numa: 0, health: true }]);
    expect(readHamiRegisteredDevices(node(json), 'nvidia')).toEqual([{ id: 'GPU-1', count: 4, type: 'NVIDIA-H100', healthy: true }]);
  });

  it('reads malformed JSON as no known devices', () => {
    expect(readHamiRegisteredDevices(node('[{'), 'nvidia')).toEqual([]);
  });

  it('gives undefined without the annotation', () => {
    expect(readHamiRegisteredDevices({}, 'nvidia')).toBeUndefined();
  });
});
