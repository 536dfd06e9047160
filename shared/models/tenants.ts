/** View models of the Tenants screen: tenants, their quotas, queues, members, Pod Security and access checks. */
import type { AppError } from '../result';

export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';
export type PodSecurityMode = 'enforce' | 'audit' | 'warn';

/** Pod Security Admission labels of a namespace; a missing mode is not set (the cluster default applies). */
export type PodSecurityView = Partial<Record<PodSecurityMode, { level: string; version?: string }>>;

export interface QuotaRow {
  /** Key of `status.hard`, for example `requests.nvidia.com/gpu`. */
  resource: string;
  /** Exactly as the API server wrote them in status. */
  hard: string;
  used: string;
  /** used / hard, undefined when hard is zero. */
  ratio: number | undefined;
  /** `3 / 8 (37.5 %)`. */
  display: string;
  /** Vendor name when the key is an accelerator resource (after any `requests.`/`limits.` prefix). */
  accelerator?: string;
}

export interface QuotaView {
  name: string;
  rows: QuotaRow[];
  /** The quota has no status yet (the controller has not counted usage). */
  pending: boolean;
}

export interface LimitRangeItemView {
  type: string;
  /** Keyed by field (`default`, `defaultRequest`, `min`, `max`, `maxLimitRequestRatio`), then resource. */
  values: Record<string, Record<string, string>>;
}

export interface LimitRangeView {
  name: string;
  items: LimitRangeItemView[];
}

export interface QueueResourceView {
  flavor: string;
  resource: string;
  nominalQuota?: string;
  borrowingLimit?: string;
  lendingLimit?: string;
  /** Admitted usage from status.flavorsUsage. */
  used?: string;
}

export interface ClusterQueueView {
  name: string;
  cohort?: string;
  stopPolicy?: string;
  resources: QueueResourceView[];
  pendingWorkloads?: number;
  admittedWorkloads?: number;
}

export interface LocalQueueView {
  name: string;
  clusterQueue: string;
  stopPolicy?: string;
  pendingWorkloads?: number;
  admittedWorkloads?: number;
  /** The ClusterQueue behind it, when the user may read it. */
  clusterQueueDetail?: ClusterQueueView;
  /** Set when the ClusterQueue named by the LocalQueue does not exist or cannot be read. */
  clusterQueueProblem?: 'missing' | 'forbidden';
}

export type SubjectKind = 'User' | 'Group' | 'ServiceAccount';

export interface Subject {
  kind: SubjectKind;
  name: string;
  /** ServiceAccounts only. */
  namespace?: string;
}

export interface MemberGrant {
  bindingKind: 'RoleBinding' | 'ClusterRoleBinding';
  binding: string;
  roleKind: 'Role' | 'ClusterRole';
  role: string;
  /** Written by this app (field manager drun-desktop, label app.kubernetes.io/managed-by). */
  managed: boolean;
}

export interface MemberView {
  subject: Subject;
  grants: MemberGrant[];
}

/** Something the current user may not read, reported instead of an empty list. */
export interface VisibilityNote {
  verb: string;
  resource: string;
  group?: string;
  /** Absent for a cluster-wide question. */
  namespace?: string;
  /** Effect on the screen. */
  effect: 'namespaces-from-context' | 'hidden' | 'no-access';
}

export interface TenantNamespaceView {
  namespace: string;
  /** Value of the tenant label, absent for a namespace that can be adopted. */
  tenant?: string;
  /** False when the namespace object could not be read (labels and Pod Security unknown). */
  readable: boolean;
  /** The namespace exists (true), does not (false), or it could not be checked (undefined). */
  exists?: boolean;
  labels: Record<string, string>;
  podSecurity: PodSecurityView;
  quotas: QuotaView[];
  limitRanges: LimitRangeView[];
  localQueues: LocalQueueView[];
  members: MemberView[];
  notes: VisibilityNote[];
}

export interface TenantView {
  /** The tenant label's value; for an unlabelled namespace, the namespace name. */
  name: string;
  labelled: boolean;
  namespaces: TenantNamespaceView[];
}

export interface TenantsView {
  contextId: string;
  /** `cluster` when the user may list namespaces; otherwise only the namespaces it can name. */
  scope: 'cluster' | 'namespaces';
  /** The context's default namespace. */
  contextNamespace: string;
  tenants: TenantView[];
  /** Unlabelled namespaces that may be adopted as tenants (cluster scope only, system namespaces left out). */
  adoptable: string[];
  notes: VisibilityNote[];
  kueue: boolean;
  synced: boolean;
  updatedAt: string;
  /** Errors of single sources that do not stop the view. */
  errors: AppError[];
}

export type AccessVerb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';

export interface AccessRowSpec {
  id: string;
  group: string;
  resource: string;
  subresource?: string;
  verbs: readonly AccessVerb[];
}

export interface AccessCell {
  verb: AccessVerb;
  allowed: boolean;
  /** The API server's reason when it gave one. */
  reason?: string;
  /** Bindings whose role's rules cover the cell; empty when the app could not read them. */
  grantedBy: { bindingKind: 'RoleBinding' | 'ClusterRoleBinding'; binding: string; roleKind: 'Role' | 'ClusterRole'; role: string }[];
}

export interface AccessRow {
  id: string;
  group: string;
  resource: string;
  subresource?: string;
  cells: AccessCell[];
}

export interface AccessMatrix {
  namespace: string;
  /** The subject asked about; for oneself the identity the server reported. */
  subject: { kind: SubjectKind | 'Self'; name: string; groups: string[] };
  /** SelfSubjectAccessReview for oneself, SubjectAccessReview for others. */
  review: 'SelfSubjectAccessReview' | 'SubjectAccessReview';
  rows: AccessRow[];
  /** Bindings or roles the user may not read, so some grants could not be named. */
  grantNotes: VisibilityNote[];
}

/** Tenant as the user requests it in the create/edit step. */
export interface TenantMemberPlan {
  kind: SubjectKind;
  name: string;
  /** Namespace of a ServiceAccount; defaults to the tenant namespace. */
  namespace?: string;
  roleKind: 'ClusterRole' | 'Role';
  role: string;
}

export interface TenantPlan {
  /** Value of the tenant label. */
  tenant: string;
  namespace: string;
  /** Extra namespace labels. */
  labels: Record<string, string>;
  /** Pod Security levels per mode; a missing mode is left unset. */
  podSecurity: Partial<Record<PodSecurityMode, PodSecurityLevel>>;
  quota?: { name: string; hard: Record<string, string> };
  limitRange?: { name: string; default: Record<string, string>; defaultRequest: Record<string, string>; max: Record<string, string> };
  localQueue?: { name: string; clusterQueue: string };
  members: TenantMemberPlan[];
}

export type PlanIssueCode =
  | 'name' | 'reserved-label' | 'psa-level' | 'quantity' | 'negative' | 'quota-key-standard' | 'quota-key-requests'
  | 'quota-key-count' | 'quota-empty' | 'limit-order' | 'member-blank' | 'duplicate-member' | 'role-missing' | 'cq-missing' | 'kueue-missing';

/** One problem in a plan, naming the field, the value and the fix. */
export interface PlanIssue {
  /** Dotted path of the field, for example `quota.hard["requests.nvidia.com/gpu"]`. */
  field: string;
  value: string;
  /** The English sentence; the renderer words `code` and `params` in the UI language. */
  message: string;
  code: PlanIssueCode;
  params: Record<string, string>;
}

export interface PlannedObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export type DryRunOutcome =
  | { state: 'ok'; action: 'create' | 'update' | 'unchanged' }
  | { state: 'waits-for-namespace' }
  | { state: 'failed'; error: AppError };

export interface PlannedObject {
  ref: PlannedObjectRef;
  yaml: string;
  dryRun: DryRunOutcome;
}

export interface TenantPreview {
  plan: TenantPlan;
  objects: PlannedObject[];
  /** Bindings this app wrote earlier that the plan no longer holds; applying deletes them. */
  deletions: PlannedObjectRef[];
  /** The combined YAML, documents separated by `---`. */
  yaml: string;
  /** Hash of `yaml`; apply refuses a plan whose objects differ from the preview. */
  digest: string;
  /** True when every dry run passed (or waits only for the namespace). */
  ready: boolean;
  /** Problems found before anything was sent; when present, nothing was dry-run and `objects` is empty. */
  issues: PlanIssue[];
}

export interface AppliedObject {
  ref: PlannedObjectRef;
  action: 'created' | 'updated' | 'deleted';
  /** The object as it was before, for a manual restore of an update or deletion. */
  previousYaml?: string;
}

export interface TenantApplyResult {
  applied: AppliedObject[];
  /** The object that failed and why; absent when everything was applied. */
  failed?: { ref: PlannedObjectRef; error: AppError };
  /** Objects not attempted after the failure. */
  remaining: PlannedObjectRef[];
  /** Commands that finish the change (apply the rest) or undo what was applied. */
  finish: string[];
  rollback: string[];
}
