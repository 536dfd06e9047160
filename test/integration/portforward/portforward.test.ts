import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallContext } from '../../../shared/contract';
import type { ForwardState, ForwardTarget } from '../../../shared/models/portforward';
import { isAppErrorException } from '../../../shared/result';
import { createPortForwardService, type PortForwardService } from '../../../main/portforward/service';
import { testNotebook } from '../../cluster/profiles/test/fixtures';
import { coreApi, deletePod, uniqueName, waitFor } from '../cluster/support';
import {
  closedPort,
  createHarness,
  createNotebookPod,
  httpGet,
  jupyterPort,
  jupyterToken,
  routePodPorts,
  unroutePod,
  type Harness,
} from './harness';

const call: CallContext = { transport: 'direct', signal: new AbortController().signal };
const namespace = testNotebook.namespace;

async function stateOf(service: PortForwardService, id: string): Promise<ForwardState | undefined> {
  return (await service.list({}, call)).find((state) => state.id === id);
}

function waitForPhase(service: PortForwardService, id: string, phase: ForwardState['phase'], extra: (state: ForwardState) => boolean = () => true): Promise<ForwardState> {
  return waitFor(`forward ${id} to be ${phase}`, async () => {
    const state = await stateOf(service, id);
    return state?.phase === phase && extra(state) ? state : undefined;
  }, 30_000);
}

/** Reads from a socket until `expected` has arrived. */
function readUntil(socket: Socket, expected: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('utf8');
      if (text.includes(expected)) {
        socket.off('data', onData);
        resolve(text);
      }
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new Error(`socket closed before "${expected}" arrived (got "${text}")`)));
  });
}

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves when the peer closes the socket, with whatever data arrived before. */
function closed(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    socket.once('close', () => resolve(text));
  });
}

describe('port-forward manager', () => {
  let harness: Harness;
  let service: PortForwardService;
  const pods: string[] = [];

  beforeAll(async () => {
    harness = await createHarness();
  });

  afterEach(async () => {
    await service?.dispose();
    for (const name of pods.splice(0)) {
      await deletePod(namespace, name);
      await unroutePod(namespace, name);
    }
  });

  afterAll(async () => {
    await harness.dispose();
  });

  const newService = (): PortForwardService => {
    service = createPortForwardService({ clusters: harness.clusters, cache: harness.cache, userDataDir: harness.userDataDir });
    return service;
  };

  const podTarget = (name: string, port: number | string = 8888): ForwardTarget => ({ kind: 'pod', namespace, name, port });

  /** A pod of our own, routed to the Jupyter server, so replacing it disturbs no other test. */
  const routedPod = async (prefix: string, extraPorts: Array<{ podPort: number; localPort: number }> = []): Promise<string> => {
    const name = uniqueName(prefix);
    pods.push(name);
    await routePodPorts(namespace, name, [{ podPort: 8888, localPort: jupyterPort() }, ...extraPorts]);
    await createNotebookPod(namespace, name, { app: name });
    return name;
  };

  it('serves the Jupyter server through a pod forward', async () => {
    newService();
    const state = await service.start({ contextId: 'alice', target: podTarget(testNotebook.name), localPort: 0, keep: false }, call);

    const reply = await httpGet(`${state.url}/api/status`, { authorization: `token ${jupyterToken()}` });

    expect(state.phase).toBe('active');
    expect(state.localAddress).toBe('127.0.0.1');
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toHaveProperty('started');
    const after = await waitFor('counters to update', async () => {
      const current = await stateOf(service, state.id);
      return current && current.bytesReceived > 0 && current.connections === 0 ? current : undefined;
    });
    expect(after.totalConnections).toBe(1);
    expect(after.bytesSent).toBeGreaterThan(0);
  });

  it('carries many connections at once', async () => {
    newService();
    const state = await service.start({ contextId: 'alice', target: podTarget(testNotebook.name), localPort: 0, keep: false }, call);

    const replies = await Promise.all(Array.from({ length: 8 }, () => httpGet(`${state.url}/api/status`, { authorization: `token ${jupyterToken()}` })));

    expect(replies.map((reply) => reply.status)).toEqual(Array(8).fill(200));
  });

  it('heals after the pod is replaced under the same name', async () => {
    newService();
    const name = await routedPod('pf-heal');
    const firstUid = (await coreApi().readNamespacedPod({ namespace, name })).metadata?.uid;
    const state = await service.start({ contextId: 'alice', target: podTarget(name), localPort: 0, keep: false }, call);
    expect((await httpGet(`${state.url}/api/status`, { authorization: `token ${jupyterToken()}` })).status).toBe(200);
    expect(state.pod?.uid).toBe(firstUid);

    await deletePod(namespace, name);
    const broken = await waitForPhase(service, state.id, 'reconnecting');
    expect(broken.reason).toContain(name);
    const secondUid = await createNotebookPod(namespace, name, { app: name });
    const healedAt = Date.now();
    const healed = await waitForPhase(service, state.id, 'active', (current) => current.pod?.uid === secondUid);
    const reply = await httpGet(`${state.url}/api/status`, { authorization: `token ${jupyterToken()}` });

    expect(secondUid).not.toBe(firstUid);
    expect(healed.localPort).toBe(state.localPort);
    expect(reply.status).toBe(200);
    process.stderr.write(`forward healed ${Date.now() - healedAt} ms after the new pod was created\n`);
  });

  it('ends only the connection the pod refuses', async () => {
    // An upstream that serves one connection and then stops listening, so the next one is refused.
    const upstream: Socket[] = [];
    const echo: Server = createServer((socket) => {
      upstream.push(socket);
      socket.pipe(socket);
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const echoPort = (echo.address() as { port: number }).port;
    newService();
    const name = await routedPod('pf-refuse', [{ podPort: 7777, localPort: echoPort }]);
    await waitFor('the pod to be Running', async () => ((await coreApi().readNamespacedPod({ namespace, name })).status?.phase === 'Running' ? true : undefined));
    const state = await service.start({ contextId: 'alice', target: podTarget(name, 7777), localPort: 0, keep: false }, call);

    const first = await openSocket(state.localPort);
    first.write('hello\n');
    await readUntil(first, 'hello');
    // close() stops accepting at once; its callback would wait for the first connection to end.
    echo.close();
    const second = await openSocket(state.localPort);
    const secondEnd = closed(second);
    await secondEnd;
    first.write('still here\n');
    const echoed = await readUntil(first, 'still here');

    expect(echoed).toContain('still here');
    const current = await waitFor('the refused connection to be counted', async () => {
      const latest = await stateOf(service, state.id);
      return latest && latest.failedConnections > 0 ? latest : undefined;
    });
    expect(current.phase).toBe('active');
    expect(current.lastConnectionError).toMatch(/refused/i);
    first.destroy();
    upstream.forEach((socket) => socket.destroy());
  });

  it('rejects a user without pods/portforward naming the permission', async () => {
    newService();
    let caught: unknown;
    try {
      await service.start({ contextId: 'bob', target: podTarget(testNotebook.name), localPort: 0, keep: false }, call);
    } catch (error) {
      caught = error;
    }

    expect(isAppErrorException(caught)).toBe(true);
    const error = isAppErrorException(caught) ? caught.appError : undefined;
    expect(error?.kind).toBe('Forbidden');
    expect(error?.message).toContain("'create'");
    expect(error?.message).toContain('pods/portforward');
    expect(error?.denied).toMatchObject({ verb: 'create', resource: 'pods', subresource: 'portforward', namespace });
    expect(await service.list({}, call)).toEqual([]);
  });

  it('forwards a Service port through its named targetPort', async () => {
    newService();
    const name = await routedPod('pf-svc');
    await coreApi('admin').createNamespacedService({
      namespace,
      body: { metadata: { name, namespace }, spec: { selector: { app: name }, ports: [{ name: 'web', port: 80, targetPort: 'http' }] } },
    });
    try {
      await waitFor('the pod to be Running', async () => ((await coreApi().readNamespacedPod({ namespace, name })).status?.phase === 'Running' ? true : undefined));
      const state = await service.start({ contextId: 'alice', target: { kind: 'service', namespace, name, port: 'web' }, localPort: 0, keep: false }, call);
      const active = await waitForPhase(service, state.id, 'active');
      const reply = await httpGet(`${state.url}/api/status`, { authorization: `token ${jupyterToken()}` });

      expect(active.pod).toMatchObject({ name, port: 8888 });
      expect(reply.status).toBe(200);
    } finally {
      await coreApi('admin').deleteNamespacedService({ namespace, name });
    }
  });

  it('restores kept forwards listening only until the first connection', async () => {
    newService();
    const port = await closedPort();
    const state = await service.start({ contextId: 'alice', target: podTarget(testNotebook.name), localPort: port, keep: true }, call);
    await service.dispose();

    newService();
    await service.restore();
    const [restored] = await service.list({}, call);

    expect(restored).toMatchObject({ phase: 'idle', localPort: state.localPort, keep: true, connections: 0, totalConnections: 0 });
    const reply = await httpGet(`http://127.0.0.1:${port}/api/status`, { authorization: `token ${jupyterToken()}` });
    expect(reply.status).toBe(200);
    expect((await waitForPhase(service, restored?.id ?? '', 'active')).pod?.name).toBe(testNotebook.name);
  });

  it('reports a local port in use as a conflict', async () => {
    newService();
    const first = await service.start({ contextId: 'alice', target: podTarget(testNotebook.name), localPort: 0, keep: false }, call);

    await expect(service.start({ contextId: 'alice', target: podTarget(testNotebook.name), localPort: first.localPort, keep: false }, call)).rejects.toThrow(
      `Local port ${first.localPort} on 127.0.0.1 is already in use`,
    );
  });
});
