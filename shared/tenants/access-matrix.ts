/** The rows and verbs of the access check: what matters to people who run AI work in a tenant. */
import type { AccessRowSpec, AccessVerb } from '../models/tenants';

const ALL_VERBS: readonly AccessVerb[] = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
// Exec and port-forward are opened with POST (create) by kubectl and with GET by WebSocket clients.
const CONNECT_VERBS: readonly AccessVerb[] = ['get', 'create'];

export const ACCESS_VERBS = ALL_VERBS;

export const ACCESS_ROWS: readonly AccessRowSpec[] = [
  { id: 'pods', group: '', resource: 'pods', verbs: ALL_VERBS },
  { id: 'pods/exec', group: '', resource: 'pods', subresource: 'exec', verbs: CONNECT_VERBS },
  { id: 'pods/portforward', group: '', resource: 'pods', subresource: 'portforward', verbs: CONNECT_VERBS },
  { id: 'jobs', group: 'batch', resource: 'jobs', verbs: ALL_VERBS },
  { id: 'pytorchjobs', group: 'kubeflow.org', resource: 'pytorchjobs', verbs: ALL_VERBS },
  { id: 'trainjobs', group: 'trainer.kubeflow.org', resource: 'trainjobs', verbs: ALL_VERBS },
  { id: 'workloads', group: 'kueue.x-k8s.io', resource: 'workloads', verbs: ALL_VERBS },
  { id: 'services', group: '', resource: 'services', verbs: ALL_VERBS },
  { id: 'secrets', group: '', resource: 'secrets', verbs: ALL_VERBS },
];
