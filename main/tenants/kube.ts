/**
 * The few API calls the tenants service makes outside the watch cache:
 * access reviews, rules reviews, single reads that may be forbidden, and
 * server-side apply with our field manager.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { collectionPath, objectPath, type GroupVersionResource } from '../../shared/k8s/gvr';
import type { KubeObject } from '../../shared/k8s/object';
import { FIELD_MANAGER } from '../../shared/tenants/labels';
import type { PolicyRule, ResourceAttributes } from '../../shared/tenants/rbac';
import { kubeJson, KubeRequestError } from '../clusters/request';

const AUTHZ = '/apis/authorization.k8s.io/v1';

export interface ReviewAnswer {
  allowed: boolean;
  reason?: string;
}

interface ReviewStatus {
  status?: { allowed?: boolean; reason?: string };
}

function answer(review: ReviewStatus): ReviewAnswer {
  const reason = review.status?.reason;
  return { allowed: review.status?.allowed ?? false, ...(reason ? { reason } : {}) };
}

function resourceAttributes(attributes: ResourceAttributes, namespace: string | undefined): Record<string, string> {
  return {
    verb: attributes.verb,
    group: attributes.group,
    resource: attributes.resource,
    ...(attributes.subresource ? { subresource: attributes.subresource } : {}),
    ...(namespace ? { namespace } : {}),
  };
}

/** Asks the server whether the current user may do something (SelfSubjectAccessReview). */
export async function selfAccess(kc: KubeConfig, attributes: ResourceAttributes, namespace?: string, signal?: AbortSignal): Promise<ReviewAnswer> {
  const review = await kubeJson<ReviewStatus>(kc, `${AUTHZ}/selfsubjectaccessreviews`, {
    method: 'POST',
    body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: resourceAttributes(attributes, namespace) } },
    ...(signal ? { signal } : {}),
  });
  return answer(review);
}

/** Asks the server whether another user may do something (SubjectAccessReview); needs create on subjectaccessreviews. */
export async function subjectAccess(
  kc: KubeConfig,
  user: { name: string; groups: readonly string[] },
  attributes: ResourceAttributes,
  namespace: string,
  signal?: AbortSignal,
): Promise<ReviewAnswer> {
  const review = await kubeJson<ReviewStatus>(kc, `${AUTHZ}/subjectaccessreviews`, {
    method: 'POST',
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: { ...(user.name ? { user: user.name } : {}), groups: [...user.groups], resourceAttributes: resourceAttributes(attributes, namespace) },
    },
    ...(signal ? { signal } : {}),
  });
  return answer(review);
}

/** Lists the rules the current user has in one namespace (SelfSubjectRulesReview). The list may be incomplete, so it only guides which watches to open. */
export async function selfRules(kc: KubeConfig, namespace: string, signal?: AbortSignal): Promise<{ rules: PolicyRule[]; incomplete: boolean }> {
  const review = await kubeJson<{ status?: { resourceRules?: PolicyRule[]; incomplete?: boolean } }>(kc, `${AUTHZ}/selfsubjectrulesreviews`, {
    method: 'POST',
    body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace } },
    ...(signal ? { signal } : {}),
  });
  return { rules: review.status?.resourceRules ?? [], incomplete: review.status?.incomplete ?? false };
}

/** Returns the current user's name and groups as the API server authenticated them (SelfSubjectReview). */
export async function whoAmI(kc: KubeConfig, signal?: AbortSignal): Promise<{ name: string; groups: string[] }> {
  const review = await kubeJson<{ status?: { userInfo?: { username?: string; groups?: string[] } } }>(kc, '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
    method: 'POST',
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    ...(signal ? { signal } : {}),
  });
  return { name: review.status?.userInfo?.username ?? '', groups: review.status?.userInfo?.groups ?? [] };
}

/** Result of a read where 404 and 403 are expected outcomes, not errors. */
export type ReadResult<T> = { state: 'found'; object: T } | { state: 'missing' } | { state: 'forbidden' };

export async function readObject<T extends KubeObject>(kc: KubeConfig, gvr: GroupVersionResource, name: string, namespace?: string): Promise<ReadResult<T>> {
  try {
    return { state: 'found', object: await kubeJson<T>(kc, objectPath(gvr, name, namespace)) };
  } catch (error) {
    if (error instanceof KubeRequestError && error.code === 404) return { state: 'missing' };
    if (error instanceof KubeRequestError && error.code === 403) return { state: 'forbidden' };
    throw error;
  }
}

export async function listObjects<T extends KubeObject>(
  kc: KubeConfig,
  gvr: GroupVersionResource,
  namespace?: string,
  labelSelector?: string,
): Promise<ReadResult<T[]>> {
  try {
    const list = await kubeJson<{ items: T[] }>(kc, collectionPath(gvr, namespace), { query: { labelSelector } });
    return { state: 'found', object: list.items };
  } catch (error) {
    if (error instanceof KubeRequestError && error.code === 404) return { state: 'missing' };
    if (error instanceof KubeRequestError && error.code === 403) return { state: 'forbidden' };
    throw error;
  }
}

/**
 * Server-side apply of one object with field manager drun-desktop. Forcing
 * takes over fields another manager set: the user reviewed exactly these values.
 */
export async function serverSideApply<T extends KubeObject>(kc: KubeConfig, gvr: GroupVersionResource, object: KubeObject, dryRun: boolean): Promise<T> {
  return kubeJson<T>(kc, objectPath(gvr, object.metadata.name, object.metadata.namespace), {
    method: 'PATCH',
    contentType: 'application/apply-patch+yaml',
    query: { fieldManager: FIELD_MANAGER, force: true, ...(dryRun ? { dryRun: 'All' } : {}) },
    // JSON is YAML, so the apply patch is the object as JSON.
    body: object,
  });
}

export async function deleteObject(kc: KubeConfig, gvr: GroupVersionResource, name: string, namespace?: string): Promise<void> {
  await kubeJson(kc, objectPath(gvr, name, namespace), { method: 'DELETE' });
}

/** Runs `work` over `items` with at most `limit` calls in flight, keeping the order of results. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
