/**
 * The Tenants screen's state: the live view of one context, the namespaces a
 * tenant user added by name (remembered per context), the access check, and
 * the create/edit → review → apply step. A store of its own, React-free, built
 * once per connection to main.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ContractClient, Unsubscribe } from '../../../../shared/contract';
import { tenantsContract } from '../../../../shared/contracts';
import type { AccessMatrix, PlanIssue, Subject, TenantApplyResult, TenantPlan, TenantPreview, TenantsView } from '../../../../shared/models/tenants';
import type { AppError } from '../../../../shared/result';
import type { Services } from '../../store/services';

export type TenantsClient = ContractClient<typeof tenantsContract>;

export type EditorStep =
  | { step: 'closed' }
  | { step: 'loading'; namespace: string }
  | { step: 'form'; mode: 'create' | 'edit'; plan: TenantPlan; error?: AppError; issues?: PlanIssue[] }
  | { step: 'previewing'; mode: 'create' | 'edit'; plan: TenantPlan }
  | { step: 'review'; mode: 'create' | 'edit'; plan: TenantPlan; preview: TenantPreview }
  | { step: 'applying'; mode: 'create' | 'edit'; plan: TenantPlan; preview: TenantPreview }
  | { step: 'result'; plan: TenantPlan; result: TenantApplyResult; error?: AppError };

export interface AccessState {
  namespace: string;
  subject: (Subject & { groups?: string[] }) | undefined;
  running: boolean;
  matrix?: AccessMatrix;
  error?: AppError;
}

export interface TenantsState {
  contextId: string | undefined;
  view: TenantsView | undefined;
  viewError: AppError | undefined;
  /** Namespaces added by name, per context id. */
  added: Record<string, string[]>;
  editor: EditorStep;
  access: AccessState | undefined;

  selectContext(contextId: string): void;
  watch(contextId: string): Unsubscribe;
  addNamespace(namespace: string): void;
  removeNamespace(namespace: string): void;
  openCreate(plan: TenantPlan): void;
  openEdit(namespace: string): Promise<void>;
  updatePlan(plan: TenantPlan): void;
  review(plan: TenantPlan): Promise<void>;
  backToForm(): void;
  apply(): Promise<void>;
  closeEditor(): void;
  openAccess(namespace: string): void;
  checkAccess(subject: (Subject & { groups?: string[] }) | undefined): Promise<void>;
  closeAccess(): void;
}

export type TenantsStore = StoreApi<TenantsState>;

const ADDED_KEY = 'drun.tenants.addedNamespaces';

function readAdded(storage: Pick<Storage, 'getItem'>): Record<string, string[]> {
  try {
    const parsed = JSON.parse(storage.getItem(ADDED_KEY) ?? '{}') as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string[]>) : {};
  } catch (error) {
    console.warn('d.run: ignoring unreadable remembered namespaces', error);
    return {};
  }
}

export function createTenantsStore(client: TenantsClient, storage: Pick<Storage, 'getItem' | 'setItem'>): TenantsStore {
  return createStore<TenantsState>()((set, get) => {
    const saveAdded = (added: Record<string, string[]>) => {
      storage.setItem(ADDED_KEY, JSON.stringify(added));
      set({ added });
    };
    const mode = (): 'create' | 'edit' => {
      const editor = get().editor;
      return 'mode' in editor ? editor.mode : 'create';
    };

    return {
      contextId: undefined,
      view: undefined,
      viewError: undefined,
      added: readAdded(storage),
      editor: { step: 'closed' },
      access: undefined,

      selectContext: (contextId) => set({ contextId }),

      watch: (contextId) => {
        set((state) => ({ view: state.view?.contextId === contextId ? state.view : undefined, viewError: undefined }));
        const namespaces = get().added[contextId] ?? [];
        return client.view({ contextId, namespaces }, (event) => {
          set(event.type === 'value' ? { view: event.value, viewError: undefined } : { viewError: event.error });
        });
      },

      addNamespace: (namespace) => {
        const { contextId, added } = get();
        if (!contextId || namespace.length === 0) return;
        const list = added[contextId] ?? [];
        if (!list.includes(namespace)) saveAdded({ ...added, [contextId]: [...list, namespace] });
      },

      removeNamespace: (namespace) => {
        const { contextId, added } = get();
        if (!contextId) return;
        saveAdded({ ...added, [contextId]: (added[contextId] ?? []).filter((name) => name !== namespace) });
      },

      openCreate: (plan) => set({ editor: { step: 'form', mode: 'create', plan } }),

      openEdit: async (namespace) => {
        const { contextId } = get();
        if (!contextId) return;
        set({ editor: { step: 'loading', namespace } });
        const result = await client.loadPlan({ contextId, namespace });
        set({ editor: result.ok ? { step: 'form', mode: 'edit', plan: result.value } : { step: 'form', mode: 'edit', plan: emptyPlan(namespace), error: result.error } });
      },

      updatePlan: (plan) => {
        const editor = get().editor;
        if (editor.step === 'form') set({ editor: { step: 'form', mode: editor.mode, plan } });
      },

      review: async (plan) => {
        const { contextId } = get();
        if (!contextId) return;
        const current = mode();
        set({ editor: { step: 'previewing', mode: current, plan } });
        const result = await client.preview({ contextId, plan });
        if (!result.ok) {
          set({ editor: { step: 'form', mode: current, plan, error: result.error } });
          return;
        }
        // Issues found by main (roles or queues that do not exist) send the user back to the form, nothing applied.
        set({ editor: result.value.issues.length > 0
          ? { step: 'form', mode: current, plan, issues: result.value.issues }
          : { step: 'review', mode: current, plan, preview: result.value } });
      },

      backToForm: () => {
        const editor = get().editor;
        if (editor.step === 'review') set({ editor: { step: 'form', mode: editor.mode, plan: editor.plan } });
      },

      apply: async () => {
        const { contextId, editor } = get();
        if (!contextId || editor.step !== 'review') return;
        set({ editor: { ...editor, step: 'applying' } });
        const result = await client.apply({ contextId, plan: editor.plan, digest: editor.preview.digest });
        set({
          editor: result.ok
            ? { step: 'result', plan: editor.plan, result: result.value }
            : { step: 'result', plan: editor.plan, result: { applied: [], remaining: [], finish: [], rollback: [] }, error: result.error },
        });
      },

      closeEditor: () => set({ editor: { step: 'closed' } }),

      openAccess: (namespace) => set({ access: { namespace, subject: undefined, running: false } }),

      checkAccess: async (subject) => {
        const { contextId, access } = get();
        if (!contextId || !access) return;
        set({ access: { namespace: access.namespace, subject, running: true } });
        const result = await client.accessMatrix({ contextId, namespace: access.namespace, ...(subject ? { subject } : {}) });
        if (get().access?.namespace !== access.namespace) return;
        set({ access: { namespace: access.namespace, subject, running: false, ...(result.ok ? { matrix: result.value } : { error: result.error }) } });
      },

      closeAccess: () => set({ access: undefined }),
    };
  });
}

/** Returns a new tenant's starting plan: baseline enforced, restricted warned, a GPU quota and container defaults. */
export function emptyPlan(namespace = ''): TenantPlan {
  return {
    tenant: namespace,
    namespace,
    labels: {},
    podSecurity: { enforce: 'baseline', warn: 'restricted' },
    quota: { name: 'tenant-quota', hard: { 'requests.nvidia.com/gpu': '4', 'requests.cpu': '32', 'requests.memory': '128Gi', pods: '50' } },
    limitRange: { name: 'tenant-limits', default: { cpu: '1', memory: '2Gi' }, defaultRequest: { cpu: '250m', memory: '512Mi' }, max: {} },
    members: [],
  };
}

/** localStorage, or memory when the browser refuses storage; the list then lasts for this window only. */
function safeStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const memory = new Map<string, string>();
  return {
    getItem: (key) => {
      try {
        return window.localStorage.getItem(key);
      } catch (error) {
        console.warn('d.run: storage is not available', error);
        return memory.get(key) ?? null;
      }
    },
    setItem: (key, value) => {
      memory.set(key, value);
      try {
        window.localStorage.setItem(key, value);
      } catch (error) {
        console.warn('d.run: could not remember the added namespaces', error);
      }
    },
  };
}

const stores = new WeakMap<Services, TenantsStore>();

/** The one Tenants store of a connection to main. */
export function tenantsStoreFor(services: Services): TenantsStore {
  let store = stores.get(services);
  if (!store) {
    store = createTenantsStore(services.transport.connection.client(tenantsContract), safeStorage());
    stores.set(services, store);
  }
  return store;
}
