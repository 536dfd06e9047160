/**
 * Picks the Services that look like a Prometheus server: named prometheus*,
 * the Prometheus Operator's `prometheus-operated`, or labelled as Prometheus
 * (`app.kubernetes.io/name=prometheus`, `app=prometheus`, a `prometheus`
 * label). Exporters, Alertmanager, the operator itself and push gateways are
 * left out, as they serve no query API.
 */
import type { SourceCandidate } from '../models/gpu';

export interface ServiceLike {
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: { ports?: { name?: string; port: number; protocol?: string }[] };
}

const NOT_A_SERVER = /(exporter|alertmanager|operator|pushgateway|adapter|kube-state-metrics|grafana|blackbox)/;
const WEB_PORT_NAMES = ['web', 'http-web', 'http', 'prometheus'];
const RANK: Record<SourceCandidate['reason'], number> = { operator: 0, name: 1, label: 2 };

export function detectPrometheusServices(services: readonly ServiceLike[]): SourceCandidate[] {
  const candidates: SourceCandidate[] = [];
  for (const service of services) {
    const reason = whyPrometheus(service);
    const port = reason ? webPort(service) : undefined;
    if (!reason || port === undefined) continue;
    candidates.push({ namespace: service.metadata.namespace ?? 'default', name: service.metadata.name, port, reason });
  }
  return candidates.sort((a, b) => RANK[a.reason] - RANK[b.reason] || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

function whyPrometheus(service: ServiceLike): SourceCandidate['reason'] | undefined {
  const { name, labels = {} } = service.metadata;
  if (NOT_A_SERVER.test(name)) return undefined;
  if (name === 'prometheus-operated') return 'operator';
  if (name.startsWith('prometheus') || name.endsWith('-prometheus')) return 'name';
  const labelled = labels['app.kubernetes.io/name'] === 'prometheus' || labels['app'] === 'prometheus' || 'prometheus' in labels || labels['operated-prometheus'] === 'true';
  return labelled ? 'label' : undefined;
}

function webPort(service: ServiceLike): number | undefined {
  const ports = (service.spec?.ports ?? []).filter((port) => !port.protocol || port.protocol === 'TCP');
  return (
    ports.find((port) => port.name !== undefined && WEB_PORT_NAMES.includes(port.name))?.port ??
    ports.find((port) => port.port === 9090)?.port ??
    ports[0]?.port
  );
}
