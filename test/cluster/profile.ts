/**
 * What a cluster profile contributes to the launcher. The launcher owns the
 * control plane, PKI, users (admin, alice, bob), the tenant namespace team-a
 * with its RBAC, and kwok; a profile owns the objects seeded into the cluster
 * and the local servers that pods are routed to.
 *
 * The launcher loads `profiles/<name>/index.ts`, whose default export is a
 * `Profile`.
 *
 * Routing pods to local processes: kwok matches its namespaced Logs, Attach
 * and PortForward objects to a pod by namespace and name (not by labels), so
 * `routePod` creates one of each, named like the pod, after the profile has
 * created it. Every pod without a route still gets the cluster-wide defaults:
 * `exec` runs a local shell in a scratch folder (as user nobody when the
 * launcher runs as root), and `logs`/`attach` read the run folder's
 * `pod-logs/default.log`. Nothing is ever routed to a pod IP.
 */

import type { ClusterPorts } from './config';

export type ProfileName = 'test' | 'demo' | 'scale';

export const profileNames: readonly ProfileName[] = ['test', 'demo', 'scale'];

/** Where kwok sends a pod's streams. */
export interface PodRoute {
  namespace: string;
  name: string;
  /** Pod port to a local server on 127.0.0.1. */
  ports?: Array<{ podPort: number; localPort: number }>;
  /**
   * File that `logs` and `attach` read; `logs -f` follows lines appended to
   * it. Defaults to `<runDir>/pod-logs/<namespace>/<name>.log`, created empty.
   */
  logsFile?: string;
}

/** Readiness check for a managed process, polled until it returns HTTP 200. */
export interface ReadyProbe {
  url: string;
  /** Maximum wait in milliseconds; defaults to 60 000. */
  timeoutMs?: number;
}

/** Everything a profile may need from a starting cluster. */
export interface ClusterContext {
  profile: ProfileName;
  /** The run folder: logs/, pki/, kubeconfig/, pod-logs/. */
  runDir: string;
  /** Folder of the kubeconfig files the launcher printed (admin, alice, bob). */
  kubeconfigDir: string;
  adminKubeconfig: string;
  /** Folder of the built binaries (kubectl, kube-apiserver, etcd, kwok). */
  binDir: string;
  /** Read-only source folder of the kwok module (CRDs, stages, metric presets). */
  kwokDir: string;
  ports: ClusterPorts;
  /** Runs the built kubectl as admin and returns stdout; rejects with the command and its stderr on failure. */
  kubectl(args: string[], options?: { input?: string }): Promise<string>;
  /** Server-side applies objects as admin (JSON-serialisable manifests). */
  apply(objects: object[]): Promise<void>;
  /** Waits until the controller manager has created the `default` ServiceAccount; pods are rejected before that. */
  waitForServiceAccount(namespace: string): Promise<void>;
  /**
   * Starts a process that the launcher stops again on `down`, on failure and on
   * Ctrl-C; output goes to `<runDir>/logs/<name>.log`. With `ready`, resolves
   * once the probe returns HTTP 200, and rejects naming the command and log if the
   * process exits first.
   */
  spawnManaged(
    name: string,
    command: string,
    args: string[],
    options?: { env?: Record<string, string>; cwd?: string; ready?: ReadyProbe },
  ): Promise<void>;
  /** Routes a pod's logs, attach and port-forward; returns the log file it reads. */
  routePod(route: PodRoute): Promise<{ logsFile: string }>;
  /** Publishes a fact for tests and `status` (e.g. a server URL); stored in the state file. */
  publish(key: string, value: string): void;
}

export interface Profile {
  name: ProfileName;
  /** One line for `status` and `up --help`. */
  description: string;
  /**
   * Profiles whose objects this one also creates, with the same names, so a
   * running cluster of this profile can serve their tests. `ensureCluster`
   * reuses a running cluster only if it is the requested profile or lists it here.
   */
  includes: ProfileName[];
  /**
   * kwok stage presets, as folders under `<kwokDir>/kustomize/`. Defaults to
   * `['stage/fast']`: nodes Ready at once with lease heartbeats, pods Running
   * at once, Job pods Succeeded at once.
   */
  kwokStages?: string[];
  /** Starts the profile's local servers with `spawnManaged`; called once kwok is ready. */
  startLocalServers(context: ClusterContext): Promise<void>;
  /** Creates the profile's objects and routes its pods; called after `startLocalServers`. */
  seed(context: ClusterContext): Promise<void>;
}
