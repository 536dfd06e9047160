/**
 * Accelerator extended-resource names as data, per vendor and mode.
 *
 * Names come from the vendors' device plugins and from HAMi's chart
 * (Project-HAMi/HAMi `charts/hami/values.yaml` and the scheduler's
 * device-configmap, v2.10.0), DaoCloud DCE docs, NVIDIA GPU Feature Discovery
 * and KServe's GPU list. Clusters rename resources, so users may add or
 * override entries with {@link mergeAcceleratorTable}.
 */

import { appError } from '../result';

/** Sharing mode of the devices behind a resource. */
export type AcceleratorMode =
  | 'whole' // one resource unit is one physical device
  | 'mig' // hardware partition (NVIDIA MIG, Cambricon MIM)
  | 'time-sliced' // software replicas of a device (time-slicing, MPS, env-share)
  | 'vgpu' // a virtual device with a memory and compute share (HAMi and similar)
  | 'vnpu'; // Ascend virtual NPU from a static template

/**
 * Quantity that one unit of the resource counts. Only `devices`, `instances`, `slots`
 * and `vdevices` count devices; the others are shares of a device.
 */
export type AcceleratorMeasure =
  | 'devices'
  | 'instances'
  | 'slots'
  | 'vdevices'
  | 'memory'
  | 'cores'
  | 'priority';

/** Unit of a `memory` or `cores` share. */
export type ShareUnit = 'MiB' | 'GiB' | 'percent' | 'cores';

export interface AcceleratorResourceEntry {
  /** Exact extended-resource name. One of `name` or `pattern` is required. */
  name?: string;
  /**
   * Regular expression that must match the whole resource name. A named group
   * `model` gives the device model and `profile` the partition or template.
   */
  pattern?: string;
  /** Vendor id, a key of the vendor table such as `nvidia` or `huawei`. */
  vendor: string;
  mode: AcceleratorMode;
  measure: AcceleratorMeasure;
  unit?: ShareUnit;
  /** Fixed model name, for resources that name one product. */
  model?: string;
}

export interface AcceleratorVendor {
  id: string;
  displayName: string;
  /** Node label keys that hold the device model, most specific first. */
  modelLabels: readonly string[];
  /** `<type>` in HAMi's `hami.io/node-<type>-register` node annotation. */
  hamiDeviceType?: string;
}

export interface AcceleratorTable {
  vendors: ReadonlyMap<string, AcceleratorVendor>;
  /** Entries in match order: exact names are tried before patterns, each in list order. */
  entries: readonly CompiledEntry[];
}

export interface CompiledEntry extends AcceleratorResourceEntry {
  readonly regex?: RegExp;
}

/** A resource name resolved against the table. */
export interface AcceleratorResourceInfo {
  resourceName: string;
  vendor: string;
  vendorName: string;
  mode: AcceleratorMode;
  measure: AcceleratorMeasure;
  /** True when one unit is a device, instance, slot or virtual device (not a memory or cores share). */
  countsDevices: boolean;
  unit?: ShareUnit;
  model?: string;
  profile?: string;
}

/** Built-in vendors. Model label keys that could not be confirmed are left out. */
export const BUILTIN_VENDORS: readonly AcceleratorVendor[] = [
  { id: 'nvidia', displayName: 'NVIDIA', modelLabels: ['nvidia.com/gpu.product', 'cloud.google.com/gke-accelerator'], hamiDeviceType: 'nvidia' },
  { id: 'huawei', displayName: 'Huawei Ascend', modelLabels: ['node.kubernetes.io/npu.chip.name', 'accelerator'], hamiDeviceType: 'ascend' },
  { id: 'iluvatar', displayName: 'Iluvatar CoreX', modelLabels: [], hamiDeviceType: 'iluvatar' },
  { id: 'metax', displayName: 'MetaX', modelLabels: [], hamiDeviceType: 'metax' },
  { id: 'cambricon', displayName: 'Cambricon', modelLabels: [], hamiDeviceType: 'mlu' },
  { id: 'hygon', displayName: 'Hygon DCU', modelLabels: [], hamiDeviceType: 'dcu' },
  { id: 'mthreads', displayName: 'Moore Threads', modelLabels: [], hamiDeviceType: 'mthreads' },
  { id: 'enflame', displayName: 'Enflame', modelLabels: [], hamiDeviceType: 'enflame' },
  { id: 'kunlunxin', displayName: 'Kunlunxin', modelLabels: [], hamiDeviceType: 'kunlun' },
  { id: 'amd', displayName: 'AMD', modelLabels: ['amd.com/gpu.product-name', 'amd.com/gpu.family'] },
  { id: 'intel', displayName: 'Intel', modelLabels: [] },
  { id: 'habana', displayName: 'Intel Gaudi (Habana)', modelLabels: [] },
  { id: 'aws', displayName: 'AWS Neuron', modelLabels: ['node.kubernetes.io/instance-type'] },
  { id: 'google', displayName: 'Google TPU', modelLabels: ['cloud.google.com/gke-tpu-accelerator'] },
  { id: 'vastai', displayName: 'Vastai', modelLabels: [] },
  { id: 'biren', displayName: 'Biren', modelLabels: [] },
];

const ASCEND_CHIP = 'Ascend[0-9]{3}[A-Za-z0-9]*(?:-1)?';

/** Built-in resource names. Ambiguous ones (HAMi reuses `nvidia.com/gpu`) are refined per node in node-accelerators.ts. */
export const BUILTIN_ACCELERATOR_RESOURCES: readonly AcceleratorResourceEntry[] = [
  // NVIDIA: device plugin, GPU Operator time-slicing rename, MIG mixed strategy.
  { name: 'nvidia.com/gpu', vendor: 'nvidia', mode: 'whole', measure: 'devices' },
  { name: 'nvidia.com/gpu.shared', vendor: 'nvidia', mode: 'time-sliced', measure: 'slots' },
  { pattern: 'nvidia\\.com/mig-(?<profile>.+)', vendor: 'nvidia', mode: 'mig', measure: 'instances' },
  // HAMi vGPU shares of NVIDIA devices; DCE renames the count to nvidia.com/vgpu.
  { name: 'nvidia.com/vgpu', vendor: 'nvidia', mode: 'vgpu', measure: 'vdevices' },
  { name: 'nvidia.com/gpumem', vendor: 'nvidia', mode: 'vgpu', measure: 'memory', unit: 'MiB' },
  { name: 'nvidia.com/gpumem-percentage', vendor: 'nvidia', mode: 'vgpu', measure: 'memory', unit: 'percent' },
  { name: 'nvidia.com/gpucores', vendor: 'nvidia', mode: 'vgpu', measure: 'cores', unit: 'percent' },
  { name: 'nvidia.com/priority', vendor: 'nvidia', mode: 'vgpu', measure: 'priority' },

  // Huawei Ascend: whole chips, HAMi memory and core shares, static vNPU templates.
  { pattern: `huawei\\.com/(?<model>${ASCEND_CHIP})-memory`, vendor: 'huawei', mode: 'vnpu', measure: 'memory', unit: 'MiB' },
  { pattern: `huawei\\.com/(?<model>${ASCEND_CHIP})-core`, vendor: 'huawei', mode: 'vnpu', measure: 'cores', unit: 'cores' },
  { pattern: `huawei\\.com/(?<model>Ascend[0-9]{3}[A-Za-z0-9]*)-(?<profile>[0-9]+c(?:\\.[0-9a-z]+)*)`, vendor: 'huawei', mode: 'vnpu', measure: 'vdevices' },
  { pattern: `huawei\\.com/(?<model>${ASCEND_CHIP})`, vendor: 'huawei', mode: 'whole', measure: 'devices' },

  // Iluvatar: native plugin with gpu-manager shares (DCE), and HAMi per-chip names.
  { name: 'iluvatar.ai/gpu', vendor: 'iluvatar', mode: 'whole', measure: 'devices' },
  { name: 'iluvatar.ai/vgpu', vendor: 'iluvatar', mode: 'vgpu', measure: 'vdevices' },
  { name: 'iluvatar.ai/vcuda-core', vendor: 'iluvatar', mode: 'vgpu', measure: 'cores', unit: 'percent' },
  { name: 'iluvatar.ai/vcuda-memory', vendor: 'iluvatar', mode: 'vgpu', measure: 'memory', unit: 'MiB' },
  { pattern: 'iluvatar\\.ai/(?<model>[A-Z]{2}-V[0-9]+)-vgpu', vendor: 'iluvatar', mode: 'vgpu', measure: 'vdevices' },
  { pattern: 'iluvatar\\.ai/(?<model>[A-Z]{2}-V[0-9]+)\\.vMem', vendor: 'iluvatar', mode: 'vgpu', measure: 'memory', unit: 'MiB' },
  { pattern: 'iluvatar\\.ai/(?<model>[A-Z]{2}-V[0-9]+)\\.vCore', vendor: 'iluvatar', mode: 'vgpu', measure: 'cores', unit: 'percent' },

  // MetaX: whole GPUs and HAMi sGPU shares.
  { name: 'metax-tech.com/gpu', vendor: 'metax', mode: 'whole', measure: 'devices' },
  { name: 'metax-tech.com/sgpu', vendor: 'metax', mode: 'vgpu', measure: 'vdevices' },
  { name: 'metax-tech.com/vcore', vendor: 'metax', mode: 'vgpu', measure: 'cores', unit: 'percent' },
  // NOTE: the unit of metax-tech.com/vmemory is unconfirmed; GiB follows MetaX's sGPU docs as read.
  { name: 'metax-tech.com/vmemory', vendor: 'metax', mode: 'vgpu', measure: 'memory', unit: 'GiB' },

  // Cambricon: native plugin modes (whole, env-share, MIM, sMLU) and HAMi's vMLU.
  { name: 'cambricon.com/mlu', vendor: 'cambricon', mode: 'whole', measure: 'devices' },
  { name: 'cambricon.com/mlu.share', vendor: 'cambricon', mode: 'time-sliced', measure: 'slots' },
  { pattern: 'cambricon\\.com/mlu\\.mim-(?<profile>[0-9a-z.]+)', vendor: 'cambricon', mode: 'mig', measure: 'instances' },
  { name: 'cambricon.com/mlu.smlu.vcore', vendor: 'cambricon', mode: 'vgpu', measure: 'cores', unit: 'percent' },
  { name: 'cambricon.com/mlu.smlu.vmemory', vendor: 'cambricon', mode: 'vgpu', measure: 'memory', unit: 'MiB' },
  { name: 'cambricon.com/vmlu', vendor: 'cambricon', mode: 'vgpu', measure: 'vdevices' },

  // Hygon DCU: native plugin, HAMi before and after the dcu -> hcu rename.
  { name: 'hygon.com/dcu', vendor: 'hygon', mode: 'whole', measure: 'devices' },
  { name: 'hygon.com/dcunum', vendor: 'hygon', mode: 'vgpu', measure: 'vdevices' },
  { name: 'hygon.com/dcumem', vendor: 'hygon', mode: 'vgpu', measure: 'memory', unit: 'MiB' },
  { name: 'hygon.com/dcucores', vendor: 'hygon', mode: 'vgpu', measure: 'cores', unit: 'percent' },
  { name: 'hygon.com/hcunum', vendor: 'hygon', mode: 'vgpu', measure: 'vdevices' },
  { name: 'hygon.com/hcumem', vendor: 'hygon', mode: 'vgpu', measure: 'memory', unit: 'MiB' },
  { name: 'hygon.com/hcucores', vendor: 'hygon', mode: 'vgpu', measure: 'cores', unit: 'percent' },

  // Moore Threads: native plugin and HAMi sGPU.
  { name: 'mthreads.com/gpu', vendor: 'mthreads', mode: 'whole', measure: 'devices' },
  { name: 'mthreads.com/vgpu', vendor: 'mthreads', mode: 'vgpu', measure: 'vdevices' },
  { name: 'mthreads.com/sgpu-memory', vendor: 'mthreads', mode: 'vgpu', measure: 'memory', unit: 'MiB' },
  { name: 'mthreads.com/sgpu-core', vendor: 'mthreads', mode: 'vgpu', measure: 'cores', unit: 'percent' },

  // Enflame GCU: whole devices and DRS partitions.
  { name: 'enflame.com/gcu', vendor: 'enflame', mode: 'whole', measure: 'devices' },
  { name: 'enflame.com/drs-gcu', vendor: 'enflame', mode: 'mig', measure: 'instances' },
  { name: 'enflame.com/gcu-memory', vendor: 'enflame', mode: 'mig', measure: 'memory', unit: 'MiB' },
  { name: 'enflame.com/gcu-core', vendor: 'enflame', mode: 'mig', measure: 'cores', unit: 'percent' },

  // Kunlunxin XPU.
  { name: 'kunlunxin.com/xpu', vendor: 'kunlunxin', mode: 'whole', measure: 'devices' },
  { name: 'kunlunxin.com/vxpu', vendor: 'kunlunxin', mode: 'vgpu', measure: 'vdevices' },
  { name: 'kunlunxin.com/vxpu-memory', vendor: 'kunlunxin', mode: 'vgpu', measure: 'memory', unit: 'MiB' },

  // AMD, with HAMi's shares.
  { name: 'amd.com/gpu', vendor: 'amd', mode: 'whole', measure: 'devices' },
  { name: 'amd.com/gpucores', vendor: 'amd', mode: 'vgpu', measure: 'cores', unit: 'percent' },
  { name: 'amd.com/gpumem', vendor: 'amd', mode: 'vgpu', measure: 'memory', unit: 'MiB' },

  // Intel GPUs and Gaudi.
  { name: 'intel.com/gpu', vendor: 'intel', mode: 'whole', measure: 'devices' },
  { name: 'gpu.intel.com/i915', vendor: 'intel', mode: 'whole', measure: 'devices' },
  { name: 'gpu.intel.com/xe', vendor: 'intel', mode: 'whole', measure: 'devices' },
  { name: 'habana.ai/gaudi', vendor: 'habana', mode: 'whole', measure: 'devices' },

  // Others known to HAMi or KServe.
  { name: 'aws.amazon.com/neuron', vendor: 'aws', mode: 'whole', measure: 'devices' },
  { name: 'aws.amazon.com/neurondevice', vendor: 'aws', mode: 'whole', measure: 'devices' },
  { name: 'aws.amazon.com/neuroncore', vendor: 'aws', mode: 'whole', measure: 'cores', unit: 'cores' },
  { name: 'google.com/tpu', vendor: 'google', mode: 'whole', measure: 'devices' },
  { name: 'vastaitech.com/va', vendor: 'vastai', mode: 'whole', measure: 'devices' },
  { name: 'birentech.com/gpu', vendor: 'biren', mode: 'whole', measure: 'devices' },
];

const DEVICE_MEASURES: ReadonlySet<AcceleratorMeasure> = new Set(['devices', 'instances', 'slots', 'vdevices']);

const MODES: ReadonlySet<string> = new Set(['whole', 'mig', 'time-sliced', 'vgpu', 'vnpu']);
const MEASURES: ReadonlySet<string> = new Set(['devices', 'instances', 'slots', 'vdevices', 'memory', 'cores', 'priority']);
const UNITS: ReadonlySet<string> = new Set(['MiB', 'GiB', 'percent', 'cores']);
const RESOURCE_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** True when one unit of the measure is a device, instance, slot or virtual device. */
export function measureCountsDevices(measure: AcceleratorMeasure): boolean {
  return DEVICE_MEASURES.has(measure);
}

/** Returns the compiled built-in table. */
export function builtinAcceleratorTable(): AcceleratorTable {
  return mergeAcceleratorTable([], []);
}

/**
 * Builds the table from user entries laid over the built-ins. A user entry
 * with the same `name` or `pattern` as a built-in replaces it; other user
 * entries are tried before the built-ins. User vendors replace built-in
 * vendors with the same id.
 *
 * @throws AppErrorException (InvalidInput) naming the entry and the field at
 *   fault: a missing or doubled name/pattern, an invalid resource name or
 *   regular expression, an unknown vendor, mode, measure or unit.
 */
export function mergeAcceleratorTable(
  userEntries: readonly unknown[],
  userVendors: readonly unknown[] = [],
): AcceleratorTable {
  const vendors = new Map(BUILTIN_VENDORS.map((vendor) => [vendor.id, vendor]));
  userVendors.forEach((raw, index) => {
    const vendor = validateVendor(raw, index);
    vendors.set(vendor.id, vendor);
  });

  const validated = userEntries.map((raw, index) => validateEntry(raw, index, vendors));
  const userKeys = new Set(validated.map(entryKey));
  const builtins = BUILTIN_ACCELERATOR_RESOURCES.filter((entry) => !userKeys.has(entryKey(entry)));
  const ordered = [...validated, ...builtins];
  const exact = ordered.filter((entry) => entry.name !== undefined);
  const patterns = ordered.filter((entry) => entry.pattern !== undefined).map(compilePattern);

  return { vendors, entries: [...exact, ...patterns] };
}

function entryKey(entry: AcceleratorResourceEntry): string {
  return entry.name !== undefined ? `name:${entry.name}` : `pattern:${entry.pattern ?? ''}`;
}

function compilePattern(entry: AcceleratorResourceEntry): CompiledEntry {
  return { ...entry, regex: new RegExp(`^(?:${entry.pattern ?? ''})$`) };
}

function validateVendor(raw: unknown, index: number): AcceleratorVendor {
  const where = `accelerator vendor #${index + 1}`;
  const record = asRecord(raw, where);
  const id = requireString(record, 'id', where);
  const displayName = typeof record['displayName'] === 'string' ? record['displayName'] : id;
  const labels = record['modelLabels'] ?? [];
  if (!Array.isArray(labels) || !labels.every((label) => typeof label === 'string')) {
    throw appError('InvalidInput', `Invalid ${where} "${id}": modelLabels must be a list of node label keys.`);
  }
  const hamiDeviceType = record['hamiDeviceType'];
  return typeof hamiDeviceType === 'string'
    ? { id, displayName, modelLabels: labels, hamiDeviceType }
    : { id, displayName, modelLabels: labels };
}

function validateEntry(raw: unknown, index: number, vendors: ReadonlyMap<string, AcceleratorVendor>): AcceleratorResourceEntry {
  const where = `accelerator resource #${index + 1}`;
  const record = asRecord(raw, where);
  const name = optionalString(record, 'name', where);
  const pattern = optionalString(record, 'pattern', where);
  const label = name ?? pattern ?? where;

  if ((name === undefined) === (pattern === undefined)) {
    throw appError('InvalidInput', `Invalid ${where}: set exactly one of "name" or "pattern".`);
  }
  if (name !== undefined && !RESOURCE_NAME.test(name)) {
    throw appError('InvalidInput', `Invalid ${where}: "${name}" is not a Kubernetes resource name such as example.com/gpu.`);
  }
  if (pattern !== undefined) checkPattern(pattern, where);

  const vendor = requireString(record, 'vendor', label);
  if (!vendors.has(vendor)) {
    throw appError('InvalidInput', `Invalid accelerator resource "${label}": unknown vendor "${vendor}"; add it to the vendor list first.`);
  }
  const mode = requireOneOf(record, 'mode', MODES, label) as AcceleratorMode;
  const measure = requireOneOf(record, 'measure', MEASURES, label) as AcceleratorMeasure;
  const unit = record['unit'] === undefined ? undefined : (requireOneOf(record, 'unit', UNITS, label) as ShareUnit);
  const model = optionalString(record, 'model', label);

  return {
    ...(name !== undefined ? { name } : {}),
    ...(pattern !== undefined ? { pattern } : {}),
    vendor,
    mode,
    measure,
    ...(unit !== undefined ? { unit } : {}),
    ...(model !== undefined ? { model } : {}),
  };
}

function checkPattern(pattern: string, where: string): void {
  try {
    new RegExp(pattern);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw appError('InvalidInput', `Invalid ${where}: pattern "${pattern}" is not a valid regular expression (${reason}).`);
  }
}

function asRecord(raw: unknown, where: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw appError('InvalidInput', `Invalid ${where}: expected an object.`);
  }
  return raw as Record<string, unknown>;
}

function optionalString(record: Record<string, unknown>, key: string, where: string): string | undefined {
  const value = record[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw appError('InvalidInput', `Invalid ${where}: "${key}" must be a non-empty string.`);
  }
  return value;
}

function requireString(record: Record<string, unknown>, key: string, where: string): string {
  const value = optionalString(record, key, where);
  if (value === undefined) throw appError('InvalidInput', `Invalid ${where}: "${key}" is missing.`);
  return value;
}

function requireOneOf(record: Record<string, unknown>, key: string, allowed: ReadonlySet<string>, where: string): string {
  const value = record[key];
  if (typeof value !== 'string' || !allowed.has(value)) {
    const choices = [...allowed].join(', ');
    throw appError('InvalidInput', `Invalid accelerator resource "${where}": "${key}" is ${JSON.stringify(value)}; expected one of ${choices}.`);
  }
  return value;
}

/**
 * Looks a resource name up by name alone; undefined when it is not an
 * accelerator (cpu, memory, pods, unknown extended resources).
 * Use {@link resolveNodeResource} when the node is known.
 */
export function lookupAcceleratorResource(table: AcceleratorTable, resourceName: string): AcceleratorResourceInfo | undefined {
  for (const entry of table.entries) {
    const groups = matchEntry(entry, resourceName);
    if (groups === undefined) continue;

    const vendorName = table.vendors.get(entry.vendor)?.displayName ?? entry.vendor;
    const model = entry.model ?? groups['model'];
    const profile = groups['profile'];
    return {
      resourceName,
      vendor: entry.vendor,
      vendorName,
      mode: entry.mode,
      measure: entry.measure,
      countsDevices: measureCountsDevices(entry.measure),
      ...(entry.unit !== undefined ? { unit: entry.unit } : {}),
      ...(model !== undefined ? { model } : {}),
      ...(profile !== undefined ? { profile } : {}),
    };
  }
  return undefined;
}

function matchEntry(entry: CompiledEntry, resourceName: string): Record<string, string | undefined> | undefined {
  if (entry.name !== undefined) return entry.name === resourceName ? {} : undefined;
  const match = entry.regex?.exec(resourceName);
  return match ? { ...match.groups } : undefined;
}
