/**
 * The forwards the user marked "keep", stored as JSON in the app's data
 * folder. Writes go through a temp file and a rename so a crash leaves the
 * old list or the new one; writes are serialised so the last one wins.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { forwardTargetSchema } from '../../shared/contracts/portforward';
import type { KeptForward } from '../../shared/models/portforward';
import type { Logger } from '../log';

const fileSchema = z.object({
  version: z.literal(1),
  forwards: z.array(z.object({ contextId: z.string().min(1), target: forwardTargetSchema, localPort: z.number().int().min(0).max(65535) })),
});

export interface KeptStore {
  read(): Promise<KeptForward[]>;
  write(forwards: KeptForward[]): Promise<void>;
}

export function createKeptStore(path: string, log: Logger): KeptStore {
  let queue: Promise<void> = Promise.resolve();

  return {
    async read() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          return [];
        }
        throw error;
      }
      const parsed = fileSchema.safeParse(safeJson(text));
      if (!parsed.success) {
        // The next write replaces the file; the user loses only the kept list, not the app.
        log.warn('kept forwards file is invalid and was ignored', { path, err: parsed.error.message });
        return [];
      }
      return parsed.data.forwards;
    },

    write(forwards) {
      const text = `${JSON.stringify({ version: 1, forwards }, null, 2)}\n`;
      queue = queue
        .then(async () => {
          await mkdir(dirname(path), { recursive: true });
          const temp = `${path}.tmp-${process.pid}`;
          await writeFile(temp, text, { mode: 0o600 });
          await rename(temp, path);
        })
        .catch((error: unknown) => log.error('kept forwards not saved', { path, err: error }));
      return queue;
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Reported by the schema check that follows, with the file's path.
    return undefined;
  }
}
