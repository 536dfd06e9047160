/**
 * Checks a tenant plan before anything is sent: names, labels, Pod Security
 * levels, quota keys and quantities, LimitRange values and members. Each
 * issue names the field, the value and the fix, in English and as a code
 * with parameters that the renderer words in the UI language.
 */
import { isAppErrorException } from '../result';
import { builtinAcceleratorTable, compareQuantities, lookupAcceleratorResource, parseQuantity, type Quantity } from '../resources';
import type { PlanIssue, PlanIssueCode, TenantMemberPlan, TenantPlan } from '../models/tenants';
import { isReservedLabel, POD_SECURITY_LEVELS, POD_SECURITY_MODES } from './labels';
import { dns1123LabelProblem, dns1123SubdomainProblem, labelKeyProblem, labelValueProblem, pathSegmentProblem, type NameProblem } from './names';

/** Quota names without a "/" that the API server accepts (IsStandardQuotaResourceName). */
const STANDARD_QUOTA_NAMES: ReadonlySet<string> = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.storage', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'pods', 'services', 'replicationcontrollers', 'resourcequotas',
  'secrets', 'persistentvolumeclaims', 'configmaps', 'services.nodeports', 'services.loadbalancers',
]);

/** Kind of name in a message. The renderer translates the same keys. */
export type NamedThing =
  | 'namespace' | 'tenant' | 'labelKey' | 'labelValue' | 'quotaName' | 'limitRangeName' | 'resourceName' | 'quotaKey'
  | 'localQueueName' | 'clusterQueueName' | 'serviceAccountName' | 'serviceAccountNamespace' | 'roleName';

const THING_TEXT: Record<NamedThing, string> = {
  namespace: 'Namespace name', tenant: 'Tenant name', labelKey: 'Label key', labelValue: 'Label value', quotaName: 'ResourceQuota name',
  limitRangeName: 'LimitRange name', resourceName: 'Resource name', quotaKey: 'Quota key', localQueueName: 'LocalQueue name',
  clusterQueueName: 'ClusterQueue name', serviceAccountName: 'ServiceAccount name', serviceAccountNamespace: 'ServiceAccount namespace', roleName: 'Role name',
};

const accelerators = builtinAcceleratorTable();

function issue(field: string, value: string, code: PlanIssueCode, params: Record<string, string>, message: string): PlanIssue {
  return { field, value, message, code, params };
}

function nameIssue(field: string, value: string, what: NamedThing, problem: NameProblem | undefined): PlanIssue[] {
  if (!problem) return [];
  const params: Record<string, string> = { what, value, rule: problem.rule, ...(problem.max !== undefined ? { max: String(problem.max) } : {}) };
  return [issue(field, value, 'name', params, `${THING_TEXT[what]} "${value}" ${problem.text}.`)];
}

function quantityOrIssue(text: string, field: string, issues: PlanIssue[]): Quantity | undefined {
  try {
    const quantity = parseQuantity(text, field);
    if (quantity.nanos < 0n) {
      issues.push(issue(field, text, 'negative', { field, value: text }, `${field} is negative; give an amount of 0 or more, for example "4" or "500m".`));
      return undefined;
    }
    return quantity;
  } catch (error) {
    if (!isAppErrorException(error)) throw error;
    issues.push(issue(field, text, 'quantity', { field, value: text },
      `${field} is "${text}", which is not a Kubernetes quantity; write a number with an optional suffix, for example "8", "500m" or "64Gi".`));
    return undefined;
  }
}

function quotaKeyIssues(key: string, field: string): PlanIssue[] {
  if (!key.includes('/')) {
    const hugePages = key.startsWith('hugepages-') || key.startsWith('requests.hugepages-');
    if (STANDARD_QUOTA_NAMES.has(key) || hugePages) return [];
    return [issue(field, key, 'quota-key-standard', { key },
      `Quota key "${key}" is not a resource the API server can count; use a standard name such as requests.cpu, limits.memory or pods, or count/<resource>.<group>.`)];
  }
  if (key.startsWith('count/')) {
    return dns1123SubdomainProblem(key.slice('count/'.length))
      ? [issue(field, key, 'quota-key-count', { key }, `Quota key "${key}" must name a resource after "count/", for example count/pytorchjobs.kubeflow.org.`)]
      : [];
  }
  const bare = key.replace(/^(requests|limits)\./, '');
  if (lookupAcceleratorResource(accelerators, bare) && !key.startsWith('requests.')) {
    return [issue(field, key, 'quota-key-requests', { key, bare },
      `Quota key "${key}" names the extended resource ${bare}; quotas count extended resources only as requests, so write "requests.${bare}".`)];
  }
  return nameIssue(field, key, 'quotaKey', labelKeyProblem(bare));
}

function validateNames(plan: TenantPlan, issues: PlanIssue[]): void {
  issues.push(...nameIssue('namespace', plan.namespace, 'namespace', dns1123LabelProblem(plan.namespace)));
  issues.push(...nameIssue('tenant', plan.tenant, 'tenant', plan.tenant.length === 0 ? { rule: 'empty', text: 'must not be empty' } : labelValueProblem(plan.tenant)));

  for (const [key, value] of Object.entries(plan.labels)) {
    const field = `labels["${key}"]`;
    if (isReservedLabel(key)) {
      issues.push(issue(field, key, 'reserved-label', { key }, `Label "${key}" is set by the tenant and Pod Security fields; remove it from the extra labels and use those fields.`));
      continue;
    }
    issues.push(...nameIssue(field, key, 'labelKey', labelKeyProblem(key)));
    issues.push(...nameIssue(field, value, 'labelValue', labelValueProblem(value)));
  }

  for (const mode of POD_SECURITY_MODES) {
    const level = plan.podSecurity[mode];
    if (level !== undefined && !(POD_SECURITY_LEVELS as readonly string[]).includes(level)) {
      issues.push(issue(`podSecurity.${mode}`, level, 'psa-level', { level, mode }, `Pod Security level "${level}" is unknown; choose privileged, baseline or restricted.`));
    }
  }
}

function validateQuota(plan: TenantPlan, issues: PlanIssue[]): void {
  if (!plan.quota) return;
  issues.push(...nameIssue('quota.name', plan.quota.name, 'quotaName', dns1123SubdomainProblem(plan.quota.name)));
  const entries = Object.entries(plan.quota.hard);
  if (entries.length === 0) {
    issues.push(issue('quota.hard', '', 'quota-empty', {}, 'The ResourceQuota has no limits; add at least one key such as requests.nvidia.com/gpu, or remove the quota.'));
  }
  for (const [key, value] of entries) {
    const field = `quota.hard["${key}"]`;
    issues.push(...quotaKeyIssues(key, field));
    quantityOrIssue(value, field, issues);
  }
}

type LimitPart = 'defaultRequest' | 'default' | 'max';

function validateLimitRange(plan: TenantPlan, issues: PlanIssue[]): void {
  const range = plan.limitRange;
  if (!range) return;
  issues.push(...nameIssue('limitRange.name', range.name, 'limitRangeName', dns1123SubdomainProblem(range.name)));
  const parsed: Record<LimitPart, Record<string, Quantity | undefined>> = { defaultRequest: {}, default: {}, max: {} };
  for (const part of ['defaultRequest', 'default', 'max'] as const) {
    for (const [resource, value] of Object.entries(range[part])) {
      const field = `limitRange.${part}["${resource}"]`;
      issues.push(...nameIssue(field, resource, 'resourceName', labelKeyProblem(resource)));
      parsed[part][resource] = quantityOrIssue(value, field, issues);
    }
  }
  // The API server rejects a default request above the default limit, or either above max.
  const order: [LimitPart, LimitPart][] = [['defaultRequest', 'default'], ['default', 'max'], ['defaultRequest', 'max']];
  for (const [lower, upper] of order) {
    for (const [resource, low] of Object.entries(parsed[lower])) {
      const high = parsed[upper][resource];
      if (!low || !high || compareQuantities(low, high) <= 0) continue;
      const params = { lower, upper, resource, low: range[lower][resource] ?? '', high: range[upper][resource] ?? '' };
      issues.push(issue(`limitRange.${lower}["${resource}"]`, params.low, 'limit-order', params,
        `limitRange.${lower}["${resource}"] (${params.low}) is above limitRange.${upper}["${resource}"] (${params.high}); lower it or raise ${upper}.`));
    }
  }
}

function memberIssues(member: TenantMemberPlan, index: number): PlanIssue[] {
  const issues: PlanIssue[] = [];
  const base = `members[${index}]`;
  if (member.name.trim() === '' || member.name !== member.name.trim()) {
    issues.push(issue(`${base}.name`, member.name, 'member-blank', { name: member.name }, `Member name "${member.name}" must not be empty or start or end with spaces.`));
  } else if (member.kind === 'ServiceAccount') {
    issues.push(...nameIssue(`${base}.name`, member.name, 'serviceAccountName', dns1123SubdomainProblem(member.name)));
  }
  if (member.kind === 'ServiceAccount' && member.namespace !== undefined) {
    issues.push(...nameIssue(`${base}.namespace`, member.namespace, 'serviceAccountNamespace', dns1123LabelProblem(member.namespace)));
  }
  issues.push(...nameIssue(`${base}.role`, member.role, 'roleName', pathSegmentProblem(member.role)));
  return issues;
}

function validateMembers(plan: TenantPlan, issues: PlanIssue[]): void {
  const seen = new Set<string>();
  plan.members.forEach((member, index) => {
    issues.push(...memberIssues(member, index));
    const key = JSON.stringify([member.kind, member.name, member.namespace ?? plan.namespace, member.roleKind, member.role]);
    if (seen.has(key)) {
      issues.push(issue(`members[${index}]`, member.name, 'duplicate-member', { kind: member.kind, name: member.name, roleKind: member.roleKind, role: member.role },
        `${member.kind} "${member.name}" is listed twice with ${member.roleKind} "${member.role}"; remove one of the rows.`));
    }
    seen.add(key);
  });
}

/** Finds every problem of the plan that needs no cluster to see. The list is empty when the plan is sound. */
export function validateTenantPlan(plan: TenantPlan): PlanIssue[] {
  const issues: PlanIssue[] = [];
  validateNames(plan, issues);
  validateQuota(plan, issues);
  validateLimitRange(plan, issues);
  if (plan.localQueue) {
    issues.push(...nameIssue('localQueue.name', plan.localQueue.name, 'localQueueName', dns1123SubdomainProblem(plan.localQueue.name)));
    issues.push(...nameIssue('localQueue.clusterQueue', plan.localQueue.clusterQueue, 'clusterQueueName', dns1123SubdomainProblem(plan.localQueue.clusterQueue)));
  }
  validateMembers(plan, issues);
  return issues;
}

/** Whether a referenced object exists, as main found out; `unknown` when the user may not read it. */
export type Existence = 'exists' | 'missing' | 'unknown';

export interface ReferenceLookup {
  role(kind: 'Role' | 'ClusterRole', name: string): Existence;
  clusterQueue(name: string): Existence;
  /** Names to suggest in a message, for example the ClusterRoles that exist. */
  suggestions(kind: 'Role' | 'ClusterRole' | 'ClusterQueue'): readonly string[];
}

function suggestionList(names: readonly string[]): string {
  return names.length > 0 ? `${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}` : '';
}

/** Issues for bindings to roles, and a LocalQueue to a ClusterQueue, that do not exist. */
export function referenceIssues(plan: TenantPlan, lookup: ReferenceLookup): PlanIssue[] {
  const issues: PlanIssue[] = [];
  plan.members.forEach((member, index) => {
    if (lookup.role(member.roleKind, member.role) !== 'missing') return;
    const existing = suggestionList(lookup.suggestions(member.roleKind));
    const where = member.roleKind === 'Role' ? ` in namespace ${plan.namespace}` : '';
    issues.push(issue(`members[${index}].role`, member.role, 'role-missing', { roleKind: member.roleKind, role: member.role, namespace: member.roleKind === 'Role' ? plan.namespace : '', existing },
      `${member.roleKind} "${member.role}" does not exist${where}; pick an existing ${member.roleKind}${existing ? ` (existing: ${existing})` : ''} or create it first.`));
  });
  if (plan.localQueue && lookup.clusterQueue(plan.localQueue.clusterQueue) === 'missing') {
    const existing = suggestionList(lookup.suggestions('ClusterQueue'));
    issues.push(issue('localQueue.clusterQueue', plan.localQueue.clusterQueue, 'cq-missing', { name: plan.localQueue.clusterQueue, existing },
      `ClusterQueue "${plan.localQueue.clusterQueue}" does not exist, so the LocalQueue would admit nothing; pick an existing ClusterQueue${existing ? ` (existing: ${existing})` : ''}.`));
  }
  return issues;
}
