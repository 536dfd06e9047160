/**
 * Owner objects of GPU pods (ReplicaSets, Jobs, PyTorchJobs, ...), read once
 * from the API server and kept by uid, so an idle GPU can be listed under the
 * workload a user knows. Lookups are synchronous; a miss starts a fetch and
 * `onLoaded` asks the view to recompute.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { OwnedMeta, OwnerLookup, OwnerReference } from '../../shared/gpu/owners';
import { kubeJson } from '../clusters/request';
import type { Logger } from '../log';

/** A failed read (gone, forbidden) is tried again after this long. */
const RETRY_MS = 5 * 60_000;
const MAX_ENTRIES = 5_000;

type Entry = { meta: OwnedMeta | undefined; at: number; loading: boolean };

/** The REST path of an owner: every workload kind we know pluralises by adding `s` to its lower-cased kind. */
export function ownerPath(namespace: string, owner: OwnerReference): string | undefined {
  if (!owner.apiVersion) return undefined;
  const base = owner.apiVersion === 'v1' ? '/api/v1' : `/apis/${owner.apiVersion}`;
  return `${base}/namespaces/${encodeURIComponent(namespace)}/${owner.kind.toLowerCase()}s/${encodeURIComponent(owner.name)}`;
}

export function createOwnerCache(kubeConfig: KubeConfig, log: Logger, onLoaded: () => void): OwnerLookup {
  const entries = new Map<string, Entry>();

  const load = (key: string, path: string, entry: Entry): void => {
    entry.loading = true;
    kubeJson<{ metadata?: OwnedMeta }>(kubeConfig, path)
      .then((object) => {
        entry.meta = object.metadata;
      })
      .catch((error: unknown) => {
        log.debug('owner not readable', { path, err: error });
        entry.meta = undefined;
      })
      .finally(() => {
        entry.loading = false;
        entry.at = Date.now();
        onLoaded();
      });
    entries.set(key, entry);
  };

  return (namespace, owner) => {
    const key = owner.uid ?? `${namespace}/${owner.kind}/${owner.name}`;
    const entry = entries.get(key);
    if (entry && (entry.loading || entry.meta || Date.now() - entry.at < RETRY_MS)) return entry.meta;
    const path = ownerPath(namespace, owner);
    if (!path) return undefined;
    if (entries.size >= MAX_ENTRIES) entries.clear();
    load(key, path, { meta: undefined, at: 0, loading: true });
    return undefined;
  };
}
