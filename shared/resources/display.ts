/**
 * Human-readable amounts for tables and charts: bytes in binary units, cores
 * and counts as plain decimals, ratios as percentages. The maths stays in
 * quantity.ts; these functions only turn exact values into text.
 */

import { parseQuantity, quantityRatio, quantityToNumber, type Quantity } from './quantity';
import type { ResourceQuotaLike } from './types';

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

/** Resource names measured in bytes: memory, storage and huge pages, with or without a quota prefix. */
export function isByteResource(resourceName: string): boolean {
  const bare = resourceName.replace(/^(requests|limits)\./, '');
  return bare === 'memory' || bare === 'storage' || bare === 'ephemeral-storage' || bare.startsWith('hugepages-');
}

/** Formats a number with at most `decimals` decimals and no trailing zeros: 1.5, 6.8, 75. */
export function formatDecimalNumber(value: number, decimals: number): string {
  const fixed = value.toFixed(decimals);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** Formats a byte count with the largest binary unit that keeps the value at or above 1: `1.5 TiB`. */
export function formatBytes(bytes: number): string {
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const sign = bytes < 0 ? '-' : '';
  return `${sign}${formatDecimalNumber(value, 2)} ${BYTE_UNITS[unit]}`;
}

/** Formats a ratio (0.375) as a percentage with one decimal: `37.5 %`. */
export function formatPercent(ratio: number): string {
  return `${formatDecimalNumber(ratio * 100, 1)} %`;
}

/** Formats an amount of a named resource: bytes for memory-like names, decimals otherwise. */
export function formatResourceAmount(resourceName: string, q: Quantity): string {
  const value = quantityToNumber(q);
  return isByteResource(resourceName) ? formatBytes(value) : formatDecimalNumber(value, 3);
}

export interface QuotaUsageRow {
  /** Key of `status.hard`, such as `requests.nvidia.com/gpu`. */
  resource: string;
  used: Quantity;
  hard: Quantity;
  /** used / hard; undefined when hard is zero. */
  ratio: number | undefined;
  /** For example `3 / 8 (37.5 %)` or `1.5 TiB / 2 TiB (75 %)`. */
  display: string;
}

/**
 * Lists a ResourceQuota's usage per hard limit, in the order of `status.hard`.
 * A key missing from `status.used` counts as zero used.
 *
 * @throws AppErrorException (InvalidInput) naming the field and value of an invalid quantity.
 */
export function describeQuotaUsage(quota: ResourceQuotaLike): QuotaUsageRow[] {
  const hardList = quota.status?.hard ?? {};
  const usedList = quota.status?.used ?? {};

  return Object.entries(hardList).flatMap(([resource, hardText]) => {
    if (hardText === undefined) return [];
    const hard = parseQuantity(hardText, `status.hard["${resource}"]`);
    const usedText = usedList[resource];
    const used = parseQuantity(usedText ?? '0', `status.used["${resource}"]`);
    const ratio = quantityRatio(used, hard);
    const amounts = `${formatResourceAmount(resource, used)} / ${formatResourceAmount(resource, hard)}`;
    const display = ratio === undefined ? amounts : `${amounts} (${formatPercent(ratio)})`;
    return [{ resource, used, hard, ratio, display }];
  });
}
