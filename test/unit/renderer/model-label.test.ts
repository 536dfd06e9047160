import { describe, expect, it } from 'vitest';
import { modelWithVendor } from '../../../renderer/src/screens/overview/model-label';

describe('modelWithVendor', () => {
  it.each([
    { name: 'model names the vendor', vendor: 'NVIDIA', model: 'NVIDIA-A10', label: 'NVIDIA-A10' },
    { name: 'vendor in another case', vendor: 'nvidia', model: 'NVIDIA-GeForce-RTX-4090', label: 'NVIDIA-GeForce-RTX-4090' },
    { name: 'model without the vendor', vendor: 'Huawei', model: 'Ascend910B', label: 'Huawei Ascend910B' },
    { name: 'model names one vendor word', vendor: 'Huawei Ascend', model: 'Ascend910', label: 'Ascend910' },
    { name: 'no vendor', vendor: undefined, model: 'H100', label: 'H100' },
    { name: 'no model', vendor: 'NVIDIA', model: undefined, label: 'NVIDIA' },
    { name: 'neither', vendor: undefined, model: undefined, label: '' },
  ])('$name', ({ vendor, model, label }) => {
    expect(modelWithVendor(vendor, model)).toBe(label);
  });
});
