/** One-shot probes of a cluster: health, API discovery and the user's own permissions. */
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterCapabilities, ClusterHealth, PermissionCheck } from '../../shared/models/cluster';
import { kubeFetch, kubeJson, KubeRequestError } from './request';

/** Reads /version and /readyz and times the round trip of /version. */
export async function probeHealth(kc: KubeConfig, signal?: AbortSignal): Promise<ClusterHealth> {
  const started = performance.now();
  const version = await kubeJson<{ gitVersion: string }>(kc, '/version', signal ? { signal } : {});
  const latencyMs = Math.round(performance.now() - started);
  const readyz = await kubeFetch(kc, '/readyz', signal ? { signal } : {});
  const readyText = await readyz.text();
  return { version: version.gitVersion, ready: readyz.ok && readyText.trim() === 'ok', latencyMs, checkedAt: new Date().toISOString() };
}

interface ApiGroupList {
  groups: { name: string; versions: { version: string }[] }[];
}

function groupInfo(list: ApiGroupList, name: string): { group: string; versions: string[] } | undefined {
  const group = list.groups.find((candidate) => candidate.name === name);
  return group ? { group: group.name, versions: group.versions.map((v) => v.version) } : undefined;
}

/** Finds which AI platform APIs the server serves, from the aggregated /apis discovery document. */
export async function discoverCapabilities(kc: KubeConfig, signal?: AbortSignal): Promise<ClusterCapabilities> {
  const list = await kubeJson<ApiGroupList>(kc, '/apis', signal ? { signal } : {});
  const kueue = groupInfo(list, 'kueue.x-k8s.io');
  const kubeflowTraining = groupInfo(list, 'kubeflow.org');
  const kubeflowTrainer = groupInfo(list, 'trainer.kubeflow.org');
  const kserve = groupInfo(list, 'serving.kserve.io');
  return {
    ...(kueue ? { kueue } : {}),
    ...(kubeflowTraining ? { kubeflowTraining } : {}),
    ...(kubeflowTrainer ? { kubeflowTrainer } : {}),
    ...(kserve ? { kserve } : {}),
    // HAMi has no API group of its own; its scheduler extender publishes node annotations instead.
    hami: false,
    metrics: Boolean(groupInfo(list, 'metrics.k8s.io')),
  };
}

export interface AccessQuestion {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
}

/** The questions the Clusters and Overview screens need answered for the current user. */
export const BASE_ACCESS_QUESTIONS: AccessQuestion[] = [
  { verb: 'list', group: '', resource: 'nodes' },
  { verb: 'watch', group: '', resource: 'nodes' },
  { verb: 'list', group: '', resource: 'pods' },
  { verb: 'watch', group: '', resource: 'pods' },
  { verb: 'list', group: '', resource: 'namespaces' },
  { verb: 'create', group: '', resource: 'pods', subresource: 'exec' },
  { verb: 'create', group: '', resource: 'pods', subresource: 'portforward' },
];

interface SelfSubjectAccessReview {
  status?: { allowed: boolean; denied?: boolean; reason?: string };
}

/** Asks the API server, one SelfSubjectAccessReview per question, what the user may do. */
export async function reviewAccess(kc: KubeConfig, questions: AccessQuestion[], signal?: AbortSignal): Promise<PermissionCheck[]> {
  return Promise.all(
    questions.map(async (question) => {
      const review = await kubeJson<SelfSubjectAccessReview>(kc, '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        method: 'POST',
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes: { ...question } },
        },
        ...(signal ? { signal } : {}),
      });
      const allowed = review.status?.allowed ?? false;
      const reason = review.status?.reason;
      return { ...question, allowed, ...(reason ? { reason } : {}) };
    }),
  );
}

export { KubeRequestError };
