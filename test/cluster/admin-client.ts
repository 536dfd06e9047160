import { execFile } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pki } from './pki';
import { get, type Probe } from './readiness';

/**
 * The launcher's own access to the API server as admin: the built kubectl for
 * writes and a plain HTTPS GET for polling, which is much cheaper than a
 * kubectl process per poll on a 2-core machine.
 */
export interface AdminClient {
  kubectl(args: string[], options?: { input?: string }): Promise<string>;
  apply(objects: object[]): Promise<void>;
  /** GETs an API path; resolves with the status code and body. */
  getPath(path: string): Promise<{ status: number; body: string }>;
  /** Polls an API path every 200 ms until it returns HTTP 200, for up to `timeoutMs`. */
  waitForPath(path: string, what: string, timeoutMs?: number): Promise<void>;
}

export async function createAdminClient(binDir: string, kubeconfig: string, pki: Pki, apiserverPort: number): Promise<AdminClient> {
  const admin = pki.clients['admin'];
  if (!admin) throw new Error('admin-client: no admin client certificate');
  const base: Omit<Probe, 'url'> = {
    ca: await readFile(pki.ca.cert, 'utf8'),
    cert: await readFile(admin.cert, 'utf8'),
    key: await readFile(admin.key, 'utf8'),
  };
  const kubectlPath = join(binDir, 'kubectl');

  const kubectl = (args: string[], options: { input?: string } = {}) =>
    new Promise<string>((resolve, reject) => {
      const child = execFile(kubectlPath, [`--kubeconfig=${kubeconfig}`, ...args], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`kubectl ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
          return;
        }
        resolve(stdout);
      });
      child.stdin?.end(options.input ?? '');
    });

  const getPath = (path: string) => get({ ...base, url: `https://127.0.0.1:${apiserverPort}${path}` });

  return {
    kubectl,
    getPath,
    async apply(objects) {
      if (objects.length === 0) return;
      const list = { apiVersion: 'v1', kind: 'List', items: objects };
      await kubectl(['apply', '--server-side', '--force-conflicts', '--field-manager=drun-cluster', '-f', '-'], {
        input: JSON.stringify(list),
      });
    },
    async waitForPath(path, what, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      let last = 'no answer yet';
      while (Date.now() < deadline) {
        try {
          const { status, body } = await getPath(path);
          if (status === 200) return;
          last = `HTTP ${status}: ${body.slice(0, 200)}`;
        } catch (error) {
          last = (error as Error).message;
        }
        await delay(200);
      }
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what} (GET ${path}; last answer: ${last})`);
    },
  };
}
