/** Endpoint templates kept as YAML files in resources/endpoints/, read once and filled per deployment. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../shared/k8s/object';
import type { TemplateId } from '../../shared/models/endpoints';
import { appError } from '../../shared/result';

const FILES: Record<TemplateId, string> = { vllm: 'vllm.yaml', gradio: 'gradio.yaml' };

export interface EndpointTemplates {
  /** The template's objects, parsed; each call gets its own copy. */
  load(template: TemplateId): Promise<KubeObject[]>;
}

export function createEndpointTemplates(dir: string): EndpointTemplates {
  const cache = new Map<TemplateId, KubeObject[]>();
  return {
    async load(template) {
      const cached = cache.get(template);
      if (cached) {
        return structuredClone(cached);
      }
      const path = join(dir, FILES[template]);
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        throw appError('Internal', `Endpoint template ${path} cannot be read (${(error as Error).message}); reinstall the app or restore resources/endpoints.`);
      }
      const documents = parseAllDocuments(text).map((document) => document.toJS() as KubeObject).filter((object) => object && typeof object === 'object');
      cache.set(template, documents);
      return structuredClone(documents);
    },
  };
}
