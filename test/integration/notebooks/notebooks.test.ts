import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from '../../../shared/contract';
import type { CreateNotebookInput } from '../../../shared/contracts/notebooks';
import type { LaunchProgress } from '../../../shared/models/notebooks';
import { createNotebookService, type NotebookService } from '../../../main/notebooks/service';
import { createPortForwardService, type PortForwardService } from '../../../main/portforward/service';
import { testNotebook } from '../../cluster/profiles/test/fixtures';
import { uniqueName } from '../cluster/support';
import { createHarness, httpGet, jupyterPort, jupyterToken, routePodPorts, unroutePod, type Harness } from '../portforward/harness';

const call: CallContext = { transport: 'direct', signal: new AbortController().signal };
const namespace = testNotebook.namespace;
const templatesDir = join(import.meta.dirname, '../../../resources/notebooks');

/** Subscribes to a launch and collects its progress until it opens or fails. */
function launch(service: NotebookService, input: CreateNotebookInput): Promise<LaunchProgress[]> {
  return new Promise((resolve) => {
    const seen: LaunchProgress[] = [];
    const subscription = service.launch(
      input,
      (progress) => {
        seen.push(progress);
        if (progress.phase === 'open' || progress.phase === 'failed') {
          subscription.dispose();
          resolve(seen);
        }
      },
      call,
    ) as { dispose(): void };
  });
}

describe('notebooks', () => {
  let harness: Harness;
  let portforward: PortForwardService;
  let service: NotebookService;
  const name = uniqueName('nb');

  beforeAll(async () => {
    harness = await createHarness();
    portforward = createPortForwardService({ clusters: harness.clusters, cache: harness.cache, userDataDir: harness.userDataDir });
    service = createNotebookService({ clusters: harness.clusters, cache: harness.cache, portforward, templatesDir });
    // kwok routes the StatefulSet's pod, by its name, to the local Jupyter server.
    await routePodPorts(namespace, `${name}-0`, [{ podPort: 8888, localPort: jupyterPort() }]);
  });

  afterAll(async () => {
    await service.delete({ contextId: 'alice', namespace, name, confirmName: name }, call).catch(() => undefined);
    await unroutePod(namespace, `${name}-0`);
    await service.dispose();
    await portforward.dispose();
    await harness.dispose();
  });

  it('launches a template notebook and serves Jupyter with its token', async () => {
    const progress = await launch(service, {
      contextId: 'alice',
      namespace,
      name,
      flavor: 'jupyter',
      image: '',
      gpus: 0,
      gpuResource: 'nvidia.com/gpu',
      // The local Jupyter server's token, so the token the app finds is the one the server checks.
      token: jupyterToken(),
    });

    const last = progress.at(-1);
    expect(last?.error).toBeUndefined();
    expect(last?.phase).toBe('open');
    expect(progress.map((step) => step.phase)).toContain('creating');
    expect(progress.map((step) => step.phase)).toContain('ready');
    expect(last?.tokenSource).toBe('secret');
    const url = new URL(last?.url ?? '');
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.searchParams.get('token')).toBe(jupyterToken());
    const status = await httpGet(`${url.origin}/api/status`, { authorization: `token ${url.searchParams.get('token') ?? ''}` });
    expect(status.status).toBe(200);
  });

  it('lists the notebook with its local URL', async () => {
    const notebooks = await service.list({ contextId: 'alice', namespace }, call);

    const notebook = notebooks.find((candidate) => candidate.name === name);
    expect(notebook).toMatchObject({ backend: 'statefulset', flavor: 'jupyter', gpus: 0 });
    expect(notebook?.localUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('stops the notebook and closes its forward', async () => {
    const stopped = await service.stop({ contextId: 'alice', namespace, name }, call);

    expect(stopped.state).toBe('stopped');
    expect((await portforward.list({}, call)).some((state) => state.target.name === `${name}-0`)).toBe(false);
  });

  it('refuses a delete whose confirmation does not match', async () => {
    await expect(service.delete({ contextId: 'alice', namespace, name, confirmName: 'other' }, call)).rejects.toThrow(`Type the notebook's name "${name}"`);
  });
});
