/**
 * Builds the access matrix. The API server decides every cell, through a
 * SelfSubjectAccessReview for oneself or a SubjectAccessReview for another
 * subject, and the app only names the bindings whose roles cover an allowed cell.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { AccessMatrix, AccessRow, Subject, VisibilityNote } from '../../shared/models/tenants';
import { appError } from '../../shared/result';
import { CLUSTER_ROLE_BINDINGS, CLUSTER_ROLES, ROLE_BINDINGS, ROLES } from '../../shared/k8s/tenants-gvr';
import type { GroupVersionResource } from '../../shared/k8s/gvr';
import { ACCESS_ROWS } from '../../shared/tenants/access-matrix';
import { grantingBindings, userInfoOf, type BindingObject, type RoleObject, type UserInfo } from '../../shared/tenants/rbac';
import { listObjects, mapLimit, readObject, selfAccess, subjectAccess, whoAmI, type ReviewAnswer } from './kube';

/** Reviews in flight at once; a matrix is about fifty of them. */
const REVIEW_CONCURRENCY = 8;

export interface MatrixSubject extends Subject {
  groups?: string[];
}

function hiddenNote(gvr: GroupVersionResource, namespace?: string): VisibilityNote {
  return { verb: 'list', resource: gvr.resource, group: gvr.group, ...(namespace ? { namespace } : {}), effect: 'hidden' };
}

interface Policy {
  roleBindings: BindingObject[];
  clusterRoleBindings: BindingObject[];
  roles: Map<string, RoleObject>;
  clusterRoles: Map<string, RoleObject>;
  notes: VisibilityNote[];
}

/** Reads the bindings and the roles they name, as far as the user may; what it may not read becomes a note. */
async function readPolicy(kc: KubeConfig, namespace: string): Promise<Policy> {
  const notes: VisibilityNote[] = [];
  const [rbs, crbs, roles] = await Promise.all([
    listObjects<BindingObject>(kc, ROLE_BINDINGS, namespace),
    listObjects<BindingObject>(kc, CLUSTER_ROLE_BINDINGS),
    listObjects<RoleObject>(kc, ROLES, namespace),
  ]);
  if (rbs.state !== 'found') notes.push(hiddenNote(ROLE_BINDINGS, namespace));
  if (crbs.state !== 'found') notes.push(hiddenNote(CLUSTER_ROLE_BINDINGS));
  if (roles.state !== 'found') notes.push(hiddenNote(ROLES, namespace));
  const roleBindings = rbs.state === 'found' ? rbs.object : [];
  const clusterRoleBindings = crbs.state === 'found' ? crbs.object : [];

  const clusterRoleNames = [...new Set([...roleBindings, ...clusterRoleBindings].filter((b) => b.roleRef.kind === 'ClusterRole').map((b) => b.roleRef.name))];
  const reads = await mapLimit(clusterRoleNames, REVIEW_CONCURRENCY, (name) => readObject<RoleObject>(kc, CLUSTER_ROLES, name));
  const clusterRoles = new Map<string, RoleObject>();
  reads.forEach((read, index) => {
    if (read.state === 'found') clusterRoles.set(clusterRoleNames[index]!, read.object);
  });
  if (reads.some((read) => read.state === 'forbidden')) notes.push({ verb: 'get', resource: 'clusterroles', group: CLUSTER_ROLES.group, effect: 'hidden' });
  return {
    roleBindings,
    clusterRoleBindings,
    roles: new Map((roles.state === 'found' ? roles.object : []).map((role) => [role.metadata.name, role])),
    clusterRoles,
    notes,
  };
}

async function reviewer(kc: KubeConfig, namespace: string, subject: MatrixSubject | undefined) {
  if (!subject) {
    const self = await whoAmI(kc);
    return {
      user: { name: self.name, groups: self.groups } satisfies UserInfo,
      described: { kind: 'Self' as const, name: self.name, groups: self.groups },
      review: 'SelfSubjectAccessReview' as const,
      ask: (attributes: Parameters<typeof selfAccess>[1]) => selfAccess(kc, attributes, namespace),
    };
  }
  const may = await selfAccess(kc, { verb: 'create', group: 'authorization.k8s.io', resource: 'subjectaccessreviews' });
  if (!may.allowed) {
    throw appError('Forbidden', `You may not create SubjectAccessReviews, so the server cannot be asked what ${subject.kind} ${subject.name} may do; check your own access instead, or ask an administrator for create on subjectaccessreviews.authorization.k8s.io.`, {
      denied: { verb: 'create', resource: 'subjectaccessreviews', group: 'authorization.k8s.io' },
    });
  }
  const withNamespace: Subject = subject.kind === 'ServiceAccount' ? { ...subject, namespace: subject.namespace ?? namespace } : subject;
  const user = userInfoOf(withNamespace, subject.groups ?? []);
  return {
    user,
    described: { kind: subject.kind, name: subject.name, groups: [...user.groups] },
    review: 'SubjectAccessReview' as const,
    ask: (attributes: Parameters<typeof selfAccess>[1]) => subjectAccess(kc, user, attributes, namespace),
  };
}

/** Builds the matrix of verbs × resources for the subject (or the current user) in one namespace. */
export async function accessMatrix(kc: KubeConfig, namespace: string, subject: MatrixSubject | undefined): Promise<AccessMatrix> {
  const who = await reviewer(kc, namespace, subject);
  const policy = await readPolicy(kc, namespace);
  const questions = ACCESS_ROWS.flatMap((row) => row.verbs.map((verb) => ({ row, verb })));
  const answers: ReviewAnswer[] = await mapLimit(questions, REVIEW_CONCURRENCY, ({ row, verb }) =>
    who.ask({ verb, group: row.group, resource: row.resource, ...(row.subresource ? { subresource: row.subresource } : {}) }),
  );
  const roleSource = {
    role: (_namespace: string, name: string) => policy.roles.get(name),
    clusterRole: (name: string) => policy.clusterRoles.get(name),
  };
  let index = 0;
  const rows: AccessRow[] = ACCESS_ROWS.map((row) => ({
    id: row.id,
    group: row.group,
    resource: row.resource,
    ...(row.subresource ? { subresource: row.subresource } : {}),
    cells: row.verbs.map((verb) => {
      const answer = answers[index++]!;
      const attributes = { verb, group: row.group, resource: row.resource, ...(row.subresource ? { subresource: row.subresource } : {}) };
      return {
        verb,
        allowed: answer.allowed,
        ...(answer.reason ? { reason: answer.reason } : {}),
        grantedBy: answer.allowed ? grantingBindings(attributes, who.user, namespace, policy, roleSource) : [],
      };
    }),
  }));
  return { namespace, subject: who.described, review: who.review, rows, grantNotes: policy.notes };
}
