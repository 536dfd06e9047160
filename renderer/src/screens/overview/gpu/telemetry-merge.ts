/**
 * Applies a telemetry message to the view the screen holds. Main sends the
 * node maps whole only in a subscription's first message; later ones carry
 * the maps that changed (and the order, when it changed). Unchanged maps keep
 * their objects, so their cards need no new render.
 */
import type { GpuTelemetryView, NodeDeviceMap } from '../../../../../shared/models/gpu';

export function mergeTelemetry(previous: GpuTelemetryView | undefined, message: GpuTelemetryView): GpuTelemetryView {
  const { nodesChangedOnly, nodeOrder, ...view } = message;
  if (!nodesChangedOnly || !previous) return view;

  const byName = new Map<string, NodeDeviceMap>(previous.nodes.map((map) => [map.node, map]));
  for (const map of message.nodes) byName.set(map.node, map);
  const order = nodeOrder ?? previous.nodes.map((map) => map.node);
  return { ...view, nodes: order.flatMap((name) => byName.get(name) ?? []) };
}
