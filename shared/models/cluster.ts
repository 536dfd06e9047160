/** View models of cluster connections: health, discovery and permissions. */
import type { AppError } from '../result';

export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'error';

export interface ClusterHealth {
  /** gitVersion from /version. */
  version: string;
  /** True when /readyz answered ok. */
  ready: boolean;
  /** Round trip of the last probe in milliseconds. */
  latencyMs: number;
  /** ISO time of the last successful probe. */
  checkedAt: string;
}

/** Which AI platform APIs the server serves, found by API discovery. */
export interface ClusterCapabilities {
  kueue?: { group: string; versions: string[] };
  kubeflowTraining?: { group: string; versions: string[] };
  kubeflowTrainer?: { group: string; versions: string[] };
  kserve?: { group: string; versions: string[] };
  hami: boolean;
  metrics: boolean;
}

export interface PermissionCheck {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  allowed: boolean;
  reason?: string;
}

export interface ClusterStatus {
  contextId: string;
  contextName: string;
  state: ConnectionState;
  health?: ClusterHealth;
  capabilities?: ClusterCapabilities;
  permissions?: PermissionCheck[];
  error?: AppError;
}
