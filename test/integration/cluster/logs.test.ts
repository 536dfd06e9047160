import { get, type RequestOptions } from 'node:https';
import type { ClientRequest } from 'node:http';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendPodLog, criLogLine, podRouteObjects } from '../../cluster/kwok';
import { cluster, coreApi, customObjectsApi, deletePod, kubeConfigFor, podManifest, uniqueName, waitFor, waitForRunning } from './support';

const namespace = 'team-a';

/** Creates a pod whose logs kwok reads from a fresh local file; returns that file. */
async function createLoggingPod(name: string, firstLine: string): Promise<string> {
  const logsFile = join(cluster().runDir, 'pod-logs', namespace, `${name}.log`);
  await writeFile(logsFile, criLogLine(firstLine));
  await coreApi('alice').createNamespacedPod({ namespace, body: podManifest(namespace, name) });

  const [logs] = podRouteObjects({ namespace, name }, logsFile);
  await customObjectsApi().createNamespacedCustomObject({
    group: 'kwok.x-k8s.io',
    version: 'v1alpha1',
    namespace,
    plural: 'logs',
    body: logs as object,
  });
  await waitForRunning(namespace, name);
  return logsFile;
}

/**
 * Follows a pod's log as alice over plain HTTPS. The client library's Log
 * helper leaves an unhandled AbortError behind when a follow is cancelled
 * (@kubernetes/client-node 2.0.1), so the test holds the request itself.
 */
async function followLog(namespace: string, name: string, onText: (text: string) => void): Promise<ClientRequest> {
  const config = kubeConfigFor('alice');
  const options: RequestOptions = {};
  await config.applyToHTTPSOptions(options);
  const url = `${config.getCurrentCluster()?.server}/api/v1/namespaces/${namespace}/pods/${name}/log?container=main&follow=true`;

  return new Promise((resolve, reject) => {
    const request = get(url, options, (response) => {
      if (response.statusCode !== 200) {
        reject(new Error(`GET ${url} answered HTTP ${response.statusCode}`));
        return;
      }
      response.setEncoding('utf8');
      response.on('data', onText);
      resolve(request);
    });
    // After destroy() the request reports ECONNRESET or an abort; only an
    // error before the response matters.
    request.on('error', reject);
  });
}

describe('logs of a simulated pod', () => {
  const created: string[] = [];

  afterEach(async () => {
    for (const name of created.splice(0)) await deletePod(namespace, name);
  });

  it('returns the lines of its log file', async () => {
    const name = uniqueName('logs');
    created.push(name);
    await createLoggingPod(name, 'epoch 1 loss 0.91');

    // kwok picks up the Logs object asynchronously; until then it serves the default file.
    const text = await waitFor('the pod log to contain its first line', async () => {
      const body = await coreApi('alice').readNamespacedPodLog({ namespace, name });
      return body.includes('epoch 1') ? body : undefined;
    });

    expect(text).toBe('epoch 1 loss 0.91\n');
  });

  it('streams lines appended while following', async () => {
    const name = uniqueName('follow');
    created.push(name);
    const logsFile = await createLoggingPod(name, 'epoch 1 loss 0.91');
    await waitFor('the Logs route to take effect', async () => {
      const body = await coreApi().readNamespacedPodLog({ namespace, name });
      return body.includes('epoch 1') ? true : undefined;
    });

    let received = '';
    const request = await followLog(namespace, name, (chunk) => (received += chunk));
    try {
      await waitFor('the followed log to show the first line', async () => (received.includes('epoch 1') ? true : undefined));
      await appendPodLog(logsFile, ['epoch 2 loss 0.54', 'epoch 3 loss 0.37']);
      await waitFor('the followed log to show the appended lines', async () => (received.includes('epoch 3') ? true : undefined));
    } finally {
      request.destroy();
    }

    expect(received).toBe('epoch 1 loss 0.91\nepoch 2 loss 0.54\nepoch 3 loss 0.37\n');
  });
});
