/** Kubernetes name rules (k8s.io/apimachinery/pkg/util/validation), as plain checks that return the problem. */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Name rule that a value breaks. The renderer translates the rule, and main uses the English text. */
export type NameRule = 'empty' | 'too-long' | 'dns-label' | 'dns-subdomain' | 'label-value' | 'key-slashes' | 'key-prefix' | 'key-name' | 'dot' | 'slash';

export interface NameProblem {
  rule: NameRule;
  /** The limit a `too-long` problem refers to. */
  max?: number;
  /** English sentence fragment, read after the value: `"X" <text>`. */
  text: string;
}

const TEXT: Record<NameRule, string> = {
  empty: 'must not be empty',
  'too-long': 'is too long',
  'dns-label': 'may contain only lowercase letters, digits and "-", and must start and end with a letter or digit',
  'dns-subdomain': 'may contain only lowercase letters, digits, "-" and ".", and must start and end with a letter or digit',
  'label-value': 'may contain only letters, digits, "-", "_" and ".", and must start and end with a letter or digit',
  'key-slashes': 'may hold at most one "/" between a DNS prefix and a name',
  'key-prefix': 'has a prefix (before "/") that is not a lowercase DNS name',
  'key-name': 'needs a name part of 1 to 63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
  dot: 'may not be "." or ".."',
  slash: 'may not contain "/" or "%"',
};

function problem(rule: NameRule, max?: number, length?: number): NameProblem {
  const text = rule === 'too-long' ? `must be at most ${max} characters (it has ${length})` : TEXT[rule];
  return max === undefined ? { rule, text } : { rule, max, text };
}

/** Problem of a DNS-1123 label (namespace names), or undefined. */
export function dns1123LabelProblem(value: string): NameProblem | undefined {
  if (value.length === 0) return problem('empty');
  if (value.length > 63) return problem('too-long', 63, value.length);
  if (!DNS1123_LABEL.test(value)) return problem('dns-label');
  return undefined;
}

/** Problem of a DNS-1123 subdomain (most object names), or undefined. */
export function dns1123SubdomainProblem(value: string): NameProblem | undefined {
  if (value.length === 0) return problem('empty');
  if (value.length > 253) return problem('too-long', 253, value.length);
  if (!DNS1123_SUBDOMAIN.test(value)) return problem('dns-subdomain');
  return undefined;
}

/** Problem of a label value, or undefined. */
export function labelValueProblem(value: string): NameProblem | undefined {
  if (value.length > 63) return problem('too-long', 63, value.length);
  if (!LABEL_VALUE.test(value)) return problem('label-value');
  return undefined;
}

/** Problem of a label key or resource name (`[prefix/]name`), or undefined. */
export function labelKeyProblem(key: string): NameProblem | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return problem('key-slashes');
  if (parts.length === 2 && dns1123SubdomainProblem(parts[0] ?? '')) return problem('key-prefix');
  const name = parts[parts.length - 1] ?? '';
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) return problem('key-name');
  return undefined;
}

/** Problem of a path segment name (Role and ClusterRole names), or undefined. */
export function pathSegmentProblem(value: string): NameProblem | undefined {
  if (value.length === 0) return problem('empty');
  if (value === '.' || value === '..') return problem('dot');
  if (value.includes('/') || value.includes('%')) return problem('slash');
  return undefined;
}

/** Turns any text into a DNS-1123 label fragment, for names the app derives (binding names). */
export function toNameFragment(value: string, maxLength = 40): string {
  const cleaned = value.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
  return cleaned.slice(0, maxLength).replace(/-$/, '') || 'x';
}
