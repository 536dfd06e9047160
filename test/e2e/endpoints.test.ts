/**
 * The Endpoints screen end to end: browser mode with the real services
 * against the local cluster, in Debian's Chromium. A vLLM-looking Deployment
 * with a Service is seeded in a namespace of its own, its pods are routed by
 * kwok to a local OpenAI-compatible server, and the user finds it, opens
 * "try it", sends a message and reads the streamed answer, in English and
 * in Simplified Chinese.
 */
import { AppsV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startOpenAIServer, type RunningOpenAIServer } from '../cluster/servers/openai';
import { startBrowserMode, type BrowserModeApp } from './support/app';
import { launchBrowser, type BrowserSession } from './support/browser';
import { useTestCluster, type E2eCluster } from './support/cluster';
import { saveScreenshot } from './support/screenshots';

const MODEL = 'Qwen/Qwen2.5-7B-Instruct';
const NAME = 'qwen-chat';
const SETTLE_MS = 60_000;

const labels = {
  en: { connect: 'Connect', connected: 'Connected', endpoints: 'Endpoints', tryIt: 'Try it', send: 'Send', answer: 'This is a simulated answer', ttft: 'Time to first token' },
  'zh-CN': { connect: '连接', connected: '已连接', endpoints: '推理服务', tryIt: '试用', send: '发送', answer: 'This is a simulated answer', ttft: '首 token 时延' },
} as const;

type Language = keyof typeof labels;

let cluster: E2eCluster;
let app: BrowserModeApp;
let openai: RunningOpenAIServer;
let contextName: string;
let appsApi: AppsV1Api;
const namespace = `ep-e2e-${Date.now().toString(36)}`;

async function seed(config: KubeConfig): Promise<void> {
  appsApi = config.makeApiClient(AppsV1Api);
  await cluster.core.createNamespace({ body: { metadata: { name: namespace } } });
  const labelSet = { 'app.kubernetes.io/name': NAME };
  await appsApi.createNamespacedDeployment({
    namespace,
    body: {
      metadata: { name: NAME, namespace, labels: labelSet },
      spec: {
        replicas: 1,
        selector: { matchLabels: labelSet },
        template: {
          metadata: { labels: labelSet },
          spec: {
            nodeSelector: { 'kubernetes.io/hostname': 'cpu-0' },
            terminationGracePeriodSeconds: 0,
            containers: [{ name: 'vllm', image: 'vllm/vllm-openai:v0.8.5', args: ['--model', MODEL, '--port', '8000'], ports: [{ name: 'http', containerPort: 8000 }] }],
          },
        },
      },
    },
  });
  await cluster.core.createNamespacedService({ namespace, body: { metadata: { name: NAME, namespace }, spec: { selector: labelSet, ports: [{ name: 'http', port: 8000, targetPort: 'http' as never }] } } });
  let pod: string | undefined;
  const deadline = Date.now() + SETTLE_MS;
  while (!pod && Date.now() < deadline) {
    const pods = await cluster.core.listNamespacedPod({ namespace, labelSelector: `app.kubernetes.io/name=${NAME}` });
    pod = pods.items.find((item) => item.status?.phase === 'Running')?.metadata?.name;
    if (!pod) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (!pod) throw new Error(`no Running pod of ${namespace}/${NAME} within ${SETTLE_MS / 1000} s`);
  const custom = config.makeApiClient(CustomObjectsApi);
  await custom.createNamespacedCustomObject({
    group: 'kwok.x-k8s.io',
    version: 'v1alpha1',
    namespace,
    plural: 'portforwards',
    body: { apiVersion: 'kwok.x-k8s.io/v1alpha1', kind: 'PortForward', metadata: { name: pod, namespace }, spec: { forwards: [{ ports: [8000], target: { address: '127.0.0.1', port: openai.port } }] } },
  });
}

beforeAll(async () => {
  cluster = await useTestCluster();
  openai = await startOpenAIServer({ models: [MODEL], firstTokenDelayMs: 40, tokenDelayMs: 15 });
  const config = new KubeConfig();
  config.loadFromFile(cluster.adminKubeconfig);
  contextName = config.getCurrentContext();
  await seed(config);
  app = await startBrowserMode([cluster.adminKubeconfig]);
});

afterAll(async () => {
  await app?.close();
  await cluster?.core.deleteNamespace({ name: namespace }).catch(() => undefined);
  await openai?.close();
  await cluster?.release();
});

async function openEndpoints(page: Page, language: Language): Promise<void> {
  const text = labels[language];
  await page.goto(app.url);
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language);
  const context = page.getByRole('listitem', { name: contextName });
  await context.waitFor();
  const connect = context.getByRole('button', { name: text.connect, exact: true });
  if (await connect.isVisible()) {
    await connect.click();
  }
  await context.getByText(text.connected, { exact: true }).waitFor({ timeout: SETTLE_MS });
  await page.getByRole('navigation').getByRole('button', { name: text.endpoints, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: text.endpoints }).waitFor();
}

describe.each<[Language, 'light' | 'dark']>([
  ['en', 'light'],
  ['zh-CN', 'dark'],
])('endpoints in %s', (language, colorScheme) => {
  let browser: BrowserSession;

  beforeAll(async () => {
    browser = await launchBrowser({ locale: language === 'en' ? 'en-US' : 'zh-CN', colorScheme, viewport: { width: 1440, height: 1400 } });
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('tries a model and sees the streamed answer', async () => {
    const { page } = browser;
    const text = labels[language];
    await openEndpoints(page, language);

    await page.getByRole('searchbox').fill(namespace);
    const row = page.getByRole('button', { name: `${namespace}/${NAME}` });
    await row.waitFor({ timeout: SETTLE_MS });
    await expect.poll(async () => page.getByRole('row').filter({ has: row }).innerText(), { timeout: SETTLE_MS }).toContain('1 / 1');
    await saveScreenshot(page, `endpoints-list-${language}`);

    await row.click();
    await page.getByRole('button', { name: text.tryIt, exact: true }).click();
    const modelSelect = page.locator('.ep-try select');
    await expect.poll(() => modelSelect.inputValue(), { timeout: SETTLE_MS }).toBe(MODEL);
    await page.getByRole('button', { name: text.send, exact: true }).click();

    const answer = page.getByTestId('try-answer');
    await expect.poll(() => answer.innerText(), { timeout: SETTLE_MS }).toContain(text.answer);
    await page.getByTestId('try-stats').getByText(text.ttft).waitFor({ timeout: SETTLE_MS });
    await expect.poll(() => answer.innerText(), { timeout: SETTLE_MS }).toContain('streamed one word at a time.');
    await page.locator('.ep-try').scrollIntoViewIfNeeded();
    await saveScreenshot(page, `endpoints-try-${language}`);
  });
});
