/**
 * The Endpoints service against the local cluster: discovery of model
 * servers, apps and an InferenceService with their replicas and routes;
 * "try it" through a real port-forward to a local OpenAI-compatible server;
 * scale, restart and deploy; and the clear messages for servers that answer
 * with an error, a body that is not OpenAI's, or nothing at all.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWatchCache, type WatchCache } from '../../../main/cache/watch-cache';
import { createEndpointsService, type EndpointsService } from '../../../main/endpoints/service';
import { createEndpointTemplates } from '../../../main/endpoints/templates';
import { streamChat } from '../../../main/endpoints/try-it';
import { createPortForwardService, type PortForwardService } from '../../../main/portforward/service';
import type { CallContext } from '../../../shared/contract';
import type { ChatEvent, EndpointDetail, EndpointRow, EndpointsSummary } from '../../../shared/models/endpoints';
import type { TableWindow } from '../../../shared/models/overview';
import { startOpenAIServer, type RunningOpenAIServer } from '../../cluster/servers/openai';
import { kubeJson } from '../../../main/clusters/request';
import { coreApi, customObjectsApi, kubeConfigFor, uniqueName } from '../cluster/support';
import { apps, autoscaling, collect, CONTEXT, createService, deployment, ensureInferenceServiceCrd, fakeClusters, networking, removeInferenceServiceCrd, routePods } from './harness';
import { startLocalServer, type LocalServer } from './local-servers';

const call = (): CallContext => ({ transport: 'direct', signal: new AbortController().signal });
const MODEL = 'Qwen/Qwen2.5-7B-Instruct';
const ISVC_MODEL = 'meta-llama/Meta-Llama-3-8B-Instruct';
const SHORT = { headersMs: 2_000, idleMs: 2_000, totalMs: 10_000 };

const namespace = uniqueName('ep');
const names = { vllm: 'qwen-vllm', tgi: 'tgi-server', gradio: 'chat-ui', plain: 'plain-busybox', isvc: 'llama3', silent: 'silent-vllm' };

let openai: RunningOpenAIServer;
let silent: LocalServer;
let cache: WatchCache;
let forwards: PortForwardService;
let service: EndpointsService;
let userDataDir: string;
let createdCrd = false;

async function seed(): Promise<void> {
  await coreApi('admin').createNamespace({ body: { metadata: { name: namespace, labels: { 'd.run/test': 'endpoints' } } } });
  await apps().createNamespacedDeployment({
    namespace,
    body: deployment(namespace, names.vllm, 2, { name: 'vllm', image: 'vllm/vllm-openai:v0.8.5', args: ['--model', MODEL, '--port', '8000'], port: 8000, gpus: 1 }),
  });
  await createService(namespace, names.vllm, 8000, 'http');
  await apps().createNamespacedDeployment({
    namespace,
    body: deployment(namespace, names.gradio, 1, { name: 'gradio', image: 'python:3.12-slim', env: { GRADIO_SERVER_PORT: '7860' }, port: 7860 }),
  });
  await createService(namespace, names.gradio, 80, 7860);
  await apps().createNamespacedDeployment({ namespace, body: deployment(namespace, names.plain, 1, { name: 'main', image: 'busybox:1.36', port: 8080 }) });
  await apps().createNamespacedDeployment({
    namespace,
    body: deployment(namespace, names.silent, 1, { name: 'vllm', image: 'vllm/vllm-openai:v0.8.5', args: ['--model', MODEL], port: 8000 }),
  });
  const tgi = deployment(namespace, names.tgi, 1, { name: 'tgi', image: 'ghcr.io/huggingface/text-generation-inference:3.0', args: ['--model-id', 'mistralai/Mistral-7B-Instruct-v0.3', '--port', '8080'], port: 8080 });
  await apps().createNamespacedStatefulSet({ namespace, body: { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: tgi.metadata!, spec: { ...tgi.spec!, serviceName: names.tgi } } });
  await autoscaling().createNamespacedHorizontalPodAutoscaler({
    namespace,
    body: {
      metadata: { name: names.vllm, namespace },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: names.vllm },
        minReplicas: 1,
        maxReplicas: 4,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
      },
    },
  });
  await networking().createNamespacedIngress({
    namespace,
    body: {
      metadata: { name: names.vllm, namespace },
      spec: { rules: [{ host: 'qwen.example.test', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: names.vllm, port: { number: 8000 } } } }] } }] },
    },
  });
  await seedInferenceService();
}

async function seedInferenceService(): Promise<void> {
  createdCrd = await ensureInferenceServiceCrd();
  const isvc = {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name: names.isvc, namespace, annotations: { 'serving.kserve.io/deploymentMode': 'RawDeployment' } },
    spec: { predictor: { minReplicas: 1, maxReplicas: 2, model: { modelFormat: { name: 'huggingface' }, args: [`--model_name=${ISVC_MODEL}`] } } },
  };
  await customObjectsApi('admin').createNamespacedCustomObject({ group: 'serving.kserve.io', version: 'v1beta1', namespace, plural: 'inferenceservices', body: isvc });
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  await kubeJson(kubeConfigFor('admin'), `/apis/serving.kserve.io/v1beta1/namespaces/${namespace}/inferenceservices/${names.isvc}/status`, {
    method: 'PATCH',
    contentType: 'application/merge-patch+json',
    body: {
      status: {
        url: `http://${names.isvc}-${namespace}.example.test`,
        address: { url: `http://${names.isvc}-predictor.${namespace}.svc.cluster.local` },
        conditions: ['IngressReady', 'PredictorReady', 'Ready'].map((type) => ({ type, status: 'True', lastTransitionTime: now })),
        deploymentMode: 'RawDeployment',
      },
    },
  });
  const predictorLabels = { 'serving.kserve.io/inferenceservice': names.isvc, component: 'predictor' };
  const predictor = deployment(namespace, `${names.isvc}-predictor`, 1, { name: 'kserve-container', image: 'kserve/huggingfaceserver:v0.15.2-gpu', args: [`--model_name=${ISVC_MODEL}`, '--http_port=8080'], port: 8080 }, predictorLabels);
  await apps().createNamespacedDeployment({ namespace, body: predictor });
}

/** The rows of the test namespace once `ready` accepts them. */
function rowsWhen(ready: (byName: Map<string, EndpointRow>) => boolean): Promise<EndpointRow[]> {
  return collect<TableWindow<EndpointRow>>(
    (emit) => service.list({ contextId: CONTEXT, offset: 0, limit: 100, filter: namespace, sortBy: 'name', sortDirection: 'asc' }, emit, call()),
    (window) => ready(new Map(window.rows.map((row) => [row.name, row]))),
  ).then((windows) => windows.at(-1)!.rows);
}

/** The seeded rows once every seeded pod is Ready. */
function listRows(): Promise<EndpointRow[]> {
  return rowsWhen((byName) => byName.get(names.vllm)?.ready === 2 && byName.get(names.isvc)?.ready === 1 && byName.get(names.tgi)?.ready === 1 && byName.get(names.gradio)?.ready === 1);
}

function chat(id: string, model: string): Promise<ChatEvent[]> {
  return collect<ChatEvent>(
    (emit) => service.chat({ contextId: CONTEXT, id, model, messages: [{ role: 'user', content: 'What is a KV cache?' }], maxTokens: 64 }, emit, call()),
    (event) => event.type === 'done' || event.type === 'failed',
  );
}

beforeAll(async () => {
  openai = await startOpenAIServer({ models: [MODEL, ISVC_MODEL], firstTokenDelayMs: 30, tokenDelayMs: 5 });
  silent = await startLocalServer('silent');
  cache = createWatchCache();
  userDataDir = await mkdtemp(join(tmpdir(), 'drun-ep-'));
  const clusters = fakeClusters();
  forwards = createPortForwardService({ clusters, cache, userDataDir });
  service = createEndpointsService({
    clusters,
    cache,
    portforward: forwards,
    templates: createEndpointTemplates(join(process.cwd(), 'resources', 'endpoints')),
    chatLimits: SHORT,
    quickLimits: SHORT,
  });
  await seed();
  await routePods(namespace, `app.kubernetes.io/name=${names.vllm}`, 2, 8000, openai.port);
  await routePods(namespace, `serving.kserve.io/inferenceservice=${names.isvc}`, 1, 8080, openai.port);
  await routePods(namespace, `app.kubernetes.io/name=${names.silent}`, 1, 8000, silent.port);
});

afterAll(async () => {
  await service?.dispose();
  await forwards?.dispose();
  cache?.dispose();
  await coreApi('admin').deleteNamespace({ name: namespace }).catch(() => undefined);
  if (createdCrd) await removeInferenceServiceCrd();
  await openai?.close();
  await silent?.close();
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
});

describe('endpoint discovery', () => {
  it('finds every seeded endpoint with its kind and replicas', async () => {
    const rows = await listRows();
    const byName = new Map(rows.map((row) => [row.name, row]));

    expect([...byName.keys()].sort()).toEqual([names.gradio, names.isvc, names.vllm, names.silent, names.tgi].sort());
    expect(byName.get(names.vllm)).toMatchObject({ kind: 'Deployment', server: 'vllm', category: 'model', model: MODEL, openAI: true, desired: 2, ready: 2, gpus: 2, health: 'ready' });
    expect(byName.get(names.tgi)).toMatchObject({ kind: 'StatefulSet', server: 'tgi', model: 'mistralai/Mistral-7B-Instruct-v0.3', desired: 1, ready: 1 });
    expect(byName.get(names.gradio)).toMatchObject({ kind: 'Deployment', server: 'gradio', category: 'app', desired: 1, ready: 1 });
    expect(byName.get(names.isvc)).toMatchObject({ kind: 'InferenceService', server: 'kserve', model: ISVC_MODEL, deploymentMode: 'Standard', desired: 1, ready: 1, health: 'ready' });
  });

  it('shows routes and autoscaling in front of an endpoint', async () => {
    const rows = await listRows();
    const vllm = rows.find((row) => row.name === names.vllm)!;
    const isvc = rows.find((row) => row.name === names.isvc)!;

    expect(vllm.urls.map((url) => url.url)).toEqual(expect.arrayContaining(['http://qwen.example.test/', `http://${names.vllm}.${namespace}.svc:8000`]));
    expect(vllm.autoscaler).toMatchObject({ kind: 'HorizontalPodAutoscaler', name: names.vllm, min: 1, max: 4, metrics: ['cpu 80%'] });
    expect(isvc.urls[0]).toMatchObject({ url: `http://${names.isvc}-${namespace}.example.test`, source: 'kserve', external: true });
  });

  it('gives the detail with pods, conditions and the summary', async () => {
    const id = `Deployment/${namespace}/${names.vllm}`;
    const details = await collect<EndpointDetail>((emit) => service.detail({ contextId: CONTEXT, id }, emit, call()), (detail) => detail.pods.length === 2);
    const summaries = await collect<EndpointsSummary>((emit) => service.summary({ contextId: CONTEXT }, emit, call()), (summary) => summary.synced);

    expect(details.at(-1)!.pods.every((pod) => pod.ready)).toBe(true);
    expect(details.at(-1)!.conditions.map((condition) => condition.type)).toContain('Available');
    expect(details.at(-1)!.services).toEqual([{ name: names.vllm, ports: [{ name: 'http', port: 8000, targetPort: 'http' }] }]);
    expect(summaries.at(-1)!.apis.kserve).toBe(true);
  });
});

describe('try it', () => {
  it('lists the models through a port-forward', async () => {
    const reply = await service.models({ contextId: CONTEXT, id: `Deployment/${namespace}/${names.vllm}` }, call());

    expect(reply.problem).toBeUndefined();
    expect(reply.via).toBe('forward');
    expect(reply.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(reply.models.map((model) => model.id)).toEqual([MODEL, ISVC_MODEL]);
  });

  it('streams a chat answer with timings', async () => {
    const events = await chat(`Deployment/${namespace}/${names.vllm}`, MODEL);
    const answer = events.filter((event) => event.type === 'delta').map((event) => event.text).join('');
    const done = events.at(-1);

    expect(events[0]).toMatchObject({ type: 'connecting', via: 'forward', target: `service/${names.vllm}:8000` });
    expect(answer).toContain(`This is a simulated answer from ${MODEL}`);
    expect(done?.type).toBe('done');
    if (done?.type !== 'done') return;
    expect(done.stats.timeToFirstTokenMs).toBeGreaterThan(0);
    expect(done.stats.tokensPerSecond).toBeGreaterThan(0);
    expect(done.stats.tokenSource).toBe('usage');
    expect(done.response.body).toContain('data: [DONE]');
  });

  it('finds the OpenAI path of an InferenceService', async () => {
    const id = `InferenceService/${namespace}/${names.isvc}`;
    const reply = await service.models({ contextId: CONTEXT, id }, call());
    const events = await chat(id, ISVC_MODEL);

    expect(reply.models.map((model) => model.id)).toContain(ISVC_MODEL);
    expect(reply.baseUrl).toMatch(/\/v1$/);
    expect(events.at(-1)?.type).toBe('done');
  });

  it('reports a silent server through the forward', async () => {
    const events = await chat(`Deployment/${namespace}/${names.silent}`, MODEL);
    const last = events.at(-1);

    expect(last).toMatchObject({ type: 'failed', problem: { code: 'timeoutHeaders', seconds: 2 } });
  });
});

describe('try it failures', () => {
  const servers: LocalServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  const tryServer = async (behaviour: 'error' | 'html' | 'silent' | 'stall'): Promise<ChatEvent[]> => {
    const server = await startLocalServer(behaviour);
    servers.push(server);
    const events: ChatEvent[] = [];
    await streamChat({ baseUrl: `${server.url}/v1`, model: MODEL, messages: [{ role: 'user', content: 'hi' }], maxTokens: 8, includeUsage: false, signal: new AbortController().signal, limits: SHORT, emit: (event) => events.push(event) });
    return events;
  };

  it('words an error answer', async () => {
    const last = (await tryServer('error')).at(-1);
    expect(last).toMatchObject({ type: 'failed', problem: { code: 'httpError', status: 500, message: 'The server answered HTTP 500: CUDA out of memory.' } });
  });

  it('words a body that is not OpenAI', async () => {
    const last = (await tryServer('html')).at(-1);
    expect(last).toMatchObject({ type: 'failed', problem: { code: 'notOpenAI', excerpt: expect.stringContaining('Welcome to nginx') } });
  });

  it('gives up on silence', async () => {
    const last = (await tryServer('silent')).at(-1);
    expect(last).toMatchObject({ type: 'failed', problem: { code: 'timeoutHeaders' } });
  });

  it('gives up on a stream that stalls', async () => {
    const events = await tryServer('stall');
    expect(events.filter((event) => event.type === 'delta').map((event) => event.text).join('')).toBe('Hello');
    expect(events.at(-1)).toMatchObject({ type: 'failed', problem: { code: 'timeoutIdle' }, stats: { completionTokens: 1 } });
  });
});

describe('endpoint actions', () => {
  it('scales the Deployment', async () => {
    const result = await service.scale({ contextId: CONTEXT, id: `Deployment/${namespace}/${names.gradio}`, replicas: 3 }, call());
    const scaled = await apps().readNamespacedDeployment({ namespace, name: names.gradio });

    expect(result.kubectl).toBe(`kubectl -n ${namespace} scale deployment/${names.gradio} --replicas=3`);
    expect(scaled.spec?.replicas).toBe(3);
  });

  it('names the autoscaler that will override a scale', async () => {
    const result = await service.scale({ contextId: CONTEXT, id: `Deployment/${namespace}/${names.vllm}`, replicas: 2 }, call());
    expect(result.autoscaledBy).toBe(`HorizontalPodAutoscaler/${names.vllm}`);
  });

  it('restarts with the rollout annotation', async () => {
    const result = await service.restart({ contextId: CONTEXT, id: `Deployment/${namespace}/${names.gradio}` }, call());
    const restarted = await apps().readNamespacedDeployment({ namespace, name: names.gradio });

    expect(restarted.spec?.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']).toBe(result.restartedAt);
  });

  it('previews and deploys a template', async () => {
    const input = { template: 'vllm' as const, namespace, name: 'deployed-qwen', image: 'vllm/vllm-openai:v0.8.5', model: MODEL, gpus: 1, gpuResource: 'nvidia.com/gpu', replicas: 1 };
    const preview = await service.previewDeploy({ contextId: CONTEXT, input }, call());
    const missing = await apps().readNamespacedDeployment({ namespace, name: input.name }).catch(() => undefined);
    const result = await service.deploy({ contextId: CONTEXT, input }, call());
    const created = await apps().readNamespacedDeployment({ namespace, name: input.name });

    expect(preview.outcomes.map((outcome) => `${outcome.kind}:${outcome.outcome}`)).toEqual(['Deployment:created', 'Service:created']);
    expect(preview.yaml).toContain('--served-model-name');
    expect(missing).toBeUndefined();
    expect(result.outcomes.every((outcome) => outcome.outcome === 'created')).toBe(true);
    expect(created.spec?.template.spec?.containers[0]?.resources?.limits?.['nvidia.com/gpu']).toBe('1');
    const rows = await rowsWhen((byName) => byName.has(input.name));
    expect(rows.find((row) => row.name === input.name)).toMatchObject({ server: 'vllm', model: MODEL, desired: 1 });
  });
});
