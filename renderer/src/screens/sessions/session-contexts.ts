/** The contexts the Sessions panels offer, and the namespace each panel starts with. */
import type { ClusterStatus } from '../../../../shared/models/cluster';
import type { KubeconfigSnapshot } from '../../../../shared/models/kubeconfig';

/** The cluster, namespace, Pod and container of the terminal and log forms. */
export interface SourceChoice {
  contextId: string;
  namespace: string;
  pod: string;
  /** Empty for the default container (terminals) or every container (logs). */
  container: string;
}

export interface SessionContext {
  id: string;
  name: string;
  /** The kubeconfig context's `namespace`, when it sets one. */
  namespace?: string;
}

/** Lists the connected contexts, each with the namespace its kubeconfig context sets. */
export function connectedContexts(statuses: Record<string, ClusterStatus>, snapshot: KubeconfigSnapshot | undefined): SessionContext[] {
  const namespaces = new Map(snapshot?.contexts.map((context) => [context.id, context.namespace]) ?? []);
  return Object.values(statuses)
    .filter((status) => status.state === 'connected')
    .map((status) => {
      const namespace = namespaces.get(status.contextId);
      return namespace === undefined ? { id: status.contextId, name: status.contextName } : { id: status.contextId, name: status.contextName, namespace };
    });
}

/** Returns the namespace kubectl would use for a context: its own `namespace`, else "default". */
export function defaultNamespace(contexts: SessionContext[], contextId: string): string {
  return contexts.find((context) => context.id === contextId)?.namespace ?? 'default';
}

/** Returns the first form value of the terminal and log panels: the first context, in its namespace. */
export function initialSource(contexts: SessionContext[]): SourceChoice {
  const contextId = contexts[0]?.id ?? '';
  return { contextId, namespace: defaultNamespace(contexts, contextId), pod: '', container: '' };
}
