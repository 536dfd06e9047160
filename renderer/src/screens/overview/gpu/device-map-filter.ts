/** Selection of the node maps the device-map section shows: the focused pod's node, or the maps that match the filter. */
import type { NodeDeviceMap } from '../../../../../shared/models/gpu';

/** Reports whether a node map matches a lower-case filter: its node name, vendor, model, or a pod holding its devices. */
function matches(node: NodeDeviceMap, needle: string): boolean {
  const pods = [...node.pods.map((pod) => `${pod.namespace}/${pod.name}`), ...node.devices.flatMap((device) => device.holders.map((holder) => `${holder.namespace}/${holder.pod}`))];
  return [node.node, node.vendor ?? '', node.model ?? '', ...pods].some((text) => text.toLowerCase().includes(needle));
}

/** Returns the maps of the focused node when there is one, else those matching `needle` (all of them when it is empty). */
export function matchingMaps(nodes: readonly NodeDeviceMap[], focusNode: string | undefined, needle: string): readonly NodeDeviceMap[] {
  if (focusNode) return nodes.filter((node) => node.node === focusNode);
  return needle ? nodes.filter((node) => matches(node, needle)) : nodes;
}
