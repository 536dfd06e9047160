/** Joins a GPU's vendor and model for display, leaving the vendor out when the model name starts with it ("NVIDIA-A10"). */
export function modelWithVendor(vendor: string | undefined, model: string | undefined): string {
  if (!model) {
    return vendor ?? '';
  }
  return vendor && !model.toLowerCase().startsWith(vendor.toLowerCase()) ? `${vendor} ${model}` : model;
}
