/**
 * The labels that make a namespace a tenant, and the Pod Security Admission
 * labels (pod-security.kubernetes.io/<mode>[-version]).
 */
import type { PodSecurityMode, PodSecurityView } from '../models/tenants';

/** Marks a namespace as (part of) a tenant; the value is the tenant's name. */
export const TENANT_LABEL = 'd.run/tenant';

/**
 * Older spelling of the tenant label, still read so namespaces labelled by
 * earlier scripts count as tenants; the app writes only {@link TENANT_LABEL}.
 */
export const LEGACY_TENANT_LABELS: readonly string[] = ['drun.io/tenant'];

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const FIELD_MANAGER = 'drun-desktop';

export const POD_SECURITY_MODES: readonly PodSecurityMode[] = ['enforce', 'audit', 'warn'];
export const POD_SECURITY_LEVELS = ['privileged', 'baseline', 'restricted'] as const;
const PSA_PREFIX = 'pod-security.kubernetes.io/';

export function podSecurityLabel(mode: PodSecurityMode): string {
  return `${PSA_PREFIX}${mode}`;
}

export function podSecurityVersionLabel(mode: PodSecurityMode): string {
  return `${PSA_PREFIX}${mode}-version`;
}

/** True for label keys the plan sets through its own fields, so free labels may not override them. */
export function isReservedLabel(key: string): boolean {
  return key === TENANT_LABEL || LEGACY_TENANT_LABELS.includes(key) || key.startsWith(PSA_PREFIX);
}

/** Returns the tenant of a namespace from the current label or a legacy one. */
export function tenantOf(labels: Readonly<Record<string, string>> | undefined): string | undefined {
  if (!labels) {
    return undefined;
  }
  const current = labels[TENANT_LABEL];
  if (current) {
    return current;
  }
  for (const key of LEGACY_TENANT_LABELS) {
    if (labels[key]) {
      return labels[key];
    }
  }
  return undefined;
}

/** Reads the Pod Security labels of a namespace; modes without a label are absent. */
export function readPodSecurity(labels: Readonly<Record<string, string>> | undefined): PodSecurityView {
  const view: PodSecurityView = {};
  for (const mode of POD_SECURITY_MODES) {
    const level = labels?.[podSecurityLabel(mode)];
    if (level) {
      const version = labels?.[podSecurityVersionLabel(mode)];
      view[mode] = version ? { level, version } : { level };
    }
  }
  return view;
}

/** Namespaces the control plane owns; they are never offered for adoption. */
export function isSystemNamespace(name: string): boolean {
  return name === 'kube-system' || name === 'kube-public' || name === 'kube-node-lease' || name.startsWith('kube-');
}
