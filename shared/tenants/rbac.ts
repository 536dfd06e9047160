/**
 * RBAC matching done the way the API server's RBAC authorizer does it
 * (k8s.io/kubernetes/pkg/apis/rbac/v1/evaluation_helpers.go), used only to
 * name which binding grants an access the server already allowed.
 */
import type { AccessCell, MemberGrant, MemberView, Subject, SubjectKind } from '../models/tenants';
import type { KubeObject } from '../k8s/object';
import { FIELD_MANAGER, MANAGED_BY_LABEL } from './labels';

export interface PolicyRule {
  verbs?: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface BindingSubject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface BindingObject extends KubeObject {
  roleRef: { apiGroup?: string; kind: string; name: string };
  subjects?: BindingSubject[];
}

export interface RoleObject extends KubeObject {
  rules?: PolicyRule[] | null;
}

/** Attributes of one request, without a resource name, because the matrix covers whole collections. */
export interface ResourceAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
}

/** User name and groups of the requester, as authentication reports them. */
export interface UserInfo {
  name: string;
  groups: readonly string[];
}

function has(list: readonly string[] | undefined, value: string): boolean {
  return (list ?? []).some((entry) => entry === '*' || entry === value);
}

function resourceMatches(rule: PolicyRule, attributes: ResourceAttributes): boolean {
  const combined = attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : attributes.resource;
  return (rule.resources ?? []).some((entry) => {
    if (entry === '*' || entry === combined) return true;
    return Boolean(attributes.subresource) && entry === `*/${attributes.subresource}`;
  });
}

/** True when the rule allows the request (a rule limited to resourceNames never covers a whole collection). */
export function ruleAllows(rule: PolicyRule, attributes: ResourceAttributes): boolean {
  if ((rule.resourceNames ?? []).length > 0) return false;
  return has(rule.verbs, attributes.verb) && has(rule.apiGroups, attributes.group) && resourceMatches(rule, attributes);
}

/** True when the binding names the user directly, through one of its groups, or as its ServiceAccount. */
export function bindingAppliesTo(subject: BindingSubject, user: UserInfo, bindingNamespace: string | undefined): boolean {
  if (subject.kind === 'User') return subject.name === user.name;
  if (subject.kind === 'Group') return user.groups.includes(subject.name);
  if (subject.kind === 'ServiceAccount') {
    const namespace = subject.namespace ?? bindingNamespace ?? '';
    return user.name === `system:serviceaccount:${namespace}:${subject.name}`;
  }
  return false;
}

/** Returns the user name and groups the API server gives a subject (ServiceAccounts get their standard groups). */
export function userInfoOf(subject: Subject, extraGroups: readonly string[] = []): UserInfo {
  if (subject.kind === 'User') return { name: subject.name, groups: ['system:authenticated', ...extraGroups] };
  if (subject.kind === 'Group') return { name: '', groups: [subject.name, ...extraGroups] };
  const namespace = subject.namespace ?? '';
  return {
    name: `system:serviceaccount:${namespace}:${subject.name}`,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated', ...extraGroups],
  };
}

export interface RoleSource {
  role(namespace: string, name: string): RoleObject | undefined;
  clusterRole(name: string): RoleObject | undefined;
}

/**
 * Finds the bindings (RoleBindings in `namespace`, then ClusterRoleBindings) whose role
 * allows the request for the user. The verdict itself always comes from the server.
 */
export function grantingBindings(
  attributes: ResourceAttributes,
  user: UserInfo,
  namespace: string,
  bindings: { roleBindings: readonly BindingObject[]; clusterRoleBindings: readonly BindingObject[] },
  roles: RoleSource,
): AccessCell['grantedBy'] {
  const grants: AccessCell['grantedBy'] = [];
  const check = (binding: BindingObject, bindingKind: 'RoleBinding' | 'ClusterRoleBinding') => {
    const bindingNamespace = binding.metadata.namespace;
    if (!(binding.subjects ?? []).some((subject) => bindingAppliesTo(subject, user, bindingNamespace))) return;
    const roleKind = binding.roleRef.kind === 'Role' ? 'Role' : 'ClusterRole';
    const role = roleKind === 'Role' ? roles.role(namespace, binding.roleRef.name) : roles.clusterRole(binding.roleRef.name);
    if ((role?.rules ?? []).some((rule) => ruleAllows(rule, attributes))) {
      grants.push({ bindingKind, binding: binding.metadata.name, roleKind, role: binding.roleRef.name });
    }
  };
  bindings.roleBindings.filter((binding) => binding.metadata.namespace === namespace).forEach((binding) => check(binding, 'RoleBinding'));
  bindings.clusterRoleBindings.forEach((binding) => check(binding, 'ClusterRoleBinding'));
  return grants;
}

const SUBJECT_KINDS: ReadonlySet<string> = new Set(['User', 'Group', 'ServiceAccount']);

/** Control-plane identities and roles are left out of a tenant's member list. */
function isSystemName(name: string): boolean {
  return name.startsWith('system:');
}

function isManaged(binding: BindingObject): boolean {
  return binding.metadata.labels?.[MANAGED_BY_LABEL] === FIELD_MANAGER;
}

/**
 * Lists the members of a namespace: every subject of its RoleBindings, and the
 * non-system subjects of ClusterRoleBindings (which reach every namespace).
 */
export function membersOf(namespace: string, roleBindings: readonly BindingObject[], clusterRoleBindings: readonly BindingObject[]): MemberView[] {
  const members = new Map<string, MemberView>();
  const add = (subject: BindingSubject, binding: BindingObject, bindingKind: MemberGrant['bindingKind']) => {
    if (!SUBJECT_KINDS.has(subject.kind)) return;
    const kind = subject.kind as SubjectKind;
    const saNamespace = kind === 'ServiceAccount' ? (subject.namespace ?? binding.metadata.namespace) : undefined;
    const key = JSON.stringify([kind, subject.name, saNamespace ?? '']);
    const member = members.get(key) ?? { subject: { kind, name: subject.name, ...(saNamespace ? { namespace: saNamespace } : {}) }, grants: [] };
    member.grants.push({
      bindingKind,
      binding: binding.metadata.name,
      roleKind: binding.roleRef.kind === 'Role' ? 'Role' : 'ClusterRole',
      role: binding.roleRef.name,
      managed: isManaged(binding),
    });
    members.set(key, member);
  };
  for (const binding of roleBindings) {
    if (binding.metadata.namespace !== namespace) continue;
    (binding.subjects ?? []).forEach((subject) => add(subject, binding, 'RoleBinding'));
  }
  for (const binding of clusterRoleBindings) {
    if (isSystemName(binding.roleRef.name) || isSystemName(binding.metadata.name)) continue;
    (binding.subjects ?? []).filter((subject) => !isSystemName(subject.name)).forEach((subject) => add(subject, binding, 'ClusterRoleBinding'));
  }
  return [...members.values()].sort((a, b) => a.subject.kind.localeCompare(b.subject.kind) || a.subject.name.localeCompare(b.subject.name));
}
