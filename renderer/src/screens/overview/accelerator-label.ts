/** The name an accelerator pool goes by on the GPU cards and the chart's axis. */
import type { AcceleratorTotal } from '../../../../shared/models/overview';

/**
 * Returns the model with its vendor in front, unless the model name already carries a word of the vendor's
 * name, and then the MIG profile or vNPU template, so that two profiles of one model read apart.
 */
export function acceleratorLabel(accelerator: AcceleratorTotal, vendorName: string = accelerator.vendorName): string {
  // Without a model label the model field repeats the resource name, which the card shows below its title anyway.
  if (accelerator.model === accelerator.resourceName) {
    return accelerator.profile ? `${vendorName} ${accelerator.profile}` : vendorName;
  }
  const model = accelerator.model.toLowerCase();
  const named = [accelerator.vendor, ...accelerator.vendorName.split(/\s+/)].some((word) => word.length > 2 && model.includes(word.toLowerCase()));
  const label = named ? accelerator.model : `${vendorName} ${accelerator.model}`;
  const profile = accelerator.profile;
  return profile && !model.includes(profile.toLowerCase()) ? `${label} ${profile}` : label;
}
