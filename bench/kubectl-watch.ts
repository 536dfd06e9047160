/**
 * The delay anchor: kubectl watching every pod beside the app, in a process
 * of its own. At its ceiling the API server closes watches of all pods as
 * unresponsive, kubectl's as well as the app's, several times in a
 * 20-second phase. `kubectl get --watch` exits at the first close, so it
 * would only cover the start of a phase. Instead the runner reads the raw event stream
 * through `kubectl get --raw` (the same Go client and HTTP/2 connection) and
 * starts it again from the last resourceVersion after each close, as
 * client-go's reflector does. When kubectl receives a probe as late as the
 * app shows it, the delay is the API server's delivery, not the app's.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { KUBECTL_FIELD_SELECTOR } from './apiserver-log';

const run = promisify(execFile);

export interface KubectlWatch {
  /** Date.now() when kubectl's stream carried each probe pod's first event, by pod name. */
  seen: Map<string, number>;
  /** Watch streams started, the first included. */
  starts(): number;
  /** Times the last resourceVersion had expired (an ERROR event), so events were skipped to the current one. */
  expired(): number;
  close(): void;
}

/** The first resourceVersion in an event line is the object's own: no field before metadata carries one. */
const RESOURCE_VERSION = /"resourceVersion":"([^"]+)"/;
const PROBE_NAME = /"name":"(bench-probe-[^"]+)"/;
/** Wait before starting again after a stream that carried no event, so a kubectl that fails at once does not respawn in a tight loop. */
const EMPTY_RESTART_MS = 1_000;

async function currentResourceVersion(kubectl: string, kubeconfig: string): Promise<string> {
  // A list of one pod returns the API server's current resourceVersion without listing every pod.
  const { stdout } = await run(kubectl, ['--kubeconfig', kubeconfig, 'get', '--raw', '/api/v1/pods?limit=1'], { maxBuffer: 16 * 1024 * 1024 });
  const version = (JSON.parse(stdout) as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion;
  if (!version) throw new Error('kubectl get --raw /api/v1/pods?limit=1 returned no resourceVersion; check the bench cluster');
  return version;
}

export async function startKubectlWatch(kubectl: string, kubeconfig: string): Promise<KubectlWatch> {
  const seen = new Map<string, number>();
  let resourceVersion = await currentResourceVersion(kubectl, kubeconfig);
  let child: ChildProcess | undefined;
  let closed = false;
  let starts = 0;
  let expired = 0;
  let linesThisStream = 0;

  const readLine = (line: string): void => {
    linesThisStream += 1;
    if (line.startsWith('{"type":"ERROR"')) {
      // 410 Gone: our resourceVersion left the API server's window. Skip to the current one; probes in between stay unseen.
      expired += 1;
      void currentResourceVersion(kubectl, kubeconfig).then((version) => (resourceVersion = version), () => undefined);
      return;
    }
    const version = RESOURCE_VERSION.exec(line)?.[1];
    if (version) resourceVersion = version;
    const probe = line.includes('"bench-probe-') ? PROBE_NAME.exec(line)?.[1] : undefined;
    if (probe && !seen.has(probe)) seen.set(probe, Date.now());
  };

  const start = (): void => {
    if (closed) return;
    starts += 1;
    linesThisStream = 0;
    const query = new URLSearchParams({ watch: 'true', resourceVersion, allowWatchBookmarks: 'true', fieldSelector: KUBECTL_FIELD_SELECTOR });
    child = spawn(kubectl, ['--kubeconfig', kubeconfig, 'get', '--raw', `/api/v1/pods?${query}`], { stdio: ['ignore', 'pipe', 'ignore'] });
    createInterface({ input: child.stdout! }).on('line', readLine);
    child.on('exit', () => setTimeout(start, linesThisStream > 0 ? 0 : EMPTY_RESTART_MS));
  };

  start();
  return {
    seen,
    starts: () => starts,
    expired: () => expired,
    close: () => {
      closed = true;
      child?.kill();
    },
  };
}
