/** The merged kubeconfig as main reports it, and the edits the user asks for. */
import type { StateCreator } from 'zustand';
import type { Unsubscribe } from '../../../shared/contract';
import type { KubeconfigSnapshot } from '../../../shared/models/kubeconfig';
import type { AppError } from '../../../shared/result';
import type { AppState } from './app-store';
import type { Services } from './services';

export interface KubeconfigSlice {
  snapshot: KubeconfigSnapshot | undefined;
  /** Why the snapshot could not be loaded or stopped updating. */
  snapshotError: AppError | undefined;
  importing: boolean;
  importError: AppError | undefined;
  /** Path of the last file imported, for the success note. */
  lastImported: string | undefined;

  /** Loads the snapshot and follows changes; returns the unsubscribe of the change stream. */
  watchKubeconfig(): Unsubscribe;
  importFile(path: string): Promise<boolean>;
  /** Resolves with the error to show in the dialog, or undefined on success. */
  renameContext(id: string, newName: string, writeUserFile: boolean): Promise<AppError | undefined>;
  deleteContext(id: string, writeUserFile: boolean): Promise<AppError | undefined>;
}

export function createKubeconfigSlice(services: Services): StateCreator<AppState, [], [], KubeconfigSlice> {
  return (set) => ({
    snapshot: undefined,
    snapshotError: undefined,
    importing: false,
    importError: undefined,
    lastImported: undefined,

    watchKubeconfig: () => {
      void services.kubeconfig.snapshot({}).then((result) => {
        set(result.ok ? { snapshot: result.value, snapshotError: undefined } : { snapshotError: result.error });
      });
      return services.kubeconfig.onDidChange({}, (event) => {
        set(event.type === 'value' ? { snapshot: event.value, snapshotError: undefined } : { snapshotError: event.error });
      });
    },

    importFile: async (path) => {
      set({ importing: true, importError: undefined, lastImported: undefined });
      const result = await services.kubeconfig.importFile({ path });
      set(
        result.ok
          ? { importing: false, snapshot: result.value, lastImported: path }
          : { importing: false, importError: result.error },
      );
      return result.ok;
    },

    renameContext: async (id, newName, writeUserFile) => {
      const result = await services.kubeconfig.renameContext({ id, newName, writeUserFile });
      if (!result.ok) {
        return result.error;
      }
      set({ snapshot: result.value });
      return undefined;
    },

    deleteContext: async (id, writeUserFile) => {
      const result = await services.kubeconfig.deleteContext({ id, writeUserFile });
      if (!result.ok) {
        return result.error;
      }
      set({ snapshot: result.value });
      return undefined;
    },
  });
}
