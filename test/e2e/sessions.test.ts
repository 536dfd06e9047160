/**
 * The Sessions screen end to end: browser mode with the real services
 * against the local cluster, in Debian's Chromium, in English and in
 * Simplified Chinese. The user creates a notebook with one click, follows
 * its Open link to JupyterLab through the app's port-forward, then stops and
 * deletes it. Then the user opens a terminal on the test notebook pod, runs a
 * command and reads its output in xterm.
 *
 * kwok routes the notebook's pod, by name, to the cluster's local JupyterLab,
 * as the notebook integration test does. That server checks a fixed token, so
 * the token Secret is created first: the app reuses a leftover Secret of an
 * earlier launch as it is, and its Open link then carries the server's token.
 */
import { AppsV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { testNotebook } from '../cluster/profiles/test/fixtures';
import { startBrowserMode, type BrowserModeApp } from './support/app';
import { launchBrowser, type BrowserSession } from './support/browser';
import { useTestCluster, type E2eCluster } from './support/cluster';
import { saveScreenshot } from './support/screenshots';

/** Pod start, forward and token lookup, with kwok and the watch cache in between. */
const SETTLE_MS = 90_000;
const NAMESPACE = testNotebook.namespace;

/** Visible names per language, as the locale files spell them. */
const labels = {
  en: {
    connect: 'Connect',
    connected: 'Connected',
    clusters: 'Clusters',
    sessions: 'Sessions',
    notebooksTab: 'Notebooks',
    terminalsTab: 'Terminals',
    tenantNamespace: 'Tenant namespace',
    newNotebook: 'New notebook',
    name: 'Name',
    gpus: 'GPUs',
    launch: 'Create and open',
    openIn: (name: string) => `Open ${name} in a new tab`,
    stop: 'Stop',
    stopped: 'Stopped',
    delete: 'Delete',
    deleteTitle: (name: string) => `Delete notebook ${name}?`,
    empty: 'No notebook in this namespace yet.',
    namespace: 'Namespace',
    loadPods: 'Load Pods',
    pod: 'Pod',
    openTerminal: 'Open terminal',
  },
  'zh-CN': {
    connect: '连接',
    connected: '已连接',
    clusters: '集群',
    sessions: '会话',
    notebooksTab: 'Notebook',
    terminalsTab: '终端',
    tenantNamespace: '租户命名空间',
    newNotebook: '新建 Notebook',
    name: '名称',
    gpus: 'GPU 数量',
    launch: '创建并打开',
    openIn: (name: string) => `在新标签页中打开 ${name}`,
    stop: '停止',
    stopped: '已停止',
    delete: '删除',
    deleteTitle: (name: string) => `删除 Notebook ${name}？`,
    empty: '此命名空间中还没有 Notebook。',
    namespace: '命名空间',
    loadPods: '加载 Pod',
    pod: 'Pod',
    openTerminal: '打开终端',
  },
} as const;

type Language = keyof typeof labels;

let cluster: E2eCluster;
let app: BrowserModeApp;
let contextName: string;
let apps: AppsV1Api;
let custom: CustomObjectsApi;
let jupyterPort: number;
let jupyterToken: string;
const notebooks: string[] = [];

beforeAll(async () => {
  cluster = await useTestCluster();
  const url = cluster.state.info['jupyter.url'];
  const token = cluster.state.info['jupyter.token'];
  if (!url || !token) {
    throw new Error('jupyter.url or jupyter.token is missing from the test cluster state. Restart the cluster with npm run cluster:up.');
  }
  jupyterPort = Number(new URL(url).port);
  jupyterToken = token;
  const config = new KubeConfig();
  config.loadFromFile(cluster.adminKubeconfig);
  contextName = config.getCurrentContext();
  apps = config.makeApiClient(AppsV1Api);
  custom = config.makeApiClient(CustomObjectsApi);
  app = await startBrowserMode([cluster.adminKubeconfig]);
});

afterAll(async () => {
  await app?.close();
  // Cleans up after a failed run. A passing run has deleted everything but the route.
  const ignore = (): undefined => undefined;
  for (const name of notebooks) {
    await custom?.deleteNamespacedCustomObject({ group: 'kwok.x-k8s.io', version: 'v1alpha1', namespace: NAMESPACE, plural: 'portforwards', name: `${name}-0` }).catch(ignore);
    await apps?.deleteNamespacedStatefulSet({ name, namespace: NAMESPACE }).catch(ignore);
    await cluster?.core.deleteNamespacedService({ name, namespace: NAMESPACE }).catch(ignore);
    await cluster?.core.deleteNamespacedSecret({ name: `${name}-token`, namespace: NAMESPACE }).catch(ignore);
  }
  await cluster?.release();
});

/** Routes the notebook's pod to the local JupyterLab and leaves the server's token where the app looks for it. */
async function prepareNotebook(name: string): Promise<void> {
  notebooks.push(name);
  await custom.createNamespacedCustomObject({
    group: 'kwok.x-k8s.io',
    version: 'v1alpha1',
    namespace: NAMESPACE,
    plural: 'portforwards',
    body: {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'PortForward',
      metadata: { name: `${name}-0`, namespace: NAMESPACE },
      spec: { forwards: [{ ports: [testNotebook.port], target: { address: '127.0.0.1', port: jupyterPort } }] },
    },
  });
  await cluster.core.createNamespacedSecret({
    namespace: NAMESPACE,
    body: { metadata: { name: `${name}-token`, namespace: NAMESPACE, labels: { 'd.run/notebook': name } }, stringData: { token: jupyterToken } },
  });
}

async function openSessions(page: Page, language: Language): Promise<void> {
  const text = labels[language];
  await page.goto(app.url);
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language);
  // A reload returns to the last screen, and only the Clusters screen lists the contexts.
  await page.getByRole('navigation').getByRole('button', { name: text.clusters, exact: true }).click();

  // Both languages share one app, so the second visit finds the context already connected.
  const context = page.getByRole('listitem', { name: contextName });
  await context.waitFor();
  const connect = context.getByRole('button', { name: text.connect, exact: true });
  if (await connect.isVisible()) {
    await connect.click();
  }
  await context.getByText(text.connected, { exact: true }).waitFor({ timeout: SETTLE_MS });
  await page.getByRole('navigation').getByRole('button', { name: text.sessions, exact: true }).click();
}

/** Reads the visible text of xterm's DOM renderer, one row per line. */
function terminalText(panel: Locator): Promise<string> {
  return panel.locator('.xterm-rows').innerText();
}

describe.each<[Language, 'light' | 'dark']>([
  ['en', 'light'],
  ['zh-CN', 'dark'],
])('sessions in %s', (language, colorScheme) => {
  let browser: BrowserSession;

  beforeAll(async () => {
    browser = await launchBrowser({ locale: language === 'en' ? 'en-US' : 'zh-CN', colorScheme, viewport: { width: 1440, height: 1100 } });
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('creates a notebook with one click, opens JupyterLab, stops and deletes it', async () => {
    const { page, context } = browser;
    const text = labels[language];
    const name = `e2e-nb-${language === 'en' ? 'en' : 'zh'}-${Date.now().toString(36)}`;
    await prepareNotebook(name);
    await openSessions(page, language);

    await page.getByRole('tab', { name: text.notebooksTab, exact: true }).click();
    const panel = page.getByRole('tabpanel');
    await panel.getByLabel(text.tenantNamespace).fill(NAMESPACE);
    const form = panel.getByRole('form', { name: text.newNotebook });
    await form.getByLabel(text.name, { exact: true }).fill(name);
    await form.getByLabel(text.gpus, { exact: true }).fill('0');
    await form.getByRole('button', { name: text.launch, exact: true }).click();

    const progress = panel.getByRole('status');
    await progress.locator('li[data-phase="ready"]').waitFor({ timeout: SETTLE_MS });
    const open = progress.getByRole('link', { name: text.openIn(name), exact: true });
    await open.waitFor({ timeout: SETTLE_MS });
    expect(await progress.locator('li[data-phase="failed"]').count()).toBe(0);
    const row = panel.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
    await row.waitFor({ timeout: SETTLE_MS });
    await saveScreenshot(page, `sessions-notebook-${language}`);

    const href = new URL((await open.getAttribute('href')) ?? '');
    expect(href.hostname).toBe('127.0.0.1');
    expect(href.searchParams.get('token')).toBe(jupyterToken);
    const [jupyter] = await Promise.all([context.waitForEvent('page'), open.click()]);
    await jupyter.waitForLoadState('domcontentloaded');
    expect(await jupyter.title()).toContain('JupyterLab');
    // The token in the link logged the new tab in, so the API accepts the cookie that login set.
    const status = await jupyter.evaluate(async () => (await fetch('/api/status')).status);
    expect(status).toBe(200);
    await jupyter.close();

    await row.getByRole('button', { name: text.stop, exact: true }).click();
    await expect.poll(() => row.innerText(), { timeout: SETTLE_MS }).toContain(text.stopped);
    await row.getByRole('button', { name: text.delete, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: text.deleteTitle(name) });
    await dialog.getByRole('textbox').fill(name);
    await dialog.getByRole('button', { name: text.delete, exact: true }).click();
    await row.waitFor({ state: 'detached', timeout: SETTLE_MS });
    expect(await cluster.core.listNamespacedSecret({ namespace: NAMESPACE, labelSelector: `d.run/notebook=${name}` })).toMatchObject({ items: [] });
  });

  test('opens a terminal on a pod and sees a command run', async () => {
    const { page } = browser;
    const text = labels[language];
    await openSessions(page, language);

    await page.getByRole('tab', { name: text.terminalsTab, exact: true }).click();
    // Each terminal tab is a tab panel inside the screen's panel, which comes first in the page.
    const panel = page.getByRole('tabpanel').first();
    await panel.getByLabel(text.namespace, { exact: true }).fill(NAMESPACE);
    await panel.getByRole('button', { name: text.loadPods, exact: true }).click();
    // The label's text includes its options, so the select is found by the label's own caption.
    const podSelect = panel.locator('label', { has: page.getByText(text.pod, { exact: true }) }).locator('select');
    await expect.poll(() => podSelect.locator('option').allTextContents(), { timeout: SETTLE_MS }).toContainEqual(expect.stringContaining(testNotebook.name));
    await podSelect.selectOption(testNotebook.name);
    await panel.getByRole('button', { name: text.openTerminal, exact: true }).click();

    const terminal = panel.locator('.xterm');
    await terminal.waitFor({ timeout: SETTLE_MS });
    await terminal.click();
    const marker = `drun-${Math.floor(Math.random() * 1_000_000)}`;
    // The shell prints the marker joined from two halves, so the echoed input alone cannot pass.
    const half = Math.floor(marker.length / 2);
    await page.keyboard.type(`echo "${marker.slice(0, half)}""${marker.slice(half)}"`);
    await page.keyboard.press('Enter');
    await expect.poll(() => terminalText(terminal), { timeout: SETTLE_MS }).toMatch(new RegExp(`^${marker}\\s*$`, 'm'));
    await saveScreenshot(page, `sessions-terminal-${language}`);
  });
});
