/**
 * Collects the keys that watch events replaced between two computes, per
 * resource, so an incremental builder derives only those. A list (an event
 * without a key) or a fresh log means "everything": the next compute walks
 * all objects.
 */
import type { ObjectChanges } from './overview-builder';

type Resource = keyof ObjectChanges;

export interface ChangeLog {
  /** Records a change of `key` in `resource`, or of everything when `key` is undefined. */
  note(resource: Resource, key: string | undefined): void;
  /** Returns the changes since the last take() and starts a new log. */
  take(): ObjectChanges;
}

export function createChangeLog(): ChangeLog {
  // Nothing has been computed yet, so the first compute walks everything.
  let changes: { nodes: Set<string> | 'all'; pods: Set<string> | 'all' } = { nodes: 'all', pods: 'all' };
  return {
    note(resource, key) {
      const keys = changes[resource];
      if (keys === 'all') return;
      if (key === undefined) changes[resource] = 'all';
      else keys.add(key);
    },
    take() {
      const since = changes;
      changes = { nodes: new Set(), pods: new Set() };
      return since;
    },
  };
}
