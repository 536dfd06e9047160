/**
 * Resolves an accelerator resource on a given node. Some names mean different
 * things per node: `nvidia.com/gpu` counts whole GPUs, MIG instances (single
 * strategy), time-slicing replicas (without the `.shared` rename) or HAMi
 * virtual GPUs, and only the node's labels and annotations tell which.
 */

import {
  lookupAcceleratorResource,
  measureCountsDevices,
  type AcceleratorResourceInfo,
  type AcceleratorTable,
} from './accelerators';
import type { NodeLike } from './types';

export interface NodeAcceleratorResource extends AcceleratorResourceInfo {
  /** Physical devices behind slots, instances or virtual devices, when the node states it. */
  physicalDevices?: number;
  /** Replicas or virtual devices per physical device, when the node states it. */
  replicasPerDevice?: number;
  /** Source of `model`. */
  modelSource?: 'resource-name' | 'node-label' | 'hami-annotation';
}

/** One device in HAMi's `hami.io/node-<type>-register` node annotation. */
export interface HamiRegisteredDevice {
  id: string;
  /** Virtual devices the card is split into. */
  count?: number;
  type?: string;
  healthy?: boolean;
}

const GFD_PRODUCT = 'nvidia.com/gpu.product';
const GFD_COUNT = 'nvidia.com/gpu.count';
const GFD_REPLICAS = 'nvidia.com/gpu.replicas';
const GFD_MIG_STRATEGY = 'nvidia.com/mig.strategy';

/**
 * Resolves `resourceName` on `node`: vendor, mode, measure and model, refined
 * by the node's labels (GPU Feature Discovery and vendor equivalents) and
 * HAMi's registration annotation. Undefined when the name is not an accelerator.
 */
export function resolveNodeResource(
  table: AcceleratorTable,
  node: NodeLike | undefined,
  resourceName: string,
): NodeAcceleratorResource | undefined {
  const base = lookupAcceleratorResource(table, resourceName);
  if (!base || !node) return base;

  const labels = node.metadata?.labels ?? {};
  const hamiType = table.vendors.get(base.vendor)?.hamiDeviceType;
  const hamiDevices = hamiType ? readHamiRegisteredDevices(node, hamiType) : undefined;
  const refined = refineNvidia(base, labels, hamiDevices) ?? refineHami(base, hamiDevices);
  return attachModel(table, refined, labels, hamiDevices);
}

function refineNvidia(
  base: AcceleratorResourceInfo,
  labels: Readonly<Record<string, string>>,
  hamiDevices: HamiRegisteredDevice[] | undefined,
): NodeAcceleratorResource | undefined {
  if (base.vendor !== 'nvidia') return undefined;
  const physicalDevices = positiveInteger(labels[GFD_COUNT]);
  const replicas = positiveInteger(labels[GFD_REPLICAS]);

  if (base.resourceName === 'nvidia.com/gpu.shared') {
    return withCounts(base, physicalDevices, replicas);
  }
  if (base.resourceName !== 'nvidia.com/gpu') return undefined;

  if (hamiDevices !== undefined && hamiDevices.length > 0) {
    return withCounts({ ...base, mode: 'vgpu', measure: 'vdevices' }, hamiDevices.length, hamiDevices[0]?.count);
  }
  const product = labels[GFD_PRODUCT] ?? '';
  if (labels[GFD_MIG_STRATEGY] === 'single' && product.includes('-MIG-')) {
    const profile = product.slice(product.indexOf('-MIG-') + '-MIG-'.length);
    return { ...base, mode: 'mig', measure: 'instances', profile };
  }
  if (replicas !== undefined && replicas > 1) {
    return withCounts({ ...base, mode: 'time-sliced', measure: 'slots' }, physicalDevices, replicas);
  }
  return base;
}

function refineHami(base: AcceleratorResourceInfo, hamiDevices: HamiRegisteredDevice[] | undefined): NodeAcceleratorResource {
  if (hamiDevices === undefined || hamiDevices.length === 0 || base.measure !== 'vdevices') return base;
  return withCounts(base, hamiDevices.length, hamiDevices[0]?.count);
}

function withCounts(
  base: NodeAcceleratorResource,
  physicalDevices: number | undefined,
  replicasPerDevice: number | undefined,
): NodeAcceleratorResource {
  return {
    ...base,
    countsDevices: measureCountsDevices(base.measure),
    ...(physicalDevices !== undefined ? { physicalDevices } : {}),
    ...(replicasPerDevice !== undefined ? { replicasPerDevice } : {}),
  };
}

function attachModel(
  table: AcceleratorTable,
  info: NodeAcceleratorResource,
  labels: Readonly<Record<string, string>>,
  hamiDevices: HamiRegisteredDevice[] | undefined,
): NodeAcceleratorResource {
  if (info.model !== undefined) return { ...info, modelSource: 'resource-name' };

  const labelKeys = table.vendors.get(info.vendor)?.modelLabels ?? [];
  const labelValue = labelKeys.map((key) => labels[key]).find((value) => value !== undefined && value !== '');
  if (labelValue !== undefined) {
    return { ...info, model: cleanModelLabel(info.vendor, labelValue), modelSource: 'node-label' };
  }

  const hamiModel = hamiDevices?.find((device) => device.type)?.type;
  return hamiModel !== undefined ? { ...info, model: hamiModel, modelSource: 'hami-annotation' } : info;
}

/** Strips decorations that label values add to the product name. */
function cleanModelLabel(vendor: string, value: string): string {
  if (vendor === 'nvidia') {
    // GFD appends -SHARED when replicas are renamed and -MIG-<profile> under the single strategy.
    const migAt = value.indexOf('-MIG-');
    const product = migAt >= 0 ? value.slice(0, migAt) : value;
    return product.replace(/-SHARED$/, '');
  }
  if (vendor === 'huawei') return value.replace(/^huawei-/, '');
  return value;
}

function positiveInteger(text: string | undefined): number | undefined {
  if (text === undefined || !/^[0-9]+$/.test(text)) return undefined;
  const value = Number(text);
  return value > 0 ? value : undefined;
}

/**
 * Reads HAMi's device registration annotation `hami.io/node-<type>-register`.
 * Older HAMi writes `uuid,count,memory,cores,type,numa,healthy` entries joined
 * by `:`; newer releases write a JSON list of objects. Undefined when the
 * annotation is absent; entries that cannot be read are skipped.
 */
export function readHamiRegisteredDevices(node: NodeLike, deviceType: string): HamiRegisteredDevice[] | undefined {
  const raw = node.metadata?.annotations?.[`hami.io/node-${deviceType}-register`];
  if (raw === undefined || raw.trim() === '') return undefined;
  return raw.trim().startsWith('[') ? readHamiJson(raw) : readHamiColonList(raw);
}

function readHamiJson(raw: string): HamiRegisteredDevice[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // A malformed annotation means HAMi's view of the node is unknown, not that it has no devices.
    return [];
  }
  if (!Array.isArray(parsed)) return [];

  return parsed.flatMap((item: unknown): HamiRegisteredDevice[] => {
    if (typeof item !== 'object' || item === null) return [];
    const record = item as Record<string, unknown>;
    const id = record['id'] ?? record['uuid'];
    if (typeof id !== 'string') return [];
    return [{
      id,
      ...(typeof record['count'] === 'number' ? { count: record['count'] } : {}),
      ...(typeof record['type'] === 'string' ? { type: record['type'] } : {}),
      ...(typeof record['health'] === 'boolean' ? { healthy: record['health'] } : {}),
    }];
  });
}

function readHamiColonList(raw: string): HamiRegisteredDevice[] {
  return raw.split(':').flatMap((entry): HamiRegisteredDevice[] => {
    const fields = entry.split(',');
    const id = fields[0]?.trim();
    if (!id) return [];
    const count = positiveInteger(fields[1]?.trim());
    const type = fields[4]?.trim();
    const healthy = fields[6]?.trim();
    return [{
      id,
      ...(count !== undefined ? { count } : {}),
      ...(type ? { type } : {}),
      ...(healthy === 'true' || healthy === 'false' ? { healthy: healthy === 'true' } : {}),
    }];
  });
}
