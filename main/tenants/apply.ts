/**
 * The reviewed create/edit step: validate the plan, dry-run every object with
 * server-side apply, show the combined YAML; then apply exactly that, in
 * order, and report what was applied and how to finish or roll back.
 */
import { createHash } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import type { GroupVersionResource } from '../../shared/k8s/gvr';
import type { KubeObject } from '../../shared/k8s/object';
import type {
  AppliedObject, DryRunOutcome, PlanIssue, PlannedObject, PlannedObjectRef, TenantApplyResult, TenantPlan, TenantPreview,
} from '../../shared/models/tenants';
import { appError } from '../../shared/result';
import {
  CLUSTER_ROLES, clusterQueues, LIMIT_RANGES, localQueues, NAMESPACES, RESOURCE_QUOTAS, ROLE_BINDINGS, ROLES,
} from '../../shared/k8s/tenants-gvr';
import { FIELD_MANAGER, MANAGED_BY_LABEL } from '../../shared/tenants/labels';
import { kubectlTarget, refOf, tenantObjects } from '../../shared/tenants/plan';
import { referenceIssues, validateTenantPlan, type Existence } from '../../shared/tenants/validation';
import { KubeRequestError } from '../clusters/request';
import { toAppError } from '../transport/errors';
import { createLogger } from '../log';
import { deleteObject, listObjects, readObject, serverSideApply } from './kube';
import { combinedYaml, objectYaml } from './yaml';

const log = createLogger('tenants.apply');

function gvrOf(object: Pick<KubeObject, 'kind' | 'apiVersion'>): GroupVersionResource {
  switch (object.kind) {
    case 'Namespace': return NAMESPACES;
    case 'ResourceQuota': return RESOURCE_QUOTAS;
    case 'LimitRange': return LIMIT_RANGES;
    case 'RoleBinding': return ROLE_BINDINGS;
    case 'LocalQueue': return localQueues((object.apiVersion ?? '').split('/')[1] ?? 'v1beta2');
    default: throw appError('Internal', `No resource is known for kind ${object.kind}.`);
  }
}

function existence(state: 'found' | 'missing' | 'forbidden'): Existence {
  if (state === 'found') return 'exists';
  if (state === 'missing') return 'missing';
  return 'unknown';
}

/** Finds roles and ClusterQueues the plan refers to that do not exist. */
async function lookupReferences(kc: KubeConfig, plan: TenantPlan, kueueVersion: string | undefined): Promise<PlanIssue[]> {
  const roleKeys = [...new Set(plan.members.map((m) => `${m.roleKind}/${m.role}`))];
  const roleStates = new Map<string, Existence>();
  await Promise.all(roleKeys.map(async (key) => {
    const [kind, name] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
    if (name.length === 0 || name.includes('/')) return;
    const read = kind === 'Role' ? await readObject(kc, ROLES, name, plan.namespace) : await readObject(kc, CLUSTER_ROLES, name);
    roleStates.set(key, existence(read.state));
  }));
  let cqState: Existence = 'unknown';
  const issues: PlanIssue[] = [];
  if (plan.localQueue && !kueueVersion) {
    issues.push({
      field: 'localQueue', value: plan.localQueue.name, code: 'kueue-missing', params: {},
      message: 'This cluster does not serve Kueue (kueue.x-k8s.io), so a LocalQueue cannot be created; remove the LocalQueue from the plan.',
    });
  } else if (plan.localQueue && kueueVersion && plan.localQueue.clusterQueue) {
    cqState = existence((await readObject(kc, clusterQueues(kueueVersion), plan.localQueue.clusterQueue)).state);
  }
  const suggestions = { ClusterRole: [] as string[], Role: [] as string[], ClusterQueue: [] as string[] };
  if ([...roleStates.values()].includes('missing')) {
    const [cr, r] = await Promise.all([listObjects(kc, CLUSTER_ROLES), listObjects(kc, ROLES, plan.namespace)]);
    if (cr.state === 'found') suggestions.ClusterRole = cr.object.map((o) => o.metadata.name).filter((n) => !n.startsWith('system:')).sort();
    if (r.state === 'found') suggestions.Role = r.object.map((o) => o.metadata.name).sort();
  }
  if (cqState === 'missing' && kueueVersion) {
    const cqs = await listObjects(kc, clusterQueues(kueueVersion));
    if (cqs.state === 'found') suggestions.ClusterQueue = cqs.object.map((o) => o.metadata.name).sort();
  }
  return [
    ...issues,
    ...referenceIssues(plan, {
      role: (kind, name) => roleStates.get(`${kind}/${name}`) ?? 'unknown',
      clusterQueue: () => cqState,
      suggestions: (kind) => suggestions[kind],
    }),
  ];
}

/** Bindings this app wrote for the tenant earlier that the plan no longer holds. */
async function staleBindings(kc: KubeConfig, plan: TenantPlan, objects: readonly KubeObject[]): Promise<PlannedObjectRef[]> {
  const listed = await listObjects(kc, ROLE_BINDINGS, plan.namespace, `${MANAGED_BY_LABEL}=${FIELD_MANAGER}`);
  if (listed.state !== 'found') return [];
  const planned = new Set(objects.filter((o) => o.kind === 'RoleBinding').map((o) => o.metadata.name));
  return listed.object
    .filter((binding) => !planned.has(binding.metadata.name))
    .map((binding) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', name: binding.metadata.name, namespace: plan.namespace }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function digestOf(yaml: string, deletions: readonly PlannedObjectRef[]): string {
  return createHash('sha256').update(yaml).update('\u0000').update(JSON.stringify(deletions)).digest('hex');
}

/** Serialises the fields a plan sets, so an update can be told from no change. */
function plannedFields(object: KubeObject | undefined): string {
  if (!object) return '';
  const { labels } = object.metadata;
  return JSON.stringify([labels ?? {}, object['spec'] ?? null, object['subjects'] ?? null, object['roleRef'] ?? null]);
}

function isNamespaceMissing(error: unknown, namespace: string | undefined): boolean {
  if (!(error instanceof KubeRequestError) || error.code !== 404 || !namespace) return false;
  const body = typeof error.body === 'string' ? undefined : error.body;
  return body?.details?.kind === 'namespaces' && body.details.name === namespace;
}

async function dryRun(kc: KubeConfig, object: KubeObject): Promise<DryRunOutcome> {
  const gvr = gvrOf(object);
  try {
    const current = await readObject(kc, gvr, object.metadata.name, object.metadata.namespace);
    const result = await serverSideApply(kc, gvr, object, true);
    if (current.state !== 'found') return { state: 'ok', action: 'create' };
    return { state: 'ok', action: plannedFields(current.object) === plannedFields(result) ? 'unchanged' : 'update' };
  } catch (error) {
    if (isNamespaceMissing(error, object.metadata.namespace)) return { state: 'waits-for-namespace' };
    return { state: 'failed', error: toAppError(error) };
  }
}

function invalid(issues: readonly PlanIssue[]): never {
  throw appError('InvalidInput', issues.map((issue) => issue.message).join('\n'), { detail: issues.map((issue) => `${issue.field}: ${issue.value}`).join('\n') });
}

/** Validates and dry-runs a plan; a plan with issues comes back with them and no objects. */
export async function previewPlan(kc: KubeConfig, plan: TenantPlan, kueueVersion: string | undefined): Promise<TenantPreview> {
  const local = validateTenantPlan(plan);
  const issues = local.length > 0 ? local : await lookupReferences(kc, plan, kueueVersion);
  if (issues.length > 0) {
    return { plan, objects: [], deletions: [], yaml: '', digest: '', ready: false, issues };
  }
  const objects = tenantObjects(plan, kueueVersion);
  const deletions = await staleBindings(kc, plan, objects);
  const outcomes = await Promise.all(objects.map((object) => dryRun(kc, object)));
  const planned: PlannedObject[] = objects.map((object, index) => ({ ref: refOf(object), yaml: objectYaml(object), dryRun: outcomes[index]! }));
  const yaml = combinedYaml(objects);
  return {
    plan,
    objects: planned,
    deletions,
    yaml,
    digest: digestOf(yaml, deletions),
    ready: outcomes.every((outcome) => outcome.state !== 'failed'),
    issues: [],
  };
}

function stripForRestore(object: KubeObject): KubeObject {
  const { managedFields: _m, resourceVersion: _r, uid: _u, creationTimestamp: _c, ...metadata } = object.metadata;
  const { status: _s, ...rest } = object;
  return { ...rest, metadata };
}

function recovery(applied: readonly AppliedObject[], remaining: readonly PlannedObjectRef[], failed: PlannedObjectRef | undefined) {
  const finish = failed
    ? [`# fix the cause above, then apply again from the review step; it continues with: ${[failed, ...remaining].map((ref) => `${ref.kind}/${ref.name}`).join(', ')}`,
      ...[failed, ...remaining].map((ref) => `kubectl get ${kubectlTarget(ref)}`)]
    : [];
  const createdNamespace = applied.find((entry) => entry.action === 'created' && entry.ref.kind === 'Namespace');
  const rollback = createdNamespace
    ? [`kubectl delete namespace ${createdNamespace.ref.name}`]
    : [...applied].reverse().flatMap((entry) => {
      if (entry.action === 'created') return [`kubectl delete ${kubectlTarget(entry.ref)}`];
      if (entry.action === 'updated') return [`# restore ${entry.ref.kind}/${entry.ref.name} from its previous version shown below: kubectl apply --server-side --field-manager=${FIELD_MANAGER} --force-conflicts -f previous.yaml`];
      return [`# ${entry.ref.kind}/${entry.ref.name} was deleted; recreate it from its previous version shown below`];
    });
  return { finish, rollback };
}

/** Applies a previewed plan; refuses when the objects differ from the preview's digest. */
export async function applyPlan(kc: KubeConfig, plan: TenantPlan, digest: string, kueueVersion: string | undefined): Promise<TenantApplyResult> {
  const local = validateTenantPlan(plan);
  if (local.length > 0) invalid(local);
  const references = await lookupReferences(kc, plan, kueueVersion);
  if (references.length > 0) invalid(references);
  const objects = tenantObjects(plan, kueueVersion);
  const deletions = await staleBindings(kc, plan, objects);
  if (digestOf(combinedYaml(objects), deletions) !== digest) {
    throw appError('Conflict', `The objects for namespace ${plan.namespace} differ from the reviewed preview (the plan or the cluster changed); review the preview again before applying.`);
  }

  const steps: { ref: PlannedObjectRef; run: () => Promise<AppliedObject> }[] = [
    ...objects.map((object) => ({
      ref: refOf(object),
      run: async (): Promise<AppliedObject> => {
        const gvr = gvrOf(object);
        const before = await readObject<KubeObject>(kc, gvr, object.metadata.name, object.metadata.namespace);
        await serverSideApply(kc, gvr, object, false);
        const previous = before.state === 'found' ? { previousYaml: objectYaml(stripForRestore(before.object)) } : {};
        return { ref: refOf(object), action: before.state === 'found' ? 'updated' : 'created', ...previous };
      },
    })),
    ...deletions.map((ref) => ({
      ref,
      run: async (): Promise<AppliedObject> => {
        const before = await readObject<KubeObject>(kc, ROLE_BINDINGS, ref.name, ref.namespace);
        await deleteObject(kc, ROLE_BINDINGS, ref.name, ref.namespace);
        return { ref, action: 'deleted', ...(before.state === 'found' ? { previousYaml: objectYaml(stripForRestore(before.object)) } : {}) };
      },
    })),
  ];

  const applied: AppliedObject[] = [];
  for (const [index, step] of steps.entries()) {
    try {
      applied.push(await step.run());
    } catch (error) {
      const remaining = steps.slice(index + 1).map((s) => s.ref);
      log.warn('apply stopped', { namespace: plan.namespace, name: step.ref.name, resource: step.ref.kind, err: error });
      return { applied, failed: { ref: step.ref, error: toAppError(error) }, remaining, ...recovery(applied, remaining, step.ref) };
    }
  }
  log.info('tenant applied', { namespace: plan.namespace, count: applied.length });
  return { applied, remaining: [], ...recovery(applied, [], undefined) };
}
