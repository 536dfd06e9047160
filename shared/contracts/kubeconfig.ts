import { z } from 'zod';
import { defineContract, method, stream } from '../contract';
import type { KubeconfigSnapshot } from '../models/kubeconfig';

const contextId = z.string().min(1).max(4096);

/** kubeconfig files: the merged view, imports, and edits of the app's own store or a user's file. */
export const kubeconfigContract = defineContract('kubeconfig', {
  /** Returns the merged view of KUBECONFIG (or ~/.kube/config) plus imported files. */
  snapshot: method<KubeconfigSnapshot>()(z.object({})),
  /** Copies a kubeconfig file into the app's own store; the original is only read. Rejects files that do not parse. */
  importFile: method<KubeconfigSnapshot>()(z.object({ path: z.string().min(1).max(4096) })),
  /**
   * Renames a context. Contexts of imported files change in the app's store; a user's own
   * file changes only with `writeUserFile`, atomically and after a backup.
   */
  renameContext: method<KubeconfigSnapshot>()(
    z.object({ id: contextId, newName: z.string().min(1).max(253), writeUserFile: z.boolean().default(false) }),
  ),
  /** Deletes a context (and nothing else), with the same store/user-file rule as renameContext. */
  deleteContext: method<KubeconfigSnapshot>()(
    z.object({ id: contextId, writeUserFile: z.boolean().default(false) }),
  ),
  /** Pushes a new snapshot whenever a source file changes on disk or through the app. */
  onDidChange: stream<KubeconfigSnapshot>()(z.object({})),
});
