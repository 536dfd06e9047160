/**
 * Fine-tuning job templates: checking the user's values before anything is
 * sent, and filling them into a template object (PyTorchJob or batch Job).
 * Both main and the renderer run the check, so the form names a bad field
 * at once and main never sends one.
 */
import type { JobTemplateInput, TemplateErrorCode, TemplateFieldError } from '../models/queues';
import { QUEUE_NAME_LABEL } from '../k8s/queues-gvr';

/** RFC 1123 label, as Kubernetes requires for namespaces and for names that become pod host names. */
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX_LABEL_LENGTH = 63;

/** The training operator names pods `<job>-worker-<index>`; the longest suffix this form can make. */
const POD_NAME_SUFFIX = '-worker-99';

/** Extended resource names: an optional DNS prefix and a name, e.g. `nvidia.com/gpu`. */
const RESOURCE_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

// Image reference grammar of github.com/distribution/reference (IPv6 registry hosts left out).
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?)`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const IMAGE_REFERENCE = new RegExp(`^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::${TAG})?(?:@${DIGEST})?$`);
const MAX_IMAGE_NAME_LENGTH = 255;

/** Checks that `image` is a valid container image reference such as `nvcr.io/nvidia/pytorch:24.07-py3`. */
export function isImageReference(image: string): boolean {
  const name = image.split('@')[0]!.replace(/:[\w][\w.-]{0,127}$/, '');
  return IMAGE_REFERENCE.test(image) && name.length <= MAX_IMAGE_NAME_LENGTH;
}

function fieldError(field: TemplateFieldError['field'], code: TemplateErrorCode, value: unknown, message: string): TemplateFieldError {
  return { field, code, value: String(value), message };
}

export interface TemplateCheckContext {
  /** True when the cluster serves Kueue, so a queue may be named. */
  kueue: boolean;
  /** LocalQueue names in the target namespace, when they could be read; undefined skips the check. */
  localQueues?: readonly string[];
}

/**
 * Checks a template's values. Returns one error per bad field, each naming
 * the value and the fix; an empty list means the values may be sent.
 */
export function checkJobTemplateInput(input: JobTemplateInput, context: TemplateCheckContext): TemplateFieldError[] {
  const errors: TemplateFieldError[] = [];

  if (!DNS_1123_LABEL.test(input.name)) {
    errors.push(fieldError('name', 'nameInvalid', input.name, `Name "${input.name}" is not a DNS-1123 label: use lower-case letters, digits and '-', starting and ending with a letter or digit.`));
  } else if (input.name.length + POD_NAME_SUFFIX.length > MAX_LABEL_LENGTH) {
    errors.push(fieldError('name', 'nameTooLong', input.name, `Name "${input.name}" is ${input.name.length} characters; use at most ${MAX_LABEL_LENGTH - POD_NAME_SUFFIX.length} so that pod names stay within ${MAX_LABEL_LENGTH}.`));
  }
  if (!DNS_1123_LABEL.test(input.namespace) || input.namespace.length > MAX_LABEL_LENGTH) {
    errors.push(fieldError('namespace', 'namespaceInvalid', input.namespace, `Namespace "${input.namespace}" is not a valid namespace name; pick an existing namespace.`));
  }
  if (!Number.isFinite(input.gpus) || !Number.isInteger(input.gpus)) {
    errors.push(fieldError('gpus', 'gpusNotInteger', input.gpus, `GPU count ${input.gpus} is not a whole number; enter 0 or a positive whole number.`));
  } else if (input.gpus < 0) {
    errors.push(fieldError('gpus', 'gpusNegative', input.gpus, `GPU count ${input.gpus} is negative; enter 0 or a positive whole number.`));
  }
  if (!RESOURCE_NAME.test(input.gpuResource)) {
    errors.push(fieldError('gpuResource', 'gpuResourceInvalid', input.gpuResource, `GPU resource "${input.gpuResource}" is not a resource name; use a name such as nvidia.com/gpu.`));
  }
  if (input.template === 'pytorchjob' && (!Number.isInteger(input.workers) || input.workers < 0 || input.workers > 99)) {
    errors.push(fieldError('workers', 'workersInvalid', input.workers, `Worker count ${input.workers} is invalid; enter a whole number from 0 to 99.`));
  }
  if (!isImageReference(input.image)) {
    errors.push(fieldError('image', 'imageInvalid', input.image, `Image "${input.image}" is not a valid image reference; use the form registry/repository:tag, e.g. nvcr.io/nvidia/pytorch:24.07-py3.`));
  }
  if (input.command.length === 0 || input.command.every((part) => part.trim() === '')) {
    errors.push(fieldError('command', 'commandEmpty', '', 'The command is empty; enter the program to run, e.g. torchrun finetune.py.'));
  }
  errors.push(...checkQueue(input, context));
  return errors;
}

function checkQueue(input: JobTemplateInput, context: TemplateCheckContext): TemplateFieldError[] {
  if (input.queue === '') {
    return [];
  }
  if (!context.kueue) {
    return [fieldError('queue', 'queueWithoutKueue', input.queue, `Queue "${input.queue}" cannot be used: this cluster does not serve Kueue; leave the queue empty.`)];
  }
  if (context.localQueues && !context.localQueues.includes(input.queue)) {
    const known = context.localQueues.length > 0 ? context.localQueues.join(', ') : 'none';
    return [fieldError('queue', 'queueUnknown', input.queue, `Queue "${input.queue}" is not a LocalQueue in namespace ${input.namespace} (known: ${known}); pick one of them or ask an administrator to create it.`)];
  }
  return [];
}

/** Splits a command line into arguments, honouring single and double quotes as a shell does. */
export function splitCommandLine(line: string): string[] {
  const args: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const match of line.matchAll(pattern)) {
    args.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : (match[2] ?? match[3] ?? ''));
  }
  return args;
}

type Json = Record<string, unknown>;

interface ContainerShape {
  image?: string;
  command?: string[];
  args?: string[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

function podSpecContainers(template: Json | undefined): ContainerShape[] {
  const spec = (template?.['spec'] ?? {}) as { containers?: ContainerShape[] };
  return spec.containers ?? [];
}

function fillContainer(container: ContainerShape, input: JobTemplateInput): void {
  container.image = input.image;
  container.command = [...input.command];
  delete container.args;
  const resources = (container.resources ??= {});
  const requests = (resources.requests ??= {});
  const limits = (resources.limits ??= {});
  delete requests[input.gpuResource];
  delete limits[input.gpuResource];
  if (input.gpus > 0) {
    // Extended resources need requests equal to limits; setting limits alone lets the API server copy them.
    limits[input.gpuResource] = String(input.gpus);
    requests[input.gpuResource] = String(input.gpus);
  }
}

/**
 * Fills the values into a copy of a template object. A job with a queue is
 * created suspended, as Kueue expects, and Kueue resumes it on admission.
 */
export function renderJobTemplate(template: Json, input: JobTemplateInput): Json {
  // Templates come from YAML, so a JSON round trip copies them completely.
  const object = JSON.parse(JSON.stringify(template)) as Json;
  const metadata = ((object['metadata'] ??= {}) as Json);
  metadata['name'] = input.name;
  metadata['namespace'] = input.namespace;
  const labels = ((metadata['labels'] ??= {}) as Record<string, string>);
  if (input.queue) {
    labels[QUEUE_NAME_LABEL] = input.queue;
  } else {
    delete labels[QUEUE_NAME_LABEL];
  }
  const spec = ((object['spec'] ??= {}) as Json);

  if (input.template === 'pytorchjob') {
    const replicaSpecs = ((spec['pytorchReplicaSpecs'] ??= {}) as Record<string, Json>);
    const master = replicaSpecs['Master'];
    const worker = replicaSpecs['Worker'];
    for (const replica of [master, worker]) {
      podSpecContainers(replica?.['template'] as Json | undefined).forEach((container) => fillContainer(container, input));
    }
    if (worker && input.workers > 0) {
      worker['replicas'] = input.workers;
    } else {
      delete replicaSpecs['Worker'];
    }
    const runPolicy = ((spec['runPolicy'] ??= {}) as Json);
    runPolicy['suspend'] = input.queue !== '';
  } else {
    podSpecContainers(spec['template'] as Json | undefined).forEach((container) => fillContainer(container, input));
    spec['suspend'] = input.queue !== '';
  }
  return object;
}
