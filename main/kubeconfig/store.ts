/**
 * The app's own kubeconfig store: copies of files the user imported, one
 * file per import, named so that listing order is import order.
 */
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { appError } from '../../shared/result';
import { isWriteArtifact, writeFileAtomic } from './atomic-write';
import { makePathsAbsolute } from './edits';
import { MAX_KUBECONFIG_BYTES, hashText, parseKubeconfigText } from './kubeconfig-file';

const STORE_EXTENSION = '.yaml';

/** Lists the store's kubeconfig files in import order; a missing store folder is an empty store. */
export async function listStoreFiles(storeDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(storeDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return [];
    }
    throw err;
  }
  return names
    .filter((name) => name.endsWith(STORE_EXTENSION) && !name.startsWith('.') && !isWriteArtifact(name))
    .sort()
    .map((name) => path.join(storeDir, name));
}

/**
 * Copies a kubeconfig into the store. The copy gets absolute paths for the
 * files it names, so certificates next to the original keep working. A file
 * that does not parse, or defines no context, is rejected and nothing is
 * written. Importing the same content twice returns the existing copy.
 */
export async function importIntoStore(storeDir: string, sourcePath: string, now: () => Date = () => new Date()): Promise<string> {
  const absolute = path.resolve(sourcePath);
  const text = await readImportSource(absolute);
  const parsed = parseKubeconfigText(text, absolute, 'imported');
  if (parsed.error !== undefined || parsed.document === undefined) {
    throw appError('Kubeconfig', `Cannot import ${absolute}: ${parsed.error?.message ?? 'the file is empty'}. Nothing was imported.`);
  }
  if (parsed.contexts.length === 0) {
    throw appError('Kubeconfig', `Cannot import ${absolute}: it defines no contexts. Pick a kubeconfig file that lists at least one context; nothing was imported.`);
  }

  makePathsAbsolute(parsed.document, path.dirname(absolute));
  const stored = parsed.document.toString();
  const existing = await findSameContent(storeDir, stored);
  if (existing !== undefined) {
    return existing;
  }

  await mkdir(storeDir, { recursive: true, mode: 0o700 });
  const target = path.join(storeDir, storeFileName(absolute, stored, now()));
  await writeFileAtomic(target, stored, { backup: false, mode: 0o600 });
  return target;
}

async function readImportSource(file: string): Promise<string> {
  try {
    const info = await stat(file);
    if (!info.isFile()) {
      throw appError('InvalidInput', `Cannot import ${file}: it is not a file. Pick a kubeconfig file.`);
    }
    if (info.size > MAX_KUBECONFIG_BYTES) {
      throw appError('Kubeconfig', `Cannot import ${file}: it is larger than 32 MiB, so it is not a kubeconfig. Nothing was imported.`);
    }
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw appError('NotFound', `Cannot import ${file}: the file does not exist. Check the path and try again.`);
    }
    if (code !== undefined) {
      throw appError('Kubeconfig', `Cannot import ${file}: ${(err as Error).message}. Check that the file is readable.`);
    }
    throw err;
  }
}

async function findSameContent(storeDir: string, text: string): Promise<string | undefined> {
  const wanted = hashText(text);
  for (const file of await listStoreFiles(storeDir)) {
    const content = await readFile(file, 'utf8').catch(() => undefined);
    if (content !== undefined && hashText(content) === wanted) {
      return file;
    }
  }
  return undefined;
}

/** `<zero-padded epoch ms>-<source name>-<hash>.yaml`: sortable by import time and safe on every platform. */
function storeFileName(sourcePath: string, text: string, time: Date): string {
  const base = path.basename(sourcePath).replace(/\.(ya?ml|json|conf|config)$/i, '').replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 40) || 'kubeconfig';
  return `${String(time.getTime()).padStart(15, '0')}-${base}-${hashText(text).slice(0, 8)}${STORE_EXTENSION}`;
}
