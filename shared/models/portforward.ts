/**
 * Port-forward view models and the pure input checks behind the contract's
 * schemas. Main owns the sockets; the renderer only sees these snapshots.
 */
import type { AppError } from '../result';

/** What a forward points at: one pod, or a Service resolved to a Ready pod behind it. */
export interface ForwardTarget {
  kind: 'pod' | 'service';
  namespace: string;
  name: string;
  /** Container port (pod) or Service port (service): a number or a port name. */
  port: number | string;
}

/**
 * What the user sees of a forward:
 * - `starting`: listening, resolving the pod and checking access;
 * - `idle`: restored from the last run and listening; the pod is resolved on the first connection;
 * - `active`: new connections reach a Ready pod;
 * - `reconnecting`: the pod went away, is not Ready or was replaced; new connections wait for the next one;
 * - `failed`: the forward cannot work until the user acts (see `reason` and `error`);
 * - `stopped`: the listener is closed.
 */
export type ForwardPhase = 'starting' | 'idle' | 'active' | 'reconnecting' | 'failed' | 'stopped';

/** The pod that a forward's new connections reach. */
export interface ForwardPod {
  name: string;
  uid: string;
  /** Container port number after named-port and targetPort resolution. */
  port: number;
}

export interface ForwardState {
  id: string;
  contextId: string;
  target: ForwardTarget;
  /** Always 127.0.0.1. */
  localAddress: string;
  /** The port the listener holds; 0 only before it listens. */
  localPort: number;
  /** `http://127.0.0.1:<port>` for convenience; the forward carries any TCP protocol. */
  url: string;
  phase: ForwardPhase;
  /** Why the forward is reconnecting, failed or stopped, in a sentence. */
  reason?: string;
  error?: AppError;
  pod?: ForwardPod;
  /** Restored on the next start of the app. */
  keep: boolean;
  /** Open TCP connections now. */
  connections: number;
  /** TCP connections accepted since the forward started. */
  totalConnections: number;
  /** Connections that ended with an error from the cluster (refused, reset, Forbidden). */
  failedConnections: number;
  /** The cluster's message for the last connection that ended with an error, such as a refused port. */
  lastConnectionError?: string;
  /** Bytes from the local client to the pod. */
  bytesSent: number;
  /** Bytes from the pod to the local client. */
  bytesReceived: number;
  /** ISO time the forward was created. */
  startedAt: string;
}

/** What the app stores for a forward marked "keep". */
export interface KeptForward {
  contextId: string;
  target: ForwardTarget;
  localPort: number;
}

/** Ports below this need privileges on most systems, so a chosen local port must be 0 or at least this. */
export const MIN_UNPRIVILEGED_PORT = 1024;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const PORT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Returns a sentence naming the problem with a namespace name, or undefined when it is valid (RFC 1123 label). */
export function namespaceProblem(name: string): string | undefined {
  if (name.length > 63 || !DNS_LABEL.test(name)) {
    return `Namespace "${name}" is not a valid name; use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit.`;
  }
  return undefined;
}

/** Checks a pod name (RFC 1123 subdomain) or a Service name (RFC 1035 label). */
export function objectNameProblem(kind: ForwardTarget['kind'], name: string): string | undefined {
  if (kind === 'service') {
    if (name.length > 63 || !DNS_1035_LABEL.test(name)) {
      return `Service name "${name}" is not valid; use at most 63 lower-case letters, digits and '-', starting with a letter.`;
    }
    return undefined;
  }
  const labels = name.split('.');
  if (name.length > 253 || labels.some((label) => label.length > 63 || !DNS_LABEL.test(label))) {
    return `Pod name "${name}" is not valid; use at most 253 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit.`;
  }
  return undefined;
}

/** Checks a remote port: a number 1-65535 or an IANA_SVC_NAME (at most 15 characters, one letter at least). */
export function remotePortProblem(port: number | string): string | undefined {
  if (typeof port === 'number') {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      return `Port ${port} is out of range; use a number from 1 to 65535 or a port name.`;
    }
    return undefined;
  }
  if (/^[0-9]+$/.test(port)) {
    return remotePortProblem(Number(port));
  }
  if (port.length > 15 || !PORT_NAME.test(port) || !/[a-z]/.test(port) || port.includes('--')) {
    return `Port name "${port}" is not valid; use at most 15 lower-case letters, digits and single '-', with at least one letter.`;
  }
  return undefined;
}

/** Checks a local port: 0 (pick a free one) or 1024-65535. */
export function localPortProblem(port: number): string | undefined {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    return `Local port ${port} is out of range; use 0 for a free port or a number from ${MIN_UNPRIVILEGED_PORT} to 65535.`;
  }
  if (port !== 0 && port < MIN_UNPRIVILEGED_PORT) {
    return `Local port ${port} needs administrator rights; use 0 for a free port or a number from ${MIN_UNPRIVILEGED_PORT} to 65535.`;
  }
  return undefined;
}

/** A port given as digits becomes a number, so `"8888"` and `8888` name the same port. */
export function normalizeRemotePort(port: number | string): number | string {
  return typeof port === 'string' && /^[0-9]+$/.test(port) ? Number(port) : port;
}
