/**
 * Joins a GPU's vendor and model for display. The vendor is left out when the
 * model name already carries a word of it ("NVIDIA-A10", or "Ascend910" from
 * the vendor "Huawei Ascend"), as the GPU cards do.
 */
export function modelWithVendor(vendor: string | undefined, model: string | undefined): string {
  if (!model) {
    return vendor ?? '';
  }
  const lowered = model.toLowerCase();
  const named = (vendor ?? '').split(/\s+/).some((word) => word.length > 2 && lowered.includes(word.toLowerCase()));
  return vendor && !named ? `${vendor} ${model}` : model;
}
