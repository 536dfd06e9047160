/** Job templates kept as YAML files in resources/jobs/, read once and filled per submission. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { JobTemplateInput } from '../../shared/models/queues';
import { appError } from '../../shared/result';

const FILES: Record<JobTemplateInput['template'], string> = {
  pytorchjob: 'pytorchjob.yaml',
  'batch-job': 'batch-job.yaml',
};

export interface TemplateStore {
  load(template: JobTemplateInput['template']): Promise<Record<string, unknown>>;
}

export function createTemplateStore(dir: string): TemplateStore {
  const cache = new Map<string, Record<string, unknown>>();
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
        throw appError('Internal', `Job template ${path} cannot be read (${(error as Error).message}); reinstall the app or restore resources/jobs.`);
      }
      const object = parse(text) as Record<string, unknown>;
      cache.set(template, object);
      return structuredClone(object);
    },
  };
}
