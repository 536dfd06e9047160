/**
 * The labels that make a namespace a tenant, and the Pod Security Admission
 * labels (pod-security.kubernetes.io/<mode>[-version]).
 */
import type { PodSecurityMode, PodSecurityView } from '../models/tenants';

/** Marks a namespace as (part of) a tenant; the value is the tenant's name. */
export const TENANT_LABEL = 'd.run/tenant';

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
  return key === TENANT_LABEL || key.startsWith(PSA_PREFIX);
}

/** Returns the tenant of a namespace from its tenant label. */
export function tenantOf(labels: Readonly<Record<string, string>> | undefined): string | undefined {
  return labels?.[TENANT_LABEL] || undefined;
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
