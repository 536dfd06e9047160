/**
 * Writes a kubeconfig so that a crash leaves either the old or the new file:
 * a temp file in the same folder, fsync, rename over the target, fsync of the
 * folder. Refuses when the file changed since it was read.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { appError } from '../../shared/result';
import { hashText } from './kubeconfig-file';

export interface AtomicWriteOptions {
  /** SHA-256 of the text the edit was based on; undefined for a new file. */
  expectedHash?: string;
  /** Copy the current file to `<file>.drun-backup-<time>` before replacing it. */
  backup: boolean;
  /** Mode of a new file; an existing file keeps its own mode. */
  mode?: number;
  now?: () => Date;
}

export interface AtomicWriteResult {
  /** The file written: the target of a symlink, so the link itself stays. */
  path: string;
  backupPath?: string;
}

/** Returns true for names this module creates, so watchers and store listings can skip them. */
export function isWriteArtifact(fileName: string): boolean {
  return fileName.includes('.drun-tmp-') || fileName.includes('.drun-backup-');
}

/** Writes `text` to `target` atomically, with an optional backup and a conflict check. */
export async function writeFileAtomic(target: string, text: string, options: AtomicWriteOptions): Promise<AtomicWriteResult> {
  const file = await realpathOrSelf(target);
  const current = await readCurrent(file);
  if (options.expectedHash !== undefined && (current === undefined || hashText(current) !== options.expectedHash)) {
    throw appError(
      'Conflict',
      `${target} changed on disk after d.run Desktop read it, so it was not written. Review the reloaded contexts and try again.`,
    );
  }

  // NOTE: an edit made between this check and the rename below is still overwritten; the window is a few milliseconds.
  const result: AtomicWriteResult = { path: file };
  if (options.backup && current !== undefined) {
    result.backupPath = await writeBackup(file, options.now?.() ?? new Date());
  }
  const mode = current === undefined ? (options.mode ?? 0o600) : (await stat(file)).mode & 0o777;
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.drun-tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw appError('Kubeconfig', `Cannot write ${file}: ${(err as Error).message}. Check the folder's permissions and free space; the file was not changed.`);
  }
  await syncFolder(path.dirname(file));
  return result;
}

async function realpathOrSelf(target: string): Promise<string> {
  try {
    return await realpath(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return target;
    }
    throw err;
  }
}

async function readCurrent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw err;
  }
}

async function writeBackup(file: string, time: Date): Promise<string> {
  // ISO time without ':' so the name is valid on Windows too.
  const stamp = time.toISOString().replace(/[:]/g, '').replace(/\.\d+Z$/, 'Z');
  let backup = `${file}.drun-backup-${stamp}`;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await copyFile(file, backup, constants.COPYFILE_EXCL);
      return backup;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 100) {
        throw appError('Kubeconfig', `Cannot back up ${file} to ${backup}: ${(err as Error).message}. The file was not changed.`);
      }
      backup = `${file}.drun-backup-${stamp}-${attempt}`;
    }
  }
}

/** Makes the rename durable; folders cannot be opened for fsync on Windows, where rename is durable enough. */
async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') {
    return;
  }
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
