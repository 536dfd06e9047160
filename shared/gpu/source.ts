/**
 * Checks of a metrics source the user typed, shared by the contract's
 * schema and the settings form, so both say the same sentence.
 */
import type { MetricsSource } from '../models/gpu';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why a direct Prometheus URL cannot be used, or undefined when it can. */
export function metricsUrlProblem(text: string): string | undefined {
  // shared/ has no URL class (no DOM or Node types), so the few rules are checked by hand.
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(text)?.[1];
  if (!scheme) return `"${text}" is not a URL; write it like http://127.0.0.1:9090.`;
  if (scheme !== 'http' && scheme !== 'https') return `The URL must start with http:// or https://, not ${scheme}://.`;
  const rest = text.slice(scheme.length + 3);
  const authority = /^[^/?#]*/.exec(rest)?.[0] ?? '';
  if (authority.includes('@')) return 'Put no user name or password in the URL; use a tunnel or proxy that adds them.';
  if (!/^(\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9.-]+)(:[0-9]{1,5})?$/.test(authority)) return `"${authority}" is not a valid host and port.`;
  const port = /:([0-9]+)$/.exec(authority)?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return `Port ${port} is not a TCP port (1 to 65535).`;
  if (/[?#\s]/.test(rest)) return 'Give the Prometheus base URL without a query, fragment or spaces, like http://127.0.0.1:9090.';
  return undefined;
}

/** Why a Service reference cannot be used, or undefined when it can. */
export function serviceSourceProblem(source: { namespace: string; name: string; port: number | string }): string | undefined {
  if (!DNS_LABEL.test(source.namespace) || source.namespace.length > 63) return `Namespace "${source.namespace}" is not a valid namespace name.`;
  if (!DNS_LABEL.test(source.name) || source.name.length > 63) return `Service "${source.name}" is not a valid Service name.`;
  if (typeof source.port === 'number' && (!Number.isInteger(source.port) || source.port < 1 || source.port > 65535)) {
    return `Port ${source.port} is not a TCP port (1 to 65535).`;
  }
  if (typeof source.port === 'string' && !DNS_LABEL.test(source.port)) return `Port "${source.port}" is neither a number nor a port name.`;
  return undefined;
}

/** The source in words, as the status line shows it. */
export function describeSource(source: MetricsSource): string | undefined {
  switch (source.kind) {
    case 'none':
      return undefined;
    case 'url':
      return source.url;
    case 'service':
      return `${source.namespace}/${source.name}:${source.port} (${source.via})`;
  }
}

/** A base URL with one trailing slash removed, so paths can be appended. */
export function trimBaseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}
