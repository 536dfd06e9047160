/**
 * The create/edit form as strings, and the conversion to and from a tenant
 * plan. Pure, so the form keeps whatever the user typed until it is valid.
 */
import type { PodSecurityLevel, PodSecurityMode, TenantMemberPlan, TenantPlan } from '../../../../shared/models/tenants';
import { BUILTIN_ACCELERATOR_RESOURCES } from '../../../../shared/resources';

export interface PlanForm {
  tenant: string;
  namespace: string;
  labelsText: string;
  podSecurity: Partial<Record<PodSecurityMode, PodSecurityLevel>>;
  quotaOn: boolean;
  quotaName: string;
  quotaRows: { key: string; value: string }[];
  limitOn: boolean;
  limitName: string;
  /** `cpu=250m, memory=512Mi`. */
  defaultRequest: string;
  defaultLimit: string;
  max: string;
  queueOn: boolean;
  queueName: string;
  clusterQueue: string;
  members: TenantMemberPlan[];
}

/** Quota keys offered for accelerators: every exact name of the accelerator table, counted as requests. */
export const ACCELERATOR_QUOTA_KEYS: readonly string[] = BUILTIN_ACCELERATOR_RESOURCES
  .flatMap((entry) => (entry.name && entry.measure !== 'priority' ? [`requests.${entry.name}`] : []));

function mapText(map: Record<string, string>): string {
  return Object.entries(map).map(([key, value]) => `${key}=${value}`).join(', ');
}

/** Reads `a=1, b=2` (commas or new lines) into a map; a part without "=" keeps an empty value so validation names it. */
export function parseMapText(text: string, separator: RegExp = /[,\n]/): Record<string, string> {
  const map: Record<string, string> = {};
  for (const part of text.split(separator)) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const index = trimmed.indexOf('=');
    if (index < 0) map[trimmed] = '';
    else map[trimmed.slice(0, index).trim()] = trimmed.slice(index + 1).trim();
  }
  return map;
}

export function formFromPlan(plan: TenantPlan): PlanForm {
  return {
    tenant: plan.tenant,
    namespace: plan.namespace,
    labelsText: Object.entries(plan.labels).map(([key, value]) => `${key}=${value}`).join('\n'),
    podSecurity: { ...plan.podSecurity },
    quotaOn: Boolean(plan.quota),
    quotaName: plan.quota?.name ?? 'tenant-quota',
    quotaRows: Object.entries(plan.quota?.hard ?? {}).map(([key, value]) => ({ key, value })),
    limitOn: Boolean(plan.limitRange),
    limitName: plan.limitRange?.name ?? 'tenant-limits',
    defaultRequest: mapText(plan.limitRange?.defaultRequest ?? {}),
    defaultLimit: mapText(plan.limitRange?.default ?? {}),
    max: mapText(plan.limitRange?.max ?? {}),
    queueOn: Boolean(plan.localQueue),
    queueName: plan.localQueue?.name ?? 'default',
    clusterQueue: plan.localQueue?.clusterQueue ?? '',
    members: plan.members.map((member) => ({ ...member })),
  };
}

export function planFromForm(form: PlanForm): TenantPlan {
  const hard: Record<string, string> = {};
  form.quotaRows.forEach((row) => {
    if (row.key.trim()) hard[row.key.trim()] = row.value.trim();
  });
  return {
    tenant: form.tenant.trim(),
    namespace: form.namespace.trim(),
    labels: parseMapText(form.labelsText, /\n/),
    podSecurity: Object.fromEntries(Object.entries(form.podSecurity).filter(([, level]) => Boolean(level))),
    ...(form.quotaOn ? { quota: { name: form.quotaName.trim(), hard } } : {}),
    ...(form.limitOn
      ? { limitRange: { name: form.limitName.trim(), defaultRequest: parseMapText(form.defaultRequest), default: parseMapText(form.defaultLimit), max: parseMapText(form.max) } }
      : {}),
    ...(form.queueOn ? { localQueue: { name: form.queueName.trim(), clusterQueue: form.clusterQueue.trim() } } : {}),
    members: form.members.map((member) => ({
      kind: member.kind,
      name: member.name,
      ...(member.kind === 'ServiceAccount' && member.namespace ? { namespace: member.namespace } : {}),
      roleKind: member.roleKind,
      role: member.role.trim(),
    })),
  };
}
