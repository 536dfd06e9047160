import { describe, expect, it } from 'vitest';
import type { AcceleratorTotal } from '../../../shared/models/overview';
import { acceleratorLabel } from '../../../renderer/src/screens/overview/accelerator-label';

function total(fields: Partial<AcceleratorTotal>): AcceleratorTotal {
  return {
    vendor: 'nvidia',
    vendorName: 'NVIDIA',
    mode: 'whole',
    measure: 'devices',
    countsDevices: true,
    model: 'NVIDIA-A100-SXM4-80GB',
    resourceName: 'nvidia.com/gpu',
    capacity: 8,
    allocatable: 8,
    requested: 0,
    schedulable: 8,
    free: 8,
    freeForNewWork: 8,
    unavailable: 0,
    nodes: 1,
    ...fields,
  };
}

describe('accelerator label', () => {
  it.each([
    { name: 'whole GPU', fields: {}, label: 'NVIDIA-A100-SXM4-80GB' },
    { name: 'MIG profile', fields: { mode: 'mig', profile: '1g.10gb', resourceName: 'nvidia.com/mig-1g.10gb' }, label: 'NVIDIA-A100-SXM4-80GB 1g.10gb' },
    { name: 'profile in the model', fields: { mode: 'mig', profile: '1g.10gb', model: 'MIG 1g.10gb' }, label: 'NVIDIA MIG 1g.10gb' },
    { name: 'vNPU template', fields: { vendor: 'huawei', vendorName: 'Huawei Ascend', model: 'Ascend910B', mode: 'vnpu', profile: '4c' }, label: 'Ascend910B 4c' },
    { name: 'vendor in front', fields: { vendor: 'hygon', vendorName: 'Hygon', model: 'K100' }, label: 'Hygon K100' },
    { name: 'no model label', fields: { vendor: 'hygon', vendorName: 'Hygon DCU', model: 'hygon.com/dcunum', resourceName: 'hygon.com/dcunum' }, label: 'Hygon DCU' },
  ])('$name', ({ fields, label }) => {
    expect(acceleratorLabel(total(fields))).toBe(label);
  });

  it('tells two profiles apart', () => {
    const small = acceleratorLabel(total({ mode: 'mig', profile: '1g.10gb' }));
    const large = acceleratorLabel(total({ mode: 'mig', profile: '3g.40gb' }));
    expect(small).not.toBe(large);
  });
});
