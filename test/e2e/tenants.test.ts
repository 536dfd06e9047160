/**
 * The Tenants screen end to end: browser mode with the real services against
 * the local cluster, driven in Debian's Chromium in English and in Simplified
 * Chinese. A tenant is created through the reviewed step, its quota on screen
 * must equal the API server's, and the access matrix shown for its members
 * must equal the SubjectAccessReviews this test sends itself. The tenant user
 * alice, who cannot list namespaces, gets her own namespace.
 */
import { KubeConfig } from '@kubernetes/client-node';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { subjectAccess } from '../../main/tenants/kube';
import { ACCESS_ROWS } from '../../shared/tenants/access-matrix';
import { launchBrowser, type BrowserSession } from './support/browser';
import { startBrowserMode, type BrowserModeApp } from './support/app';
import { useTestCluster, type E2eCluster } from './support/cluster';
import { saveScreenshot } from './support/screenshots';

const SETTLE_MS = 60_000;

const labels = {
  en: {
    connect: 'Connect', connected: 'Connected', tenants: 'Tenants', newTenant: 'New tenant', review: 'Review', apply: 'Apply',
    done: 'Everything was applied.', close: 'Close', checkAccess: 'Check access', other: 'Another subject (SubjectAccessReview)',
    name: 'Name', check: 'Check', addMember: 'Add member', cluster: 'Cluster', noList: 'You cannot list namespaces in this cluster',
  },
  'zh-CN': {
    connect: '连接', connected: '已连接', tenants: '租户', newTenant: '新建租户', review: '预览', apply: '应用',
    done: '已全部应用。', close: '关闭', checkAccess: '访问检查', other: '其他主体（SubjectAccessReview）',
    name: '名称', check: '检查', addMember: '添加成员', cluster: '集群', noList: '您无权列出此集群的命名空间',
  },
} as const;

type Language = keyof typeof labels;

let cluster: E2eCluster;
let app: BrowserModeApp;
let adminContext: string;
let aliceContext: string;
const namespaces: string[] = [];

function contextNameOf(path: string): string {
  const config = new KubeConfig();
  config.loadFromFile(path);
  return config.getCurrentContext();
}

beforeAll(async () => {
  cluster = await useTestCluster();
  const alicePath = cluster.state.kubeconfigs['alice'];
  if (!alicePath) throw new Error('the running cluster has no alice kubeconfig');
  adminContext = contextNameOf(cluster.adminKubeconfig);
  aliceContext = contextNameOf(alicePath);
  app = await startBrowserMode([cluster.adminKubeconfig, alicePath]);
});

afterAll(async () => {
  for (const name of namespaces) {
    await cluster.core.deleteNamespace({ name }).catch(() => undefined);
  }
  await app?.close();
  await cluster?.release();
});

async function connect(page: Page, language: Language, contextName: string): Promise<void> {
  const text = labels[language];
  // The app may reopen on the screen it showed last, so go to Clusters first.
  await page.getByRole('navigation').getByRole('button', { name: language === 'en' ? 'Clusters' : '集群', exact: true }).click();
  const context = page.getByRole('listitem', { name: contextName });
  await context.waitFor();
  const button = context.getByRole('button', { name: text.connect, exact: true });
  if (await button.isVisible()) await button.click();
  await context.getByText(text.connected, { exact: true }).waitFor({ timeout: SETTLE_MS });
}

async function openTenants(page: Page, language: Language, contextName: string): Promise<void> {
  const text = labels[language];
  await page.getByRole('navigation').getByRole('button', { name: text.tenants }).click();
  await page.getByRole('heading', { level: 1, name: text.tenants }).waitFor();
  await page.getByLabel(text.cluster).selectOption({ label: contextName });
}

async function createTenant(page: Page, language: Language, namespace: string, members: { name: string; role: string }[]): Promise<void> {
  const text = labels[language];
  await page.getByRole('button', { name: text.newTenant }).click();
  const dialog = page.locator('dialog[open]');
  await dialog.locator('input[name="namespace"]').fill(namespace);

  // An unparsable quota is refused in the form, naming the key, before anything is sent.
  const gpu = dialog.locator('[data-quota-row="0"] input').nth(1);
  await gpu.fill('four');
  await dialog.locator('[data-field=\'quota.hard["requests.nvidia.com/gpu"]\']').waitFor();
  await expect.poll(() => dialog.getByRole('button', { name: text.review }).isDisabled()).toBe(true);
  await saveScreenshot(page, `tenants-form-invalid-${language}`);
  await gpu.fill('2');

  for (const [index, member] of members.entries()) {
    await dialog.getByRole('button', { name: text.addMember }).click();
    await dialog.locator(`input[name="member-${index}-name"]`).fill(member.name);
    await dialog.locator(`input[name="member-${index}-role"]`).fill(member.role);
  }
  await saveScreenshot(page, `tenants-form-${language}`);

  // A binding to a role that does not exist comes back from main as a field issue; nothing is applied.
  const firstRole = dialog.locator('input[name="member-0-role"]');
  await firstRole.fill(`${members[0]?.role ?? 'edit'}t`);
  await dialog.getByRole('button', { name: text.review }).click();
  await dialog.locator('[data-field="members[0].role"]').waitFor({ timeout: SETTLE_MS });
  await dialog.locator('[data-field="members[0].role"]').scrollIntoViewIfNeeded();
  await saveScreenshot(page, `tenants-form-missing-role-${language}`);
  expect((await cluster.core.listNamespace()).items.some((ns) => ns.metadata?.name === namespace)).toBe(false);
  await firstRole.fill(members[0]?.role ?? 'edit');
  await dialog.getByRole('button', { name: text.review }).click();

  const review = dialog.getByTestId('tenant-review');
  await review.waitFor({ timeout: SETTLE_MS });
  await expect.poll(() => review.getByTestId('tenant-yaml').textContent()).toContain(`name: ${namespace}`);
  expect(await review.locator('[data-object]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-object')))).toEqual([
    `Namespace/${namespace}`, 'ResourceQuota/tenant-quota', 'LimitRange/tenant-limits', 'RoleBinding/drun-members-edit', 'RoleBinding/drun-members-view',
  ]);
  await saveScreenshot(page, `tenants-review-${language}`);
  await review.getByRole('button', { name: text.apply }).click();
  await dialog.getByText(text.done).waitFor({ timeout: SETTLE_MS });
  await saveScreenshot(page, `tenants-applied-${language}`);
  await dialog.getByRole('button', { name: text.close }).click();
}

/** Reads the quota rows shown for a namespace, as resource → [used, hard]. */
async function shownQuota(page: Page, namespace: string): Promise<Record<string, string[]>> {
  const rows = page.locator(`[data-namespace="${namespace}"] table[aria-label="ResourceQuota tenant-quota"] tbody tr`);
  const entries = await rows.evaluateAll((list) => list.map((row) => {
    const cells = [...row.querySelectorAll('td')].map((cell) => cell.textContent?.trim() ?? '');
    return [row.getAttribute('data-resource') ?? '', [cells[1] ?? '', cells[2] ?? '']] as [string, string[]];
  }));
  return Object.fromEntries(entries);
}

async function openAccess(page: Page, language: Language, namespace: string): Promise<void> {
  const text = labels[language];
  await page.locator(`[data-namespace="${namespace}"]`).getByRole('button', { name: text.checkAccess }).click();
  await page.locator('dialog[open]').getByLabel(text.other).check();
}

/** Asks for one user's matrix in the open access dialog and reads it back as row → verb → allowed. */
async function askFor(page: Page, language: Language, user: string): Promise<Record<string, Record<string, boolean>>> {
  const text = labels[language];
  const dialog = page.locator('dialog[open]');
  await dialog.getByLabel(text.name, { exact: true }).fill(user);
  await dialog.getByRole('button', { name: text.check, exact: true }).click();
  await dialog.locator(`p[data-subject="${user}"]`).waitFor({ timeout: SETTLE_MS });
  await dialog.locator('table.access-matrix').waitFor({ timeout: SETTLE_MS });
  const cells = await dialog.locator('td[data-verb]').evaluateAll((list) => list.map((cell) => [
    cell.closest('tr')?.getAttribute('data-row') ?? '', cell.getAttribute('data-verb') ?? '', cell.getAttribute('data-allowed') === 'true',
  ] as const));
  const matrix: Record<string, Record<string, boolean>> = {};
  for (const [row, verb, allowed] of cells) (matrix[row] ??= {})[verb] = allowed;
  return matrix;
}

async function serverMatrix(namespace: string, user: string): Promise<Record<string, Record<string, boolean>>> {
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.adminKubeconfig);
  const matrix: Record<string, Record<string, boolean>> = {};
  for (const row of ACCESS_ROWS) {
    for (const verb of row.verbs) {
      const answer = await subjectAccess(kc, { name: user, groups: ['system:authenticated'] }, { verb, group: row.group, resource: row.resource, ...(row.subresource ? { subresource: row.subresource } : {}) }, namespace);
      (matrix[row.id] ??= {})[verb] = answer.allowed;
    }
  }
  return matrix;
}

describe.each<[Language, 'light' | 'dark']>([
  ['en', 'light'],
  ['zh-CN', 'dark'],
])('tenants in %s', (language, colorScheme) => {
  let browser: BrowserSession;

  beforeAll(async () => {
    browser = await launchBrowser({ locale: language === 'en' ? 'en-US' : 'zh-CN', colorScheme });
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('creates a tenant and checks access', async () => {
    const { page } = browser;
    const suffix = `${Date.now().toString(36)}`;
    const namespace = `e2e-${language.toLowerCase()}-${suffix}`;
    const editor = `editor-${suffix}`;
    const viewer = `viewer-${suffix}`;
    namespaces.push(namespace);

    await page.goto(app.url);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language);
    await connect(page, language, adminContext);
    await openTenants(page, language, adminContext);
    await createTenant(page, language, namespace, [{ name: editor, role: 'edit' }, { name: viewer, role: 'view' }]);

    // The quota on screen equals the API server's status, key by key.
    await expect.poll(async () => {
      const quota = await cluster.core.readNamespacedResourceQuota({ namespace, name: 'tenant-quota' });
      const server = Object.fromEntries(Object.entries(quota.status?.hard ?? {}).map(([key, hard]) => [key, [quota.status?.used?.[key] ?? '0', hard]]));
      const shown = await shownQuota(page, namespace);
      return Object.keys(server).length > 0 && JSON.stringify(shown) === JSON.stringify(Object.fromEntries(Object.keys(shown).map((key) => [key, server[key]])))
        && Object.keys(shown).length === Object.keys(server).length;
    }, { timeout: SETTLE_MS, interval: 500 }).toBe(true);
    await page.locator(`[data-namespace="${namespace}"]`).scrollIntoViewIfNeeded();
    await saveScreenshot(page, `tenants-list-${language}`);

    // The matrix on screen equals the server's decisions: edit may create pods, view may not.
    await openAccess(page, language, namespace);
    const editorShown = await askFor(page, language, editor);
    expect(editorShown).toEqual(await serverMatrix(namespace, editor));
    expect(editorShown['pods']?.['create']).toBe(true);
    expect(await page.locator('dialog[open] td[data-grants="pods"]').textContent()).toContain('RoleBinding drun-members-edit → ClusterRole edit');
    await saveScreenshot(page, `tenants-access-editor-${language}`);

    const viewerShown = await askFor(page, language, viewer);
    expect(viewerShown).toEqual(await serverMatrix(namespace, viewer));
    expect(viewerShown['pods']?.['create']).toBe(false);
    expect(viewerShown['pods']?.['list']).toBe(true);
    await saveScreenshot(page, `tenants-access-viewer-${language}`);
    await page.locator('dialog[open]').getByRole('button', { name: labels[language].close }).click();
  });

  test('shows alice her own namespace', async () => {
    const { page } = browser;
    await page.goto(app.url);
    await connect(page, language, aliceContext);
    await openTenants(page, language, aliceContext);
    await page.getByTestId('namespace-scope').waitFor({ timeout: SETTLE_MS });
    await page.getByText(language === 'en' ? 'Updated' : '更新于').waitFor({ timeout: SETTLE_MS });
    await page.locator('[data-namespace="team-a"]').waitFor({ timeout: SETTLE_MS });
    await expect.poll(() => page.locator('[data-namespace="team-a"]').getByTestId('namespace-notes').textContent()).toContain('rolebindings');

    // A namespace alice names but may not read says "no access" instead of looking empty, and is remembered.
    const privateNamespace = `e2e-private-${language.toLowerCase()}-${Date.now().toString(36)}`;
    await cluster.core.createNamespace({ body: { metadata: { name: privateNamespace } } });
    namespaces.push(privateNamespace);
    await page.getByTestId('namespace-scope').getByRole('textbox').fill(privateNamespace);
    await page.getByTestId('namespace-scope').getByRole('button', { name: language === 'en' ? 'Add' : '添加', exact: true }).click();
    const privateEntry = page.locator(`[data-namespace="${privateNamespace}"]`);
    await expect.poll(() => privateEntry.textContent(), { timeout: SETTLE_MS }).toContain(language === 'en' ? 'No access' : '无访问权限');
    await saveScreenshot(page, `tenants-alice-${language}`);
    await page.reload();
    await page.getByRole('navigation').getByRole('button', { name: labels[language].tenants }).click();
    await page.getByLabel(labels[language].cluster).selectOption({ label: aliceContext });
    await privateEntry.waitFor({ timeout: SETTLE_MS });
  });
});
