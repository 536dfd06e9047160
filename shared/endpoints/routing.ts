/**
 * What routes traffic to an endpoint's pods: Services that select them, and
 * the Ingresses and Gateway API HTTPRoutes whose backends are those Services.
 */
import type { KubeObject } from '../k8s/object';
import type { EndpointUrl, ServicePorts } from '../models/endpoints';
import { serviceSelects } from './selectors';

interface ServiceSpec {
  type?: string;
  selector?: Record<string, string>;
  ports?: Array<{ name?: string; port: number; targetPort?: number | string }>;
}

interface ServiceStatus {
  loadBalancer?: { ingress?: Array<{ ip?: string; hostname?: string }> };
}

interface IngressBackend {
  service?: { name: string; port?: { number?: number; name?: string } };
}

interface IngressSpec {
  tls?: Array<{ hosts?: string[] }>;
  defaultBackend?: IngressBackend;
  rules?: Array<{ host?: string; http?: { paths?: Array<{ path?: string; backend: IngressBackend }> } }>;
}

interface HttpRouteSpec {
  hostnames?: string[];
  parentRefs?: Array<{ name: string; namespace?: string }>;
  rules?: Array<{
    matches?: Array<{ path?: { value?: string } }>;
    backendRefs?: Array<{ name: string; namespace?: string; kind?: string; group?: string; port?: number }>;
  }>;
}

/** Services in the pods' namespace whose selector matches the pod template's labels. */
export function servicesInFront(services: readonly KubeObject[], namespace: string, podLabels: Record<string, string> | undefined): KubeObject[] {
  return services.filter((service) => service.metadata.namespace === namespace && serviceSelects((service['spec'] as ServiceSpec | undefined)?.selector, podLabels));
}

export function servicePorts(service: KubeObject): ServicePorts {
  const spec = (service['spec'] ?? {}) as ServiceSpec;
  return {
    name: service.metadata.name,
    ports: (spec.ports ?? []).map((port) => ({
      ...(port.name ? { name: port.name } : {}),
      port: port.port,
      ...(port.targetPort !== undefined ? { targetPort: port.targetPort } : {}),
    })),
  };
}

/**
 * The Service port that reaches `containerPort`: one whose targetPort is that
 * number or names a port with that number; with no targetPort, the same number.
 */
export function servicePortFor(service: KubeObject, containerPort: number | undefined, portNames: ReadonlyMap<string, number>): number | undefined {
  const ports = ((service['spec'] ?? {}) as ServiceSpec).ports ?? [];
  const match = ports.find((port) => {
    const target = port.targetPort ?? port.port;
    return typeof target === 'number' ? target === containerPort : portNames.get(target) === containerPort;
  });
  return match?.port ?? (containerPort === undefined ? ports[0]?.port : undefined);
}

function serviceUrls(service: KubeObject): EndpointUrl[] {
  const spec = (service['spec'] ?? {}) as ServiceSpec;
  const status = (service['status'] ?? {}) as ServiceStatus;
  const name = service.metadata.name;
  const port = spec.ports?.[0]?.port;
  const suffix = port === undefined || port === 80 ? '' : `:${port}`;
  const urls: EndpointUrl[] = [{ url: `http://${name}.${service.metadata.namespace}.svc${suffix}`, source: 'service', name, external: false }];
  for (const ingress of status.loadBalancer?.ingress ?? []) {
    const host = ingress.hostname ?? ingress.ip;
    if (host) {
      urls.push({ url: `http://${host}${suffix}`, source: 'loadbalancer', name, external: true });
    }
  }
  return urls;
}

function ingressUrls(ingress: KubeObject, serviceNames: ReadonlySet<string>): EndpointUrl[] {
  const spec = (ingress['spec'] ?? {}) as IngressSpec;
  const tlsHosts = new Set((spec.tls ?? []).flatMap((entry) => entry.hosts ?? []));
  const name = ingress.metadata.name;
  const urls: EndpointUrl[] = [];
  for (const rule of spec.rules ?? []) {
    for (const path of rule.http?.paths ?? []) {
      if (path.backend.service && serviceNames.has(path.backend.service.name)) {
        const host = rule.host ?? '*';
        const scheme = rule.host && tlsHosts.has(rule.host) ? 'https' : 'http';
        urls.push({ url: `${scheme}://${host}${path.path ?? '/'}`, source: 'ingress', name, external: true });
      }
    }
  }
  if (urls.length === 0 && spec.defaultBackend?.service && serviceNames.has(spec.defaultBackend.service.name)) {
    urls.push({ url: 'http://*/', source: 'ingress', name, external: true });
  }
  return urls;
}

function httpRouteUrls(route: KubeObject, serviceNames: ReadonlySet<string>, namespace: string): EndpointUrl[] {
  const spec = (route['spec'] ?? {}) as HttpRouteSpec;
  const name = route.metadata.name;
  const routeNamespace = route.metadata.namespace ?? namespace;
  const paths = (spec.rules ?? [])
    .filter((rule) =>
      (rule.backendRefs ?? []).some(
        (ref) => (ref.kind ?? 'Service') === 'Service' && (ref.group ?? '') === '' && (ref.namespace ?? routeNamespace) === namespace && serviceNames.has(ref.name),
      ),
    )
    .map((rule) => rule.matches?.[0]?.path?.value ?? '/');
  if (paths.length === 0) {
    return [];
  }
  // A route without hostnames takes every hostname of its Gateway's listeners.
  const hosts = spec.hostnames?.length ? spec.hostnames : ['*'];
  return hosts.flatMap((host) => paths.map((path) => ({ url: `http://${host}${path}`, source: 'httproute' as const, name, external: true })));
}

/** Every URL in front of the Services: their own, their load balancers', and Ingress and HTTPRoute ones. */
export function routedUrls(front: readonly KubeObject[], ingresses: readonly KubeObject[], httpRoutes: readonly KubeObject[], namespace: string): EndpointUrl[] {
  const names = new Set(front.map((service) => service.metadata.name));
  if (names.size === 0) {
    return [];
  }
  return [
    ...ingresses.filter((ingress) => ingress.metadata.namespace === namespace).flatMap((ingress) => ingressUrls(ingress, names)),
    ...httpRoutes.flatMap((route) => httpRouteUrls(route, names, namespace)),
    ...front.flatMap(serviceUrls),
  ];
}
