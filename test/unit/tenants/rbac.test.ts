import { describe, expect, it } from 'vitest';
import { grantingBindings, membersOf, ruleAllows, userInfoOf, type BindingObject, type PolicyRule, type RoleObject } from '../../../shared/tenants/rbac';

const ruleCases: { name: string; rule: PolicyRule; verb: string; group: string; resource: string; subresource?: string; allowed: boolean }[] = [
  { name: 'exact', rule: { verbs: ['create'], apiGroups: [''], resources: ['pods'] }, verb: 'create', group: '', resource: 'pods', allowed: true },
  { name: 'other verb', rule: { verbs: ['get'], apiGroups: [''], resources: ['pods'] }, verb: 'create', group: '', resource: 'pods', allowed: false },
  { name: 'verb wildcard', rule: { verbs: ['*'], apiGroups: [''], resources: ['pods'] }, verb: 'delete', group: '', resource: 'pods', allowed: true },
  { name: 'group wildcard', rule: { verbs: ['list'], apiGroups: ['*'], resources: ['jobs'] }, verb: 'list', group: 'batch', resource: 'jobs', allowed: true },
  { name: 'wrong group', rule: { verbs: ['list'], apiGroups: [''], resources: ['jobs'] }, verb: 'list', group: 'batch', resource: 'jobs', allowed: false },
  { name: 'pods does not cover pods/exec', rule: { verbs: ['create'], apiGroups: [''], resources: ['pods'] }, verb: 'create', group: '', resource: 'pods', subresource: 'exec', allowed: false },
  { name: 'pods/exec', rule: { verbs: ['create'], apiGroups: [''], resources: ['pods/exec'] }, verb: 'create', group: '', resource: 'pods', subresource: 'exec', allowed: true },
  { name: '*/exec', rule: { verbs: ['create'], apiGroups: [''], resources: ['*/exec'] }, verb: 'create', group: '', resource: 'pods', subresource: 'exec', allowed: true },
  { name: 'resource wildcard', rule: { verbs: ['get'], apiGroups: [''], resources: ['*'] }, verb: 'get', group: '', resource: 'pods', subresource: 'portforward', allowed: true },
  { name: 'resourceNames never cover a collection', rule: { verbs: ['get'], apiGroups: [''], resources: ['secrets'], resourceNames: ['one'] }, verb: 'get', group: '', resource: 'secrets', allowed: false },
];

describe('ruleAllows', () => {
  it.each(ruleCases)('$name', ({ rule, allowed, ...attributes }) => {
    expect(ruleAllows(rule, attributes)).toBe(allowed);
  });
});

const editRole: RoleObject = { metadata: { name: 'edit' }, rules: [{ verbs: ['create', 'delete', 'get', 'list'], apiGroups: [''], resources: ['pods', 'pods/exec'] }] };
const viewRole: RoleObject = { metadata: { name: 'view' }, rules: [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'] }] };
const roleBindings: BindingObject[] = [
  { metadata: { name: 'editors', namespace: 'team-a' }, roleRef: { kind: 'ClusterRole', name: 'edit' }, subjects: [{ kind: 'Group', name: 'team-a-devs' }, { kind: 'ServiceAccount', name: 'ci' }] },
  { metadata: { name: 'other-ns', namespace: 'team-b' }, roleRef: { kind: 'ClusterRole', name: 'edit' }, subjects: [{ kind: 'User', name: 'alice' }] },
  { metadata: { name: 'drun-members-view', namespace: 'team-a', labels: { 'app.kubernetes.io/managed-by': 'drun-desktop' } }, roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'alice' }] },
];
const clusterRoleBindings: BindingObject[] = [
  { metadata: { name: 'viewers' }, roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'Group', name: 'auditors' }] },
  { metadata: { name: 'cluster-admin' }, roleRef: { kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'Group', name: 'system:masters' }] },
  { metadata: { name: 'system:basic-user' }, roleRef: { kind: 'ClusterRole', name: 'system:basic-user' }, subjects: [{ kind: 'Group', name: 'system:authenticated' }] },
];
const roles = { role: () => undefined, clusterRole: (name: string) => ({ edit: editRole, view: viewRole })[name as 'edit' | 'view'] };

describe('grantingBindings', () => {
  it('names the RoleBinding that grants through a group', () => {
    const user = { name: 'dev1', groups: ['team-a-devs', 'system:authenticated'] };
    expect(grantingBindings({ verb: 'create', group: '', resource: 'pods', subresource: 'exec' }, user, 'team-a', { roleBindings, clusterRoleBindings }, roles))
      .toEqual([{ bindingKind: 'RoleBinding', binding: 'editors', roleKind: 'ClusterRole', role: 'edit' }]);
  });

  it('names a ServiceAccount grant by its full user name', () => {
    const user = userInfoOf({ kind: 'ServiceAccount', name: 'ci', namespace: 'team-a' });
    expect(grantingBindings({ verb: 'delete', group: '', resource: 'pods' }, user, 'team-a', { roleBindings, clusterRoleBindings }, roles).map((g) => g.binding)).toEqual(['editors']);
  });

  it('ignores bindings of other namespaces and names every grant in this one', () => {
    const user = { name: 'alice', groups: ['auditors'] };
    expect(grantingBindings({ verb: 'list', group: '', resource: 'pods' }, user, 'team-a', { roleBindings, clusterRoleBindings }, roles).map((g) => g.binding))
      .toEqual(['drun-members-view', 'viewers']);
    expect(grantingBindings({ verb: 'create', group: '', resource: 'pods' }, user, 'team-a', { roleBindings, clusterRoleBindings }, roles)).toEqual([]);
  });
});

describe('membersOf', () => {
  it('lists subjects of the namespace bindings and non-system cluster bindings', () => {
    expect(membersOf('team-a', roleBindings, clusterRoleBindings)).toEqual([
      { subject: { kind: 'Group', name: 'auditors' }, grants: [{ bindingKind: 'ClusterRoleBinding', binding: 'viewers', roleKind: 'ClusterRole', role: 'view', managed: false }] },
      { subject: { kind: 'Group', name: 'team-a-devs' }, grants: [{ bindingKind: 'RoleBinding', binding: 'editors', roleKind: 'ClusterRole', role: 'edit', managed: false }] },
      { subject: { kind: 'ServiceAccount', name: 'ci', namespace: 'team-a' }, grants: [{ bindingKind: 'RoleBinding', binding: 'editors', roleKind: 'ClusterRole', role: 'edit', managed: false }] },
      { subject: { kind: 'User', name: 'alice' }, grants: [{ bindingKind: 'RoleBinding', binding: 'drun-members-view', roleKind: 'ClusterRole', role: 'view', managed: true }] },
    ]);
  });
});
