/**
 * The GPU utilization parts of the Overview end to end, in English and in
 * Simplified Chinese: the device map shows each card's holder and the
 * utilization Prometheus reports, the charts draw the last hour, and the idle
 * GPU view lists the idle pod with a link back to its node.
 */
import { KubeConfig, type V1Pod } from '@kubernetes/client-node';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { kubeconfigContract } from '../../shared/contracts';
import { gpuContract } from '../../shared/contracts/gpu';
import { testNodes } from '../cluster/profiles/test/fixtures';
import { MEMORY_ANNOTATION, UTIL_ANNOTATION } from '../cluster/servers/gpu-devices';
import { directClient, startMetricsStack, type MetricsStack } from '../integration/gpu/support';
import { startBrowserMode, type BrowserModeApp } from './support/app';
import { launchBrowser, type BrowserSession } from './support/browser';
import { useTestCluster, type E2eCluster } from './support/cluster';
import { saveScreenshot } from './support/screenshots';

const NAMESPACE = 'default';
const SETTLE_MS = 120_000;
const suffix = Date.now().toString(36);
const idlePod = `e2e-gpu-idle-${suffix}`;
const busyPod = `e2e-gpu-busy-${suffix}`;

const labels = {
  en: { connect: 'Connect', connected: 'Connected', openOverview: 'Open Overview', overview: 'Overview', idleTab: 'Idle GPUs', inventoryTab: 'Inventory', show: `Show ${NAMESPACE}/${idlePod} in the inventory`, devices: 'Devices per node', idleTable: 'Idle GPUs', charts: ['Utilization (%)', 'Memory used (GiB)', 'Allocation (device units)'] },
  'zh-CN': { connect: '连接', connected: '已连接', openOverview: '打开概览', overview: '概览', idleTab: '空闲 GPU', inventoryTab: '资源清单', show: `在资源清单中查看 ${NAMESPACE}/${idlePod}`, devices: '各节点的设备', idleTable: '空闲 GPU', charts: ['利用率（%）', '显存使用量（GiB）', '分配（设备数）'] },
} as const;
type Language = keyof typeof labels;

let cluster: E2eCluster;
let app: BrowserModeApp;
let stack: MetricsStack;
let contextName: string;

function gpuPod(name: string, util: string): V1Pod {
  return {
    metadata: { name, namespace: NAMESPACE, annotations: { [UTIL_ANNOTATION]: util, [MEMORY_ANNOTATION]: '4096' } },
    spec: {
      nodeSelector: { 'kubernetes.io/hostname': testNodes.a100 },
      containers: [{ name: 'main', image: 'busybox', resources: { requests: { 'nvidia.com/gpu': '1' }, limits: { 'nvidia.com/gpu': '1' } } }],
      terminationGracePeriodSeconds: 0,
    },
  };
}

beforeAll(async () => {
  cluster = await useTestCluster();
  const config = new KubeConfig();
  config.loadFromFile(cluster.adminKubeconfig);
  contextName = config.getCurrentContext();
  stack = await startMetricsStack(cluster.adminKubeconfig);
  await cluster.core.createNamespacedPod({ namespace: NAMESPACE, body: gpuPod(idlePod, '0') });
  await cluster.core.createNamespacedPod({ namespace: NAMESPACE, body: gpuPod(busyPod, '70') });
  app = await startBrowserMode([cluster.adminKubeconfig]);
});

afterAll(async () => {
  for (const name of [idlePod, busyPod]) await cluster?.core.deleteNamespacedPod({ name, namespace: NAMESPACE, gracePeriodSeconds: 0 }).catch(() => undefined);
  await app?.close();
  await stack?.close();
  await cluster?.release();
});

async function openOverview(page: Page, language: Language): Promise<void> {
  const text = labels[language];
  await page.goto(app.url);
  const context = page.getByRole('listitem', { name: contextName });
  await context.waitFor();
  const connect = context.getByRole('button', { name: text.connect, exact: true });
  if (await connect.isVisible()) await connect.click();
  await context.getByText(text.connected, { exact: true }).waitFor({ timeout: SETTLE_MS });
  await context.getByRole('button', { name: text.openOverview }).click();
  await page.getByRole('heading', { level: 1, name: text.overview }).waitFor();
}

/** Lines of each chart, in the order `labels.charts` names the charts. */
const CHART_LINES = [1, 2, 2];

/**
 * Counts the lines of a chart that a user can see: a curve with length, or
 * the dot of a line with one value. Playwright's visibility check cannot
 * tell, because a flat line (steady utilization) has a bounding box of no height.
 */
async function drawnLines(page: Page, chart: string): Promise<number> {
  return page.getByRole('figure', { name: chart, exact: true }).evaluate((figure) =>
    [...figure.querySelectorAll('.recharts-line')].filter((line) => {
      const curve = line.querySelector<SVGPathElement>('path.recharts-line-curve');
      const dot = line.querySelector<SVGCircleElement>('circle.recharts-line-dot');
      return (curve !== null && curve.getTotalLength() > 0) || (dot !== null && dot.r.baseVal.value > 0);
    }).length,
  );
}

let configured = false;

/** Points the app at the test's Prometheus once the context is connected (the settings are per context). */
async function configureSource(): Promise<void> {
  if (configured) return;
  const gpu = directClient(app.app, gpuContract);
  const kube = directClient(app.app, kubeconfigContract);
  const snapshot = await kube.client.snapshot({});
  if (!snapshot.ok) throw new Error(snapshot.error.message);
  const contextId = snapshot.value.contexts.find((candidate) => candidate.name === contextName)!.id;
  const saved = await gpu.client.saveSettings({ contextId, settings: { source: { kind: 'url', url: stack.prometheusUrl }, sampleIntervalSeconds: 2, idleUtilizationPercent: 5, idleMinutes: 1 } });
  if (!saved.ok) throw new Error(saved.error.message);
  gpu.close();
  kube.close();
  configured = true;
}

describe.each<[Language, 'light' | 'dark']>([
  ['en', 'light'],
  ['zh-CN', 'dark'],
])('GPU utilization in %s', (language, colorScheme) => {
  let browser: BrowserSession;

  beforeAll(async () => {
    browser = await launchBrowser({ locale: language === 'en' ? 'en-US' : 'zh-CN', colorScheme });
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('the device map shows holders and utilization, and the charts draw', async () => {
    const { page } = browser;
    await configureSource();
    await openOverview(page, language);
    await page.getByRole('heading', { name: labels[language].devices }).waitFor();

    const busyTile = page.locator('.device-tile', { hasText: busyPod });
    await busyTile.waitFor({ timeout: SETTLE_MS });
    await expect.poll(() => busyTile.locator('[data-field="utilization"]').textContent(), { timeout: SETTLE_MS }).toBe('70 %');
    const util = await stack.query(`DCGM_FI_DEV_GPU_UTIL{pod="${busyPod}"}`);
    expect(Number(util[0]?.value[1])).toBe(70);

    await expect.poll(() => page.locator('#gpu-charts-title').locator('xpath=../..').getAttribute('data-points'), { timeout: SETTLE_MS }).not.toBe('0');
    for (const [index, chart] of labels[language].charts.entries()) {
      await expect.poll(() => drawnLines(page, chart), { timeout: SETTLE_MS }).toBe(CHART_LINES[index]);
    }
    await saveScreenshot(page, `gpu-overview-${language}`);
  });

  test('the idle view lists the idle pod and links to it', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: new RegExp(labels[language].idleTab) }).click();
    const table = page.getByRole('table', { name: labels[language].idleTable });
    await table.getByRole('row').filter({ hasText: idlePod }).waitFor({ timeout: SETTLE_MS });
    expect(await table.getByRole('row').filter({ hasText: busyPod }).count()).toBe(0);
    await saveScreenshot(page, `gpu-idle-${language}`);

    await page.getByRole('button', { name: labels[language].show }).click();
    await page.getByRole('tab', { name: labels[language].inventoryTab, selected: true }).waitFor();
    await page.locator('.device-focus', { hasText: idlePod }).waitFor();
    await saveScreenshot(page, `gpu-idle-link-${language}`);
  });
});
