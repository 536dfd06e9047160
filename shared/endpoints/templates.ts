/**
 * Fills the endpoint templates (resources/endpoints/*.yaml, parsed by main):
 * `${NAME}`, `${NAMESPACE}`, `${IMAGE}`, `${MODEL}` and `${REPLICAS}` are
 * replaced inside parsed values, never in YAML text, so no value can change
 * the document's structure. GPU requests go on the first container.
 */
import type { KubeObject } from '../k8s/object';
import type { DeployInput, TemplateId } from '../models/endpoints';

export const TEMPLATE_IDS: readonly TemplateId[] = ['vllm', 'gradio'];

/** Defaults the deploy dialog starts from. */
export const TEMPLATE_DEFAULTS: Record<TemplateId, Pick<DeployInput, 'image' | 'model' | 'gpus' | 'replicas'>> = {
  vllm: { image: 'vllm/vllm-openai:v0.8.5', model: 'Qwen/Qwen2.5-7B-Instruct', gpus: 1, replicas: 1 },
  gradio: { image: 'gradio/chat-app:latest', model: '', gpus: 0, replicas: 1 },
};

const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const RESOURCE_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const MAX_GPUS = 64;
const MAX_REPLICAS = 100;

/** Sentences naming each invalid field and how to fix it; empty when the input is valid. */
export function deployInputProblems(input: DeployInput): string[] {
  const problems: string[] = [];
  if (input.name.length > 63 || !DNS_1035_LABEL.test(input.name)) {
    problems.push(`Name "${input.name}" is not valid; use at most 63 lower-case letters, digits and '-', starting with a letter.`);
  }
  if (input.namespace.length > 63 || !DNS_1123_LABEL.test(input.namespace)) {
    problems.push(`Namespace "${input.namespace}" is not valid; use at most 63 lower-case letters, digits and '-'.`);
  }
  if (input.image.trim() === '' || /\s/.test(input.image)) {
    problems.push(`Image "${input.image}" is not valid; give an image reference without spaces, such as vllm/vllm-openai:v0.8.5.`);
  }
  if (input.template === 'vllm' && input.model.trim() === '') {
    problems.push('Model is missing; give a Hugging Face model id such as Qwen/Qwen2.5-7B-Instruct.');
  }
  if (!Number.isInteger(input.gpus) || input.gpus < 0 || input.gpus > MAX_GPUS) {
    problems.push(`GPUs ${input.gpus} is out of range; use a whole number from 0 to ${MAX_GPUS}.`);
  }
  if (!Number.isInteger(input.replicas) || input.replicas < 0 || input.replicas > MAX_REPLICAS) {
    problems.push(`Replicas ${input.replicas} is out of range; use a whole number from 0 to ${MAX_REPLICAS}.`);
  }
  if (input.gpus > 0 && !RESOURCE_NAME.test(input.gpuResource)) {
    problems.push(`GPU resource "${input.gpuResource}" is not an extended resource name; use a name such as nvidia.com/gpu.`);
  }
  return problems;
}

function fillValue(value: unknown, values: Record<string, string>, numbers: Record<string, number>): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{([A-Z_]+)\}$/.exec(value);
    if (whole && numbers[whole[1]!] !== undefined) {
      return numbers[whole[1]!];
    }
    return value.replace(/\$\{([A-Z_]+)\}/g, (match, key: string) => values[key] ?? match);
  }
  if (Array.isArray(value)) {
    return value.map((item) => fillValue(item, values, numbers));
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillValue(item, values, numbers)]));
  }
  return value;
}

interface ContainerWithResources {
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

function addGpus(object: KubeObject, resource: string, count: number): void {
  const template = (object['spec'] as { template?: { spec?: { containers?: ContainerWithResources[] } } } | undefined)?.template;
  const container = template?.spec?.containers?.[0];
  if (!container) {
    return;
  }
  const resources = (container.resources ??= {});
  // Extended resources must have equal requests and limits, and the limit alone implies the request.
  (resources.requests ??= {})[resource] = String(count);
  (resources.limits ??= {})[resource] = String(count);
}

/** Returns the template's objects filled with the input; the input must pass deployInputProblems. */
export function fillTemplate(documents: readonly KubeObject[], input: DeployInput): KubeObject[] {
  const values = { NAME: input.name, NAMESPACE: input.namespace, IMAGE: input.image.trim(), MODEL: input.model.trim() };
  const numbers = { REPLICAS: input.replicas };
  return documents.map((document) => {
    const filled = fillValue(document, values, numbers) as KubeObject;
    if (input.gpus > 0 && (filled.kind === 'Deployment' || filled.kind === 'StatefulSet')) {
      addGpus(filled, input.gpuResource, input.gpus);
    }
    return filled;
  });
}
