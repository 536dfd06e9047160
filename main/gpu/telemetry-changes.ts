/**
 * Passes a subscriber only the telemetry views that differ from the last one
 * it got, and, when it asked for it, only the node maps that changed. At
 * 2,000 nodes the whole list of maps was about 880 KB per message, sent a few
 * times a second under churn: more bytes than the watches brought in. Most
 * updates change a handful of maps, or nothing that the view shows.
 */
import type { GpuTelemetryView, NodeDeviceMap } from '../../shared/models/gpu';
import { sameData } from '../views/equality';

/** Everything a view shows besides its node maps; `updatedAt` is when it was built, which no screen shows. */
function shownBesidesNodes(view: GpuTelemetryView): Omit<GpuTelemetryView, 'nodes' | 'updatedAt'> {
  const { nodes: _nodes, updatedAt: _updatedAt, ...rest } = view;
  return rest;
}

function sameNames(a: readonly NodeDeviceMap[], b: readonly NodeDeviceMap[]): boolean {
  return a.length === b.length && a.every((map, index) => map.node === b[index]?.node);
}

/**
 * Wraps a subscriber's emit. Node maps are compared by identity: the view
 * builder keeps an unchanged map as the same object. The first view always
 * goes out whole.
 */
export function changedTelemetry(emit: (view: GpuTelemetryView) => void, changedNodesOnly: boolean): (view: GpuTelemetryView) => void {
  let last: GpuTelemetryView | undefined;
  return (view) => {
    const previous = last;
    const sameNodes = previous !== undefined && previous.nodes.length === view.nodes.length && previous.nodes.every((map, index) => map === view.nodes[index]);
    if (previous && sameNodes && sameData(shownBesidesNodes(previous), shownBesidesNodes(view))) return;
    last = view;
    if (!previous || !changedNodesOnly) {
      emit(view);
      return;
    }

    const before = new Set(previous.nodes);
    const changed = view.nodes.filter((map) => !before.has(map));
    emit({
      ...view,
      nodes: changed,
      nodesChangedOnly: true,
      ...(sameNames(previous.nodes, view.nodes) ? {} : { nodeOrder: view.nodes.map((map) => map.node) }),
    });
  };
}
