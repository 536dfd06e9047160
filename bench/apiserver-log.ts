/**
 * Reads the local API server's log for the watches it closed because their
 * client fell behind ("Forcing pods watcher close due to unresponsiveness",
 * logged by k8s.io/apiserver's cacher at -v=1). The log names a watcher by
 * key, labels and fields, so kubectl's anchor watch carries a field selector
 * of its own (KUBECTL_FIELD_SELECTOR) that sets it apart from the app's.
 */
import { open, stat } from 'node:fs/promises';

/** Matches every pod, so kubectl still receives all pod events. */
export const KUBECTL_FIELD_SELECTOR = 'metadata.name!=drun-bench-kubectl-anchor';

export interface WatchCloses {
  /** Watches with no label or field selector: the app's, and kube-controller-manager's informer, which the log does not separate. */
  app: number;
  kubectl: number;
  /** Any other client's, such as the scheduler's and kwok's. */
  other: number;
}

const CLOSE_LINE = /Forcing (\S+) watcher close due to unresponsiveness: key: "([^"]*)", labels: "([^"]*)", fields: "([^"]*)"/;

export async function logSize(path: string): Promise<number> {
  return (await stat(path)).size;
}

/** Counts the pod watches closed as unresponsive after `offset` bytes of the log. */
export async function podWatchClosesSince(path: string, offset: number): Promise<WatchCloses> {
  const closes: WatchCloses = { app: 0, kubectl: 0, other: 0 };
  const file = await open(path, 'r');
  try {
    const length = (await file.stat()).size - offset;
    if (length <= 0) return closes;
    const buffer = Buffer.alloc(length);
    await file.read(buffer, 0, length, offset);
    for (const line of buffer.toString('utf8').split('\n')) {
      const match = CLOSE_LINE.exec(line);
      if (!match || match[1] !== 'pods') continue;
      const [, , , labels, fields] = match;
      if (fields === KUBECTL_FIELD_SELECTOR) closes.kubectl += 1;
      else if (labels === '' && fields === '') closes.app += 1;
      else closes.other += 1;
    }
  } finally {
    await file.close();
  }
  return closes;
}
