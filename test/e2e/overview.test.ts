/**
 * The Overview end to end: browser mode with the real services against the
 * local cluster, driven in Debian's Chromium as a user would, in English and
 * in Simplified Chinese. The GPU numbers on screen must equal what the API
 * server lists, also after the test schedules a GPU pod.
 */
import { KubeConfig, type CoreV1Api } from '@kubernetes/client-node';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, type BrowserSession } from './support/browser';
import { startBrowserMode, type BrowserModeApp } from './support/app';
import { resourceTotals, useTestCluster, type E2eCluster } from './support/cluster';
import { readGpuNumbers } from './support/overview-page';
import { saveScreenshot } from './support/screenshots';
import { testNodes } from '../cluster/profiles/test/fixtures';

const GPU = 'nvidia.com/gpu';
const POD_NAMESPACE = 'default';
/** How long the UI may take to catch up with the API server: watches, coalescing and the scheduler. */
const SETTLE_MS = 60_000;

/** Visible names per language, as the locale files spell them. */
const labels = {
  en: { connect: 'Connect', connected: 'Connected', openOverview: 'Open Overview', overview: 'Overview', clusters: 'Clusters', nodes: 'Nodes', gpuPods: 'GPU Pods' },
  'zh-CN': { connect: '连接', connected: '已连接', openOverview: '打开概览', overview: '概览', clusters: '集群', nodes: '节点', gpuPods: 'GPU Pod' },
} as const;

type Language = keyof typeof labels;

let cluster: E2eCluster;
let app: BrowserModeApp;
let contextName: string;
const createdPods: string[] = [];

beforeAll(async () => {
  cluster = await useTestCluster();
  const config = new KubeConfig();
  config.loadFromFile(cluster.adminKubeconfig);
  contextName = config.getCurrentContext();
  app = await startBrowserMode([cluster.adminKubeconfig]);
});

afterAll(async () => {
  for (const name of createdPods) {
    await cluster.core.deleteNamespacedPod({ name, namespace: POD_NAMESPACE, gracePeriodSeconds: 0 });
  }
  await app?.close();
  await cluster?.release();
});

async function openOverview(page: Page, language: Language): Promise<void> {
  const text = labels[language];
  await page.goto(app.url);
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language);

  // Both languages share one app, so the second visit finds the context already connected.
  const context = page.getByRole('listitem', { name: contextName });
  await context.waitFor();
  const connect = context.getByRole('button', { name: text.connect, exact: true });
  if (await connect.isVisible()) {
    await connect.click();
  }
  await context.getByText(text.connected, { exact: true }).waitFor({ timeout: SETTLE_MS });
  await saveScreenshot(page, `clusters-${language}`);

  await context.getByRole('button', { name: text.openOverview }).click();
  await page.getByRole('heading', { level: 1, name: text.overview }).waitFor();
  await page.getByRole('table', { name: text.nodes }).waitFor();
}

async function expectNumbersMatchApi(page: Page, core: CoreV1Api): Promise<void> {
  // The API side is read inside the poll too, so both sides converge on the same state.
  await expect
    .poll(
      async () => {
        const [api, shown] = await Promise.all([resourceTotals(core, GPU), readGpuNumbers(page, GPU)]);
        return { api, shown: { capacity: shown.capacity, allocatable: shown.allocatable, requested: shown.requested } };
      },
      { timeout: SETTLE_MS, interval: 500 },
    )
    .toSatisfy(({ api, shown }) => api.capacity === shown.capacity && api.allocatable === shown.allocatable && api.requested === shown.requested);
}

function gpuPod(name: string, gpus: number) {
  return {
    metadata: { name, namespace: POD_NAMESPACE, labels: { 'app.kubernetes.io/part-of': 'drun-e2e' } },
    spec: {
      // The A100 node, so the H100's eight cards stay free for tests that need all of them.
      nodeSelector: { 'kubernetes.io/hostname': testNodes.a100 },
      containers: [{ name: 'train', image: 'busybox', resources: { requests: { [GPU]: String(gpus) }, limits: { [GPU]: String(gpus) } } }],
    },
  };
}

async function waitUntilBound(core: CoreV1Api, name: string): Promise<string> {
  let node: string | undefined;
  await expect
    .poll(
      async () => {
        const pod = await core.readNamespacedPod({ name, namespace: POD_NAMESPACE });
        node = pod.spec?.nodeName;
        return node;
      },
      { timeout: SETTLE_MS, interval: 500 },
    )
    .toBeTruthy();
  return node ?? '';
}

describe.each<[Language, 'light' | 'dark']>([
  ['en', 'light'],
  ['zh-CN', 'dark'],
])('overview in %s', (language, colorScheme) => {
  let browser: BrowserSession;

  beforeAll(async () => {
    browser = await launchBrowser({ locale: language === 'en' ? 'en-US' : 'zh-CN', colorScheme });
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('GPU numbers equal the API server', async () => {
    const { page } = browser;
    await openOverview(page, language);

    await expectNumbersMatchApi(page, cluster.core);
    await saveScreenshot(page, `overview-${language}`);
  });

  test('a new GPU pod raises the requested count', async () => {
    const { page } = browser;
    const before = await resourceTotals(cluster.core, GPU);
    const name = `e2e-gpu-${language.toLowerCase()}-${Date.now().toString(36)}`;

    await cluster.core.createNamespacedPod({ namespace: POD_NAMESPACE, body: gpuPod(name, 1) });
    createdPods.push(name);
    const node = await waitUntilBound(cluster.core, name);

    const after = await resourceTotals(cluster.core, GPU);
    expect(after.requested).toBe(before.requested + 1);
    await expectNumbersMatchApi(page, cluster.core);

    const pods = page.getByRole('table', { name: labels[language].gpuPods });
    await pods.getByRole('row').filter({ hasText: name }).waitFor({ timeout: SETTLE_MS });
    await expect.poll(() => pods.getByRole('row').filter({ hasText: name }).textContent()).toContain(node);
    await saveScreenshot(page, `overview-gpu-pod-${language}`);
  });
});
