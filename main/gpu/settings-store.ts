/**
 * GPU settings per context, stored as JSON in the app's data folder
 * (`gpu-settings.json`). Writes go through a temp file and a rename and are
 * serialised, so a crash leaves the old file or the new one.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { gpuSettingsSchema } from '../../shared/contracts/gpu';
import { DEFAULT_GPU_SETTINGS, type GpuSettings } from '../../shared/models/gpu';
import type { Logger } from '../log';

const fileSchema = z.object({
  version: z.literal(1),
  contexts: z.record(z.string(), z.unknown()),
});

export interface GpuSettingsStore {
  /** The context's settings; defaults when none were saved or the saved ones are unreadable. */
  get(contextId: string): Promise<GpuSettings>;
  save(contextId: string, settings: GpuSettings): Promise<void>;
}

export function createGpuSettingsStore(path: string, log: Logger): GpuSettingsStore {
  let queue: Promise<void> = Promise.resolve();

  const readAll = async (): Promise<Record<string, unknown>> => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    const parsed = fileSchema.safeParse(safeJson(text));
    if (!parsed.success) {
      // Only the GPU settings are lost; the next save writes a valid file.
      log.warn('GPU settings file is invalid and was ignored', { path, err: parsed.error.message });
      return {};
    }
    return parsed.data.contexts;
  };

  return {
    async get(contextId) {
      await queue;
      const stored = (await readAll())[contextId];
      if (stored === undefined) return structuredClone(DEFAULT_GPU_SETTINGS);
      const parsed = gpuSettingsSchema.safeParse(stored);
      if (!parsed.success) {
        log.warn('GPU settings of a context are invalid and were reset', { context: contextId, err: parsed.error.message });
        return structuredClone(DEFAULT_GPU_SETTINGS);
      }
      return parsed.data;
    },

    save(contextId, settings) {
      const run = queue.then(async () => {
        const contexts = { ...(await readAll()), [contextId]: settings };
        await mkdir(dirname(path), { recursive: true });
        const temp = `${path}.${process.pid}.tmp`;
        await writeFile(temp, JSON.stringify({ version: 1, contexts }, null, 2) + '\n', { mode: 0o600 });
        await rename(temp, path);
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Invalid JSON is reported by the schema check as "expected object".
    return undefined;
  }
}
