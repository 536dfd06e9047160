/**
 * The tenants service against the local cluster, as admin and as the two
 * tenant users (alice: edit in team-a only; bob: read-only cluster-wide).
 * Every number and verdict is compared with the API server's response to
 * this test's own requests.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessMatrix, TenantPlan } from '../../../shared/models/tenants';
import { kubeJson, KubeRequestError } from '../../../main/clusters/request';
import { selfAccess, subjectAccess } from '../../../main/tenants/kube';
import { objectPath } from '../../../shared/k8s/gvr';
import { TENANT_LABEL } from '../../../shared/tenants/labels';
import { tenantObjects } from '../../../shared/tenants/plan';
import { gvrOfKind } from './gvr-of-kind';
import { coreApi, podManifest, uniqueName, waitFor } from '../cluster/support';
import { createHarness, direct, impersonating, userKubeConfig, viewUntil, type TenantsHarness } from './support';

const created: string[] = [];
let harness: TenantsHarness;
let admin: string;
let alice: string;
let bob: string;

async function createNamespace(name: string, labels: Record<string, string> = {}): Promise<void> {
  await coreApi().createNamespace({ body: { metadata: { name, labels } } });
  created.push(name);
}

async function serverQuota(namespace: string, name: string) {
  return coreApi().readNamespacedResourceQuota({ namespace, name });
}

/** Asks the server every cell of a matrix again, with this test's own review requests. */
async function expectMatrixMatchesServer(matrix: AccessMatrix, ask: (verb: string, group: string, resource: string, subresource?: string) => Promise<boolean>) {
  for (const row of matrix.rows) {
    for (const cell of row.cells) {
      const allowed = await ask(cell.verb, row.group, row.resource, row.subresource);
      expect({ row: row.id, verb: cell.verb, allowed: cell.allowed }).toEqual({ row: row.id, verb: cell.verb, allowed });
    }
  }
}

/** Status code of a call made with a kubeconfig: 2xx as 200. */
async function statusOf(kc: KubeConfig, path: string, method: 'POST' | 'GET', body?: unknown): Promise<number> {
  try {
    await kubeJson(kc, path, { method, ...(body ? { body } : {}) });
    return 200;
  } catch (error) {
    if (error instanceof KubeRequestError) return error.code;
    throw error;
  }
}

beforeAll(async () => {
  harness = createHarness();
  admin = await harness.connect('admin', userKubeConfig('admin'));
  alice = await harness.connect('alice', userKubeConfig('alice'));
  bob = await harness.connect('bob', userKubeConfig('bob'));
});

afterAll(async () => {
  harness?.dispose();
  for (const name of created) {
    await coreApi().deleteNamespace({ name }).catch(() => undefined);
  }
});

describe('tenants view', () => {
  it('shows quota usage as the server counts it', async () => {
    const namespace = uniqueName('tv-quota');
    await createNamespace(namespace, { [TENANT_LABEL]: namespace, 'pod-security.kubernetes.io/enforce': 'baseline' });
    await coreApi().createNamespacedResourceQuota({
      namespace,
      body: { metadata: { name: 'gpu' }, spec: { hard: { 'requests.nvidia.com/gpu': '4', 'requests.cpu': '8', 'requests.memory': '16Gi', pods: '10' } } },
    });
    await coreApi().createNamespacedPod({ namespace, body: podManifest(namespace, 'trainer', { 'nvidia.com/gpu': '1', cpu: '1500m', memory: '3Gi' }) });
    const server = await waitFor('quota usage to count the pod', async () => {
      const quota = await serverQuota(namespace, 'gpu');
      return quota.status?.used?.['requests.nvidia.com/gpu'] === '1' ? quota : undefined;
    });

    const view = await viewUntil(harness.service, admin, [], (v) =>
      v.tenants.some((t) => t.name === namespace && t.namespaces[0]?.quotas[0]?.rows.find((r) => r.resource === 'requests.nvidia.com/gpu')?.used === '1'),
    'the view to show the quota usage');
    expect(view.scope).toBe('cluster');
    const ns = view.tenants.find((t) => t.name === namespace)!.namespaces[0]!;
    expect(ns.podSecurity.enforce?.level).toBe('baseline');
    const rows = Object.fromEntries(ns.quotas[0]!.rows.map((row) => [row.resource, { hard: row.hard, used: row.used }]));
    const expected = Object.fromEntries(Object.entries(server.status!.hard!).map(([key, hard]) => [key, { hard, used: server.status!.used![key] }]));
    expect(rows).toEqual(expected);
    expect(ns.quotas[0]!.rows[0]!.accelerator).toBe('NVIDIA');
  });

  it('offers unlabelled namespaces for adoption', async () => {
    const namespace = uniqueName('tv-adopt');
    await createNamespace(namespace);
    const view = await viewUntil(harness.service, admin, [], (v) => v.adoptable.includes(namespace), 'the namespace to be adoptable');
    expect(view.adoptable).not.toContain('kube-system');
  });

  it('shows alice her context namespace', async () => {
    const name = uniqueName('alice-gpu');
    await coreApi().createNamespacedResourceQuota({ namespace: 'team-a', body: { metadata: { name }, spec: { hard: { 'requests.nvidia.com/gpu': '4', 'limits.cpu': '64', 'requests.memory': '256Gi' } } } });
    try {
      const server = await waitFor('quota status', async () => (await serverQuota('team-a', name)).status?.hard ? serverQuota('team-a', name) : undefined);
      const view = await viewUntil(harness.service, alice, [], (v) => Boolean(v.tenants.flatMap((t) => t.namespaces).find((n) => n.namespace === 'team-a')?.quotas.some((q) => q.name === name && !q.pending)), 'alice to see team-a quota');
      expect(view.scope).toBe('namespaces');
      expect(view.contextNamespace).toBe('team-a');
      expect(view.notes).toContainEqual({ verb: 'list', resource: 'namespaces', effect: 'namespaces-from-context' });
      const teamA = view.tenants.flatMap((t) => t.namespaces).find((n) => n.namespace === 'team-a')!;
      const quota = teamA.quotas.find((q) => q.name === name)!;
      expect(Object.fromEntries(quota.rows.map((r) => [r.resource, [r.used, r.hard]]))).toEqual(
        Object.fromEntries(Object.entries(server.status!.hard!).map(([key, hard]) => [key, [server.status!.used?.[key] ?? '0', hard]])),
      );
      expect(quota.rows.find((r) => r.resource === 'requests.nvidia.com/gpu')).toMatchObject({ used: '0', hard: '4' });
      // edit does not include reading RoleBindings, so the view reports that instead of "no members".
      expect(teamA.notes).toContainEqual({ verb: 'list', resource: 'rolebindings', group: 'rbac.authorization.k8s.io', namespace: 'team-a', effect: 'hidden' });
    } finally {
      await coreApi().deleteNamespacedResourceQuota({ namespace: 'team-a', name });
    }
  });

  it('says "no access" for a namespace alice names but may not read', async () => {
    const namespace = uniqueName('tv-private');
    await createNamespace(namespace);
    const view = await viewUntil(harness.service, alice, [namespace], (v) => v.tenants.some((t) => t.name === namespace), 'the private namespace entry');
    const entry = view.tenants.find((t) => t.name === namespace)!.namespaces[0]!;
    expect(entry.readable).toBe(false);
    expect(entry.notes).toEqual([{ verb: 'get', resource: 'namespaces', namespace, effect: 'no-access' }]);
  });

  it('shows bob quotas cluster-wide and hidden lists', async () => {
    const namespace = uniqueName('tv-bob');
    await createNamespace(namespace, { [TENANT_LABEL]: 'bob-visible' });
    await coreApi().createNamespacedResourceQuota({ namespace, body: { metadata: { name: 'gpu' }, spec: { hard: { 'requests.nvidia.com/gpu': '3', 'requests.amd.com/gpu': '1' } } } });
    const server = await waitFor('quota status', async () => ((await serverQuota(namespace, 'gpu')).status?.hard ? serverQuota(namespace, 'gpu') : undefined));
    const view = await viewUntil(harness.service, bob, [], (v) => v.synced && Boolean(v.tenants.find((t) => t.name === 'bob-visible')?.namespaces[0]?.quotas[0]?.rows.length), 'bob to see the quota');
    expect(view.scope).toBe('cluster');
    const rows = view.tenants.find((t) => t.name === 'bob-visible')!.namespaces[0]!.quotas[0]!.rows;
    expect(Object.fromEntries(rows.map((r) => [r.resource, [r.used, r.hard]]))).toEqual(
      Object.fromEntries(Object.entries(server.status!.hard!).map(([key, hard]) => [key, [server.status!.used?.[key] ?? '0', hard]])),
    );
    expect(rows.map((r) => r.accelerator).sort()).toEqual(['AMD', 'NVIDIA']);
    // view lets bob list quotas but not RoleBindings. The server decides, and the view reports it.
    const canListBindings = (await selfAccess(userKubeConfig('bob'), { verb: 'watch', group: 'rbac.authorization.k8s.io', resource: 'rolebindings' })).allowed;
    expect(view.notes.some((n) => n.resource === 'rolebindings')).toBe(!canListBindings);
  });
});

describe('access matrix', () => {
  it('equals the SelfSubjectAccessReviews of alice in team-a and names the granting binding', async () => {
    const matrix = await harness.service.accessMatrix({ contextId: alice, namespace: 'team-a' }, direct());
    expect(matrix.review).toBe('SelfSubjectAccessReview');
    expect(matrix.subject.name).toBe('alice');
    const kc = userKubeConfig('alice');
    await expectMatrixMatchesServer(matrix, async (verb, group, resource, subresource) =>
      (await selfAccess(kc, { verb, group, resource, ...(subresource ? { subresource } : {}) }, 'team-a')).allowed);
    const createPods = matrix.rows.find((r) => r.id === 'pods')!.cells.find((c) => c.verb === 'create')!;
    expect(createPods.allowed).toBe(true);
  });

  it('equals the SubjectAccessReviews the admin asks about bob, with the ClusterRoleBinding named', async () => {
    const subject = { kind: 'User' as const, name: 'bob', groups: ['drun:cluster-viewers'] };
    const matrix = await harness.service.accessMatrix({ contextId: admin, namespace: 'team-a', subject }, direct());
    expect(matrix.review).toBe('SubjectAccessReview');
    const kc = userKubeConfig('admin');
    await expectMatrixMatchesServer(matrix, async (verb, group, resource, subresource) =>
      (await subjectAccess(kc, { name: 'bob', groups: ['system:authenticated', 'drun:cluster-viewers'] }, { verb, group, resource, ...(subresource ? { subresource } : {}) }, 'team-a')).allowed);
    const listPods = matrix.rows.find((r) => r.id === 'pods')!.cells.find((c) => c.verb === 'list')!;
    expect(listPods.allowed).toBe(true);
    expect(listPods.grantedBy).toContainEqual({ bindingKind: 'ClusterRoleBinding', binding: 'drun:cluster-viewers-view', roleKind: 'ClusterRole', role: 'view' });
    expect(matrix.rows.find((r) => r.id === 'secrets')!.cells.every((c) => !c.allowed)).toBe(true);
  });

  it('equals the SelfSubjectAccessReviews of bob', async () => {
    const matrix = await harness.service.accessMatrix({ contextId: bob, namespace: 'team-a' }, direct());
    const kc = userKubeConfig('bob');
    await expectMatrixMatchesServer(matrix, async (verb, group, resource, subresource) =>
      (await selfAccess(kc, { verb, group, resource, ...(subresource ? { subresource } : {}) }, 'team-a')).allowed);
    const listPods = matrix.rows.find((r) => r.id === 'pods')!.cells.find((c) => c.verb === 'list')!;
    expect(listPods.grantedBy).toContainEqual({ bindingKind: 'ClusterRoleBinding', binding: 'drun:cluster-viewers-view', roleKind: 'ClusterRole', role: 'view' });
    expect(matrix.rows.find((r) => r.id === 'pods')!.cells.find((c) => c.verb === 'create')!.allowed).toBe(false);
  });

  it('refuses alice a SubjectAccessReview about someone else, naming the permission', async () => {
    await expect(harness.service.accessMatrix({ contextId: alice, namespace: 'team-a', subject: { kind: 'User', name: 'bob' } }, direct()))
      .rejects.toMatchObject({ appError: { kind: 'Forbidden', denied: { verb: 'create', resource: 'subjectaccessreviews' } } });
  });
});

describe('create a tenant in one reviewed step', () => {
  it('refuses invalid names, unparsable quotas and missing roles before sending anything', async () => {
    const plan: TenantPlan = {
      tenant: 'Bad Name', namespace: 'Team_X', labels: {}, podSecurity: {},
      quota: { name: 'q', hard: { 'requests.nvidia.com/gpu': 'four', 'limits.nvidia.com/gpu': '2' } },
      members: [{ kind: 'User', name: 'x', roleKind: 'ClusterRole', role: 'edit' }],
    };
    const preview = await harness.service.preview({ contextId: admin, plan }, direct());
    expect(preview.objects).toEqual([]);
    expect(preview.issues.map((i) => i.field)).toEqual(expect.arrayContaining(['namespace', 'tenant', 'quota.hard["requests.nvidia.com/gpu"]', 'quota.hard["limits.nvidia.com/gpu"]']));
    const namespace = uniqueName('tv-missing-role');
    const missingRole = await harness.service.preview({ contextId: admin, plan: { tenant: namespace, namespace, labels: {}, podSecurity: {}, members: [{ kind: 'User', name: 'x', roleKind: 'ClusterRole', role: 'editt' }] } }, direct());
    expect(missingRole.issues).toEqual([expect.objectContaining({ field: 'members[0].role', value: 'editt' })]);
    expect(missingRole.issues[0]!.message).toContain('edit');
    await expect(coreApi().readNamespace({ name: namespace })).rejects.toMatchObject({ code: 404 });
  });

  it('creates exactly the previewed tenant', async () => {
    const namespace = uniqueName('tv-new');
    const editor = uniqueName('editor');
    const viewer = uniqueName('viewer');
    created.push(namespace);
    const plan: TenantPlan = {
      tenant: namespace,
      namespace,
      labels: { team: 'vision' },
      podSecurity: { enforce: 'baseline', warn: 'restricted' },
      quota: { name: 'tenant-quota', hard: { 'requests.nvidia.com/gpu': '2', 'requests.huawei.com/Ascend910': '1', 'requests.cpu': '8', 'requests.memory': '32Gi', pods: '20' } },
      limitRange: { name: 'tenant-limits', default: { cpu: '1', memory: '2Gi' }, defaultRequest: { cpu: '250m', memory: '512Mi' }, max: { cpu: '8' } },
      members: [
        { kind: 'User', name: editor, roleKind: 'ClusterRole', role: 'edit' },
        { kind: 'User', name: viewer, roleKind: 'ClusterRole', role: 'view' },
      ],
    };
    const preview = await harness.service.preview({ contextId: admin, plan }, direct());
    expect(preview.issues).toEqual([]);
    expect(preview.ready).toBe(true);
    expect(preview.objects.map((o) => `${o.ref.kind}/${o.ref.name}`)).toEqual(['Namespace/' + namespace, 'ResourceQuota/tenant-quota', 'LimitRange/tenant-limits', 'RoleBinding/drun-members-edit', 'RoleBinding/drun-members-view']);
    expect(preview.objects[0]!.dryRun).toEqual({ state: 'ok', action: 'create' });
    expect(preview.objects.slice(1).every((o) => o.dryRun.state === 'waits-for-namespace')).toBe(true);
    await expect(coreApi().readNamespace({ name: namespace })).rejects.toMatchObject({ code: 404 });

    const result = await harness.service.apply({ contextId: admin, plan, digest: preview.digest }, direct());
    expect(result.failed).toBeUndefined();
    expect(result.applied.map((a) => a.action)).toEqual(['created', 'created', 'created', 'created', 'created']);

    // Exactly as previewed: each planned field is on the server unchanged.
    const adminKc = userKubeConfig('admin');
    for (const planned of tenantObjects(plan)) {
      const live = await kubeJson<Record<string, unknown> & { metadata: { labels?: Record<string, string> } }>(adminKc, objectPath(gvrOfKind(planned.kind!), planned.metadata.name, planned.metadata.namespace));
      expect(live.metadata.labels).toMatchObject(planned.metadata.labels ?? {});
      for (const field of ['spec', 'subjects', 'roleRef'] as const) {
        if (planned[field] !== undefined) expect(live[field]).toMatchObject(planned[field] as object);
      }
    }

    // The member can do what the matrix shows, and the view-only member cannot create pods.
    const editorMatrix = await harness.service.accessMatrix({ contextId: admin, namespace, subject: { kind: 'User', name: editor } }, direct());
    const viewerMatrix = await harness.service.accessMatrix({ contextId: admin, namespace, subject: { kind: 'User', name: viewer } }, direct());
    const cell = (m: AccessMatrix, row: string, verb: string) => m.rows.find((r) => r.id === row)!.cells.find((c) => c.verb === verb)!;
    expect(cell(editorMatrix, 'pods', 'create')).toMatchObject({ allowed: true, grantedBy: [{ bindingKind: 'RoleBinding', binding: 'drun-members-edit', roleKind: 'ClusterRole', role: 'edit' }] });
    expect(cell(viewerMatrix, 'pods', 'create').allowed).toBe(false);
    expect(cell(viewerMatrix, 'pods', 'list')).toMatchObject({ allowed: true, grantedBy: [expect.objectContaining({ binding: 'drun-members-view' })] });

    const pod = podManifest(namespace, 'by-member', { cpu: '100m', memory: '64Mi' });
    const podsPath = `/api/v1/namespaces/${namespace}/pods`;
    expect(await statusOf(impersonating(editor), podsPath, 'POST', pod)).toBe(200);
    expect(await statusOf(impersonating(viewer), podsPath, 'POST', { ...pod, metadata: { ...pod.metadata, name: 'by-viewer' } })).toBe(403);
    expect(await statusOf(impersonating(viewer), podsPath, 'GET')).toBe(200);

    // The member's own matrix (SelfSubjectAccessReview as that user) agrees with the admin's review of it.
    const memberContext = await harness.connect(`as-${editor}`, impersonating(editor));
    const own = await harness.service.accessMatrix({ contextId: memberContext, namespace }, direct());
    expect(own.rows.map((r) => r.cells.map((c) => c.allowed))).toEqual(editorMatrix.rows.map((r) => r.cells.map((c) => c.allowed)));

    // Edit: dropping the viewer deletes the binding this app wrote, after review.
    const loaded = await harness.service.loadPlan({ contextId: admin, namespace }, direct());
    expect(loaded.members).toHaveLength(2);
    const edited = { ...loaded, members: loaded.members.filter((m) => m.name !== viewer) };
    const editPreview = await harness.service.preview({ contextId: admin, plan: edited }, direct());
    expect(editPreview.deletions.map((d) => d.name)).toEqual(['drun-members-view']);
    expect(editPreview.objects.every((o) => o.dryRun.state === 'ok' && o.dryRun.action === 'unchanged')).toBe(true);
    const editResult = await harness.service.apply({ contextId: admin, plan: edited, digest: editPreview.digest }, direct());
    expect(editResult.applied.find((a) => a.action === 'deleted')?.ref.name).toBe('drun-members-view');
    expect(await statusOf(impersonating(viewer), podsPath, 'GET')).toBe(403);
  });

  it('refuses to apply a plan that differs from its preview', async () => {
    const namespace = uniqueName('tv-digest');
    const plan: TenantPlan = { tenant: namespace, namespace, labels: {}, podSecurity: {}, members: [] };
    const preview = await harness.service.preview({ contextId: admin, plan }, direct());
    await expect(harness.service.apply({ contextId: admin, plan: { ...plan, podSecurity: { enforce: 'privileged' } }, digest: preview.digest }, direct()))
      .rejects.toMatchObject({ appError: { kind: 'Conflict' } });
  });

  it('reports a partial failure with what was applied and how to roll back', async () => {
    const namespace = uniqueName('tv-partial');
    const user = uniqueName('ns-maker');
    const role = uniqueName('tv-namespaces-only');
    created.push(namespace);
    // A user who may create and label namespaces but not write ResourceQuotas: the namespace applies, the quota fails.
    const adminKc = userKubeConfig('admin');
    await kubeJson(adminKc, '/apis/rbac.authorization.k8s.io/v1/clusterroles', { method: 'POST', body: {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: role },
      rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch', 'create', 'patch'] }, { apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings'], verbs: ['list'] }],
    } });
    await kubeJson(adminKc, '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', { method: 'POST', body: {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: role },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
    } });
    try {
      const context = await harness.connect(`as-${user}`, impersonating(user));
      const plan: TenantPlan = { tenant: namespace, namespace, labels: {}, podSecurity: { enforce: 'restricted' }, quota: { name: 'tenant-quota', hard: { 'requests.nvidia.com/gpu': '1' } }, members: [] };
      const preview = await harness.service.preview({ contextId: context, plan }, direct());
      expect(preview.objects[0]!.dryRun).toEqual({ state: 'ok', action: 'create' });
      expect(preview.objects[1]!.dryRun).toMatchObject({ state: 'failed', error: { kind: 'Forbidden' } });
      expect(preview.ready).toBe(false);

      const result = await harness.service.apply({ contextId: context, plan, digest: preview.digest }, direct());
      expect(result.applied).toEqual([{ ref: { apiVersion: 'v1', kind: 'Namespace', name: namespace }, action: 'created' }]);
      expect(result.failed).toMatchObject({ ref: { kind: 'ResourceQuota', name: 'tenant-quota' }, error: { kind: 'Forbidden' } });
      expect(result.rollback).toEqual([`kubectl delete namespace ${namespace}`]);
      expect(result.finish.join('\n')).toContain('ResourceQuota/tenant-quota');
      expect((await coreApi().readNamespace({ name: namespace })).metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    } finally {
      await kubeJson(adminKc, `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${role}`, { method: 'DELETE' });
      await kubeJson(adminKc, `/apis/rbac.authorization.k8s.io/v1/clusterroles/${role}`, { method: 'DELETE' });
    }
  });

  it('creates a LocalQueue and shows the ClusterQueue behind it', async (context) => {
    const status = harness.clusters.statuses().find((candidate) => candidate.contextId === admin);
    if (!status?.capabilities?.kueue) {
      context.skip('the cluster does not serve kueue.x-k8s.io');
    }
    const version = status!.capabilities!.kueue!.versions.includes('v1beta2') ? 'v1beta2' : 'v1beta1';
    const adminKc = userKubeConfig('admin');
    const cq = uniqueName('tv-cq');
    const namespace = uniqueName('tv-queue');
    created.push(namespace);
    await kubeJson(adminKc, `/apis/kueue.x-k8s.io/${version}/clusterqueues`, { method: 'POST', body: {
      apiVersion: `kueue.x-k8s.io/${version}`, kind: 'ClusterQueue', metadata: { name: cq },
      spec: { namespaceSelector: {}, resourceGroups: [{ coveredResources: ['nvidia.com/gpu'], flavors: [{ name: 'default-flavor', resources: [{ name: 'nvidia.com/gpu', nominalQuota: 8 }] }] }] },
    } });
    try {
      const missing = await harness.service.preview({ contextId: admin, plan: { tenant: namespace, namespace, labels: {}, podSecurity: {}, localQueue: { name: 'default', clusterQueue: `${cq}-missing` }, members: [] } }, direct());
      expect(missing.issues).toEqual([expect.objectContaining({ field: 'localQueue.clusterQueue', code: 'cq-missing' })]);

      const plan: TenantPlan = { tenant: namespace, namespace, labels: {}, podSecurity: {}, localQueue: { name: 'default', clusterQueue: cq }, members: [] };
      const preview = await harness.service.preview({ contextId: admin, plan }, direct());
      expect(preview.objects.map((o) => `${o.ref.apiVersion}/${o.ref.kind}`)).toEqual(['v1/Namespace', `kueue.x-k8s.io/${version}/LocalQueue`]);
      const result = await harness.service.apply({ contextId: admin, plan, digest: preview.digest }, direct());
      expect(result.failed).toBeUndefined();

      const live = await kubeJson<{ spec: { clusterQueue: string } }>(adminKc, `/apis/kueue.x-k8s.io/${version}/namespaces/${namespace}/localqueues/default`);
      expect(live.spec.clusterQueue).toBe(cq);
      const view = await viewUntil(harness.service, admin, [], (v) => Boolean(v.tenants.find((t) => t.name === namespace)?.namespaces[0]?.localQueues[0]), 'the LocalQueue in the view');
      expect(view.tenants.find((t) => t.name === namespace)!.namespaces[0]!.localQueues[0]).toMatchObject({
        name: 'default', clusterQueue: cq, clusterQueueDetail: { name: cq, resources: [{ flavor: 'default-flavor', resource: 'nvidia.com/gpu', nominalQuota: '8' }] },
      });
    } finally {
      await kubeJson(adminKc, `/apis/kueue.x-k8s.io/${version}/clusterqueues/${cq}`, { method: 'DELETE' }).catch(() => undefined);
    }
  });
});
