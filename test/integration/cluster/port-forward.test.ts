import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { testNotebook } from '../../cluster/profiles/test/fixtures';
import { cluster, kubectlPath, waitFor } from './support';

/** Starts `kubectl port-forward` to a random local port as alice; resolves with the process and that port. */
async function portForward(namespace: string, pod: string, podPort: number): Promise<{ child: ChildProcess; port: number }> {
  const kubeconfig = cluster().kubeconfigs['alice'] ?? '';
  const child = spawn(kubectlPath(), [
    `--kubeconfig=${kubeconfig}`, '-n', namespace, 'port-forward', '--address=127.0.0.1', `pod/${pod}`, `:${podPort}`,
  ]);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));

  const port = await waitFor(`kubectl port-forward to print its local port (output so far: ${output})`, async () => {
    if (child.exitCode !== null) throw new Error(`kubectl port-forward exited with ${child.exitCode}: ${output}`);
    const match = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(output);
    return match?.[1] ? Number(match[1]) : undefined;
  }, 30_000);
  return { child, port };
}

describe('port-forward to the notebook pod', () => {
  const children: ChildProcess[] = [];

  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGTERM');
  });

  it('reaches the local Jupyter server', async () => {
    const token = cluster().info['jupyter.token'];
    expect(token, 'jupyter.token published by the test profile').toBeDefined();

    const { child, port } = await portForward(testNotebook.namespace, testNotebook.name, testNotebook.port);
    children.push(child);
    const response = await fetch(`http://127.0.0.1:${port}/api/status`, { headers: { Authorization: `token ${token}` } });
    const status = (await response.json()) as Record<string, unknown>;

    expect(response.status).toBe(200);
    expect(status).toHaveProperty('started');
    expect(status).toHaveProperty('kernels');
  });

  it('serves the JupyterLab page through the forward', async () => {
    const token = cluster().info['jupyter.token'] ?? '';
    const { child, port } = await portForward(testNotebook.namespace, testNotebook.name, testNotebook.port);
    children.push(child);

    const response = await fetch(`http://127.0.0.1:${port}/lab?token=${token}`);
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(html).toContain('JupyterLab');
  });
});
