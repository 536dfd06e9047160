/**
 * Accelerator allocation per namespace against its ResourceQuotas. Held and
 * pending units come from the same resource maths as the Overview totals;
 * the quota side shows only accelerator keys (`requests.nvidia.com/gpu`,
 * `requests.huawei.com/Ascend910`, ...) as the API server counts them.
 */
import type { TenantAllocation, TenantQuotaRow } from '../models/gpu';
import { builtinAcceleratorTable, lookupAcceleratorResource, type AcceleratorTable } from '../resources/accelerators';
import type { PodAcceleratorUse } from '../resources/capacity';
import { describeQuotaUsage } from '../resources/display';
import { quantityToNumber } from '../resources/quantity';
import type { ResourceQuotaLike } from '../resources/types';
import { tenantOfNamespace } from './owners';

export interface TenantInput {
  holders: readonly PodAcceleratorUse[];
  pending: readonly PodAcceleratorUse[];
  quotas: readonly ResourceQuotaLike[];
  namespaceLabels: ReadonlyMap<string, Readonly<Record<string, string>>>;
  table?: AcceleratorTable;
}

/** True for a quota key whose resource (after `requests.`/`limits.`) is an accelerator. */
export function isAcceleratorQuotaKey(key: string, table: AcceleratorTable = builtinAcceleratorTable()): boolean {
  return lookupAcceleratorResource(table, key.replace(/^(requests|limits)\./, '')) !== undefined;
}

/**
 * One row per namespace that holds or waits for accelerators or has an
 * accelerator quota, sorted by name. An invalid quota quantity leaves that
 * quota out and is reported in `problems`.
 */
export function tenantAllocations(input: TenantInput): { tenants: TenantAllocation[]; problems: string[] } {
  const table = input.table ?? builtinAcceleratorTable();
  const rows = new Map<string, TenantAllocation>();
  const problems: string[] = [];
  const row = (namespace: string): TenantAllocation => {
    const known = rows.get(namespace);
    if (known) return known;
    const tenant = tenantOfNamespace(input.namespaceLabels.get(namespace));
    const created: TenantAllocation = { namespace, ...(tenant ? { tenant } : {}), held: 0, pending: 0, quotas: [] };
    rows.set(namespace, created);
    return created;
  };

  for (const use of input.holders) row(use.namespace).held += deviceUnits(use);
  for (const use of input.pending) row(use.namespace).pending += deviceUnits(use);
  for (const quota of input.quotas) {
    const quotaRows = acceleratorQuotaRows(quota, table, problems);
    if (quotaRows.length > 0) row(quota.metadata?.namespace ?? '').quotas.push(...quotaRows);
  }
  return { tenants: [...rows.values()].sort((a, b) => a.namespace.localeCompare(b.namespace)), problems };
}

function deviceUnits(use: PodAcceleratorUse): number {
  return use.resources.filter((resource) => resource.countsDevices).reduce((sum, resource) => sum + quantityToNumber(resource.amount), 0);
}

function acceleratorQuotaRows(quota: ResourceQuotaLike, table: AcceleratorTable, problems: string[]): TenantQuotaRow[] {
  const hard = Object.fromEntries(Object.entries(quota.status?.hard ?? {}).filter(([key]) => isAcceleratorQuotaKey(key, table)));
  if (Object.keys(hard).length === 0) return [];
  try {
    return describeQuotaUsage({ status: { hard, used: quota.status?.used ?? {} } }).map((usage) => ({
      resource: usage.resource,
      used: quantityToNumber(usage.used),
      hard: quantityToNumber(usage.hard),
      ...(usage.ratio !== undefined ? { ratio: usage.ratio } : {}),
      display: usage.display,
    }));
  } catch (error) {
    problems.push(`ResourceQuota ${quota.metadata?.namespace ?? ''}/${quota.metadata?.name ?? ''}: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
}
