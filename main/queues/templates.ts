/** Job templates kept as YAML files in resources/jobs/, read once and filled per submission. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { JobTemplateInput } from '../../shared/models/queues';
import { appError } from '../../shared/result';

const FILES: Record<JobTemplateInput['template'], string> = {
  pytorchjob: 'pytorchjob.yaml',
  'batch-job': 'batch-job.yaml',
};

/**
 * Finds resources/jobs from the source tree (tsx, tests) or next to a bundle
 * in out/. Returns the first folder that has the PyTorchJob template.
 * NOTE: a packaged app needs resources/jobs copied beside the bundle; the
 * packaging config does not do that yet.
 */
export function defaultTemplatesDir(moduleDir: string): string {
  const candidates = [resolve(moduleDir, '../resources/jobs'), resolve(moduleDir, '../../resources/jobs'), resolve(moduleDir, 'resources/jobs')];
  return candidates.find((dir) => existsSync(join(dir, FILES.pytorchjob))) ?? candidates[0]!;
}

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
