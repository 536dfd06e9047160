import { z } from 'zod';
import { defineContract, method, stream } from '../contract';
import type { AccessMatrix, TenantApplyResult, TenantPlan, TenantPreview, TenantsView } from '../models/tenants';

const contextId = z.string().min(1).max(4096);
const shortText = z.string().max(253);
const quantityMap = z.record(z.string().max(253), z.string().max(64));

const subject = z.object({
  kind: z.enum(['User', 'Group', 'ServiceAccount']),
  name: z.string().min(1).max(253),
  namespace: z.string().max(63).optional(),
  /** Extra groups of a User, for a review that matches how the user logs in. */
  groups: z.array(z.string().max(253)).max(32).optional(),
});

/** A tenant plan as the create/edit step sends it; names and quantities are checked in main, with field names. */
export const tenantPlanSchema: z.ZodType<TenantPlan> = z.object({
  tenant: shortText,
  namespace: shortText,
  labels: z.record(z.string().max(317), z.string().max(63)),
  podSecurity: z.object({
    enforce: z.enum(['privileged', 'baseline', 'restricted']).optional(),
    audit: z.enum(['privileged', 'baseline', 'restricted']).optional(),
    warn: z.enum(['privileged', 'baseline', 'restricted']).optional(),
  }),
  quota: z.object({ name: shortText, hard: quantityMap }).optional(),
  limitRange: z.object({ name: shortText, default: quantityMap, defaultRequest: quantityMap, max: quantityMap }).optional(),
  localQueue: z.object({ name: shortText, clusterQueue: shortText }).optional(),
  members: z
    .array(
      z.object({
        kind: z.enum(['User', 'Group', 'ServiceAccount']),
        name: z.string().max(253),
        namespace: z.string().max(63).optional(),
        roleKind: z.enum(['ClusterRole', 'Role']),
        role: z.string().max(253),
      }),
    )
    .max(200),
}) as z.ZodType<TenantPlan>;

/** The Tenants screen: tenants and what the user can see of them, access checks, and the reviewed create/edit step. */
export const tenantsContract = defineContract('tenants', {
  /**
   * Tenants of a context, live. `namespaces` adds namespaces to look at when
   * the user may not list namespaces (the context's namespace is always included).
   */
  view: stream<TenantsView>()(z.object({ contextId, namespaces: z.array(z.string().max(63)).max(100).default([]) })),
  /**
   * The access matrix for a subject (SubjectAccessReview; needs create on
   * subjectaccessreviews) or, without one, for the current user (SelfSubjectAccessReview).
   */
  accessMatrix: method<AccessMatrix>()(z.object({ contextId, namespace: z.string().min(1).max(63), subject: subject.optional() })),
  /** The plan that reproduces an existing namespace as a tenant, as the edit step's start. */
  loadPlan: method<TenantPlan>()(z.object({ contextId, namespace: z.string().min(1).max(63) })),
  /**
   * Validates the plan, then dry-runs every object with server-side apply.
   * @throws InvalidInput listing every field at fault before anything is sent.
   */
  preview: method<TenantPreview>()(z.object({ contextId, plan: tenantPlanSchema })),
  /**
   * Applies the plan with server-side apply (field manager drun-desktop), in
   * order, stopping at the first failure; `digest` must match the preview.
   */
  apply: method<TenantApplyResult>()(z.object({ contextId, plan: tenantPlanSchema, digest: z.string().min(1).max(128) })),
});
