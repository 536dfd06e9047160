/**
 * The Queues screen end to end: browser mode against the local cluster, in
 * English and in Simplified Chinese. The user submits a fine-tuning PyTorchJob into a
 * Kueue LocalQueue whose quota another workload uses. The screen shows why it
 * waits, then the test frees the quota and the job runs.
 * No Kueue controller runs in the `test` profile, so the test does Kueue's
 * part: it creates the job's Workload, writes its status through /status, and
 * unsuspends the job on admission. No training operator runs either, so the
 * test writes the PyTorchJob's Running status as the operator would.
 */
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { kubeJson } from '../../main/clusters/request';
import { installQueueCrds, runKubectl } from '../integration/queues/support';
import { startBrowserMode, type BrowserModeApp } from './support/app';
import { launchBrowser } from './support/browser';
import { useTestCluster, type E2eCluster } from './support/cluster';
import { saveScreenshot } from './support/screenshots';

const SETTLE_MS = 60_000;
const KUEUE_API = '/apis/kueue.x-k8s.io/v1beta2';
const suffix = Date.now().toString(36);
const namespace = `q-e2e-${suffix}`;
const flavor = `e2e-h100-${suffix}`;
const clusterQueue = `e2e-cq-${suffix}`;

const labels = {
  en: { connect: 'Connect', connected: 'Connected', queues: 'Queues', submitJob: 'Submit job', submit: 'Submit', dryRun: 'Check with a server-side dry run', preview: 'Preview YAML', close: 'Close', why: 'Why pending', pending: 'Pending', running: 'Running', quotaText: 'Not enough nvidia.com/gpu quota', gpuError: 'GPU count -1 is negative' },
  'zh-CN': { connect: '连接', connected: '已连接', queues: '队列', submitJob: '提交作业', submit: '提交', dryRun: '服务器端试运行检查', preview: '预览 YAML', close: '关闭', why: '为何排队', pending: '排队中', running: '运行中', quotaText: '配额不足', gpuError: 'GPU 数 -1 为负数' },
} as const;
type Language = keyof typeof labels;

interface StoredObject {
  metadata: { name: string; uid: string };
}

let cluster: E2eCluster;
let app: BrowserModeApp;
let admin: KubeConfig;
let contextName: string;

const kubectl = (args: string[]) => runKubectl(join(cluster.state.binDir, 'kubectl'), cluster.adminKubeconfig, args);
const post = (path: string, body: object) => kubeJson<StoredObject>(admin, path, { method: 'POST', body });
const mergePatch = (path: string, body: object) => kubeJson(admin, path, { method: 'PATCH', contentType: 'application/merge-patch+json', body });

beforeAll(async () => {
  cluster = await useTestCluster();
  admin = new KubeConfig();
  admin.loadFromFile(cluster.adminKubeconfig);
  contextName = admin.getCurrentContext();
  await installQueueCrds(join(cluster.state.binDir, 'kubectl'), cluster.adminKubeconfig);
  await kubectl(['create', 'namespace', namespace]);
  await post(`${KUEUE_API}/resourceflavors`, { apiVersion: 'kueue.x-k8s.io/v1beta2', kind: 'ResourceFlavor', metadata: { name: flavor }, spec: {} });
  await post(`${KUEUE_API}/clusterqueues`, {
    apiVersion: 'kueue.x-k8s.io/v1beta2',
    kind: 'ClusterQueue',
    metadata: { name: clusterQueue },
    spec: {
      namespaceSelector: {},
      resourceGroups: [{ coveredResources: ['nvidia.com/gpu'], flavors: [{ name: flavor, resources: [{ name: 'nvidia.com/gpu', nominalQuota: '2' }] }] }],
    },
  });
  await post(`${KUEUE_API}/namespaces/${namespace}/localqueues`, { apiVersion: 'kueue.x-k8s.io/v1beta2', kind: 'LocalQueue', metadata: { name: 'training', namespace }, spec: { clusterQueue } });
  app = await startBrowserMode([cluster.adminKubeconfig]);
});

afterAll(async () => {
  await app?.close();
  await kubectl(['delete', 'namespace', namespace, '--wait=false']).catch(() => undefined);
  await kubectl(['delete', 'clusterqueues.kueue.x-k8s.io', clusterQueue, '--ignore-not-found']).catch(() => undefined);
  await kubectl(['delete', 'resourceflavors.kueue.x-k8s.io', flavor, '--ignore-not-found']).catch(() => undefined);
  await cluster?.release();
});

const JOB_KINDS = {
  Job: { apiVersion: 'batch/v1', path: `/apis/batch/v1/namespaces/${namespace}/jobs` },
  PyTorchJob: { apiVersion: 'kubeflow.org/v1', path: `/apis/kubeflow.org/v1/namespaces/${namespace}/pytorchjobs` },
} as const;

/** Creates a Workload for a job, owned by it, as Kueue's job reconciler does. */
async function workloadFor(kind: keyof typeof JOB_KINDS, jobName: string, gpus: number): Promise<string> {
  const job = await kubeJson<StoredObject>(admin, `${JOB_KINDS[kind].path}/${jobName}`);
  const name = `${kind.toLowerCase()}-${jobName}-${job.metadata.uid.slice(0, 5)}`;
  await post(`${KUEUE_API}/namespaces/${namespace}/workloads`, {
    apiVersion: 'kueue.x-k8s.io/v1beta2',
    kind: 'Workload',
    metadata: { name, namespace, ownerReferences: [{ apiVersion: JOB_KINDS[kind].apiVersion, kind, name: jobName, uid: job.metadata.uid, controller: true }] },
    spec: { queueName: 'training', active: true, podSets: [{ name: 'main', count: 1, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36', resources: { requests: { 'nvidia.com/gpu': String(gpus) } } }] } } }] },
  });
  return name;
}

async function setAdmitted(workload: string, gpus: number): Promise<void> {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  await mergePatch(`${KUEUE_API}/namespaces/${namespace}/workloads/${workload}/status`, {
    status: {
      conditions: [
        { type: 'QuotaReserved', status: 'True', reason: 'QuotaReserved', message: `Quota reserved in ClusterQueue ${clusterQueue}`, lastTransitionTime: now },
        { type: 'Admitted', status: 'True', reason: 'Admitted', message: 'The workload is admitted', lastTransitionTime: now },
      ],
      admission: { clusterQueue, podSetAssignments: [{ name: 'main', count: 1, flavors: { 'nvidia.com/gpu': flavor }, resourceUsage: { 'nvidia.com/gpu': String(gpus) } }] },
    },
  });
}

async function setPending(workload: string): Promise<void> {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  await mergePatch(`${KUEUE_API}/namespaces/${namespace}/workloads/${workload}/status`, {
    status: { conditions: [{ type: 'QuotaReserved', status: 'False', reason: 'Pending', message: `couldn't assign flavors to pod set main: insufficient unused quota for nvidia.com/gpu in flavor ${flavor}`, lastTransitionTime: now }] },
  });
}

/** Creates an admitted, suspended Job that takes the whole quota. */
async function blocker(name: string): Promise<string> {
  await post(`/apis/batch/v1/namespaces/${namespace}/jobs`, {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace, labels: { 'kueue.x-k8s.io/queue-name': 'training' } },
    spec: { suspend: true, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36', resources: { limits: { 'nvidia.com/gpu': '2' } } }] } } },
  });
  const workload = await workloadFor('Job', name, 2);
  await setAdmitted(workload, 2);
  return workload;
}

async function openQueues(page: Page, language: Language): Promise<void> {
  const text = labels[language];
  await page.goto(app.url);
  const context = page.getByRole('listitem', { name: contextName });
  await context.waitFor();
  const connect = context.getByRole('button', { name: text.connect, exact: true });
  if (await connect.isVisible()) {
    await connect.click();
  }
  await context.getByText(text.connected, { exact: true }).waitFor({ timeout: SETTLE_MS });
  await page.getByRole('navigation').getByRole('button', { name: text.queues, exact: true }).click();
  await page.locator(`[data-queue="${clusterQueue}"]`).first().waitFor({ timeout: SETTLE_MS });
}

describe.each(Object.keys(labels) as Language[])('Queues screen (%s)', (language) => {
  const text = labels[language];
  const jobName = `finetune-${language.toLowerCase()}-${suffix}`;

  test('submits a job that waits for quota and runs once it is freed', async () => {
    const blockerName = `blocker-${language.toLowerCase()}-${suffix}`;
    const blockerWorkload = await blocker(blockerName);
    const browser = await launchBrowser({ locale: language, viewport: { width: 1440, height: 1000 } });
    const { page } = browser;
    try {
      await openQueues(page, language);

      await page.getByRole('button', { name: text.submitJob }).click();
      const dialog = page.getByRole('dialog');
      await dialog.locator('select[name="template"]').selectOption('pytorchjob');
      await dialog.locator('input[name="workers"]').fill('0');
      await dialog.locator('input[name="namespace"]').fill(namespace);
      await dialog.locator('select[name="queue"]').selectOption('training');
      await dialog.locator('input[name="name"]').fill(jobName);
      await dialog.locator('input[name="image"]').fill('busybox:1.36');
      await dialog.locator('input[name="command"]').fill('sh -c "echo fine-tuning; sleep 3600"');

      // An invalid value is named at once and nothing can be sent.
      await dialog.locator('input[name="gpus"]').fill('-1');
      await dialog.getByText(text.gpuError).waitFor();
      expect(await dialog.getByRole('button', { name: text.submit, exact: true }).isDisabled()).toBe(true);
      await saveScreenshot(page, `queues-submit-invalid-${language}`);

      await dialog.locator('input[name="gpus"]').fill('1');
      await dialog.getByRole('button', { name: text.preview }).click();
      await dialog.getByTestId('submit-preview').waitFor();
      expect(await dialog.getByTestId('submit-preview').textContent()).toContain(`kueue.x-k8s.io/queue-name: training`);
      await dialog.getByRole('button', { name: text.dryRun }).click();
      await expect.poll(() => dialog.getByTestId('submit-kubectl').textContent()).toContain('--dry-run=server');
      await saveScreenshot(page, `queues-submit-preview-${language}`);
      await dialog.getByRole('button', { name: text.submit, exact: true }).click();
      await expect.poll(() => dialog.getByTestId('submit-kubectl').textContent()).not.toContain('--dry-run=server');
      await dialog.getByRole('button', { name: text.close, exact: true }).click();

      // Kueue's part: a Workload for the new job, waiting for quota.
      const workload = await workloadFor('PyTorchJob', jobName, 1);
      await setPending(workload);

      const row = page.locator(`tr[data-job="${jobName}"]`);
      await expect.poll(() => row.getAttribute('data-state'), { timeout: SETTLE_MS }).toBe('Pending');
      await row.getByRole('button', { name: text.why }).click();
      await page.getByTestId('pending-reasons').getByText(text.quotaText).waitFor({ timeout: SETTLE_MS });
      await saveScreenshot(page, `queues-why-pending-${language}`);
      await page.getByRole('dialog').getByRole('button', { name: text.close, exact: true }).click();
      await saveScreenshot(page, `queues-pending-${language}`);

      // Free the quota, admit the job and resume it, as Kueue would.
      await kubeJson(admin, `${KUEUE_API}/namespaces/${namespace}/workloads/${blockerWorkload}`, { method: 'DELETE' });
      await setAdmitted(workload, 1);
      await mergePatch(`${JOB_KINDS.PyTorchJob.path}/${jobName}`, { spec: { runPolicy: { suspend: false } } });
      const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      await mergePatch(`${JOB_KINDS.PyTorchJob.path}/${jobName}/status`, {
        status: {
          startTime: now,
          replicaStatuses: { Master: { active: 1 } },
          conditions: [
            { type: 'Created', status: 'True', reason: 'PyTorchJobCreated', lastTransitionTime: now },
            { type: 'Running', status: 'True', reason: 'PyTorchJobRunning', lastTransitionTime: now },
          ],
        },
      });

      await expect.poll(() => row.getAttribute('data-state'), { timeout: SETTLE_MS }).toBe('Running');
      expect(await row.textContent()).toContain(text.running);
      await saveScreenshot(page, `queues-running-${language}`);

      // The next language starts from the same free quota.
      await kubeJson(admin, `${JOB_KINDS.PyTorchJob.path}/${jobName}`, { method: 'DELETE' });
      // The garbage collector may already have removed the Workload with its owner.
      await kubeJson(admin, `${KUEUE_API}/namespaces/${namespace}/workloads/${workload}`, { method: 'DELETE' }).catch((error: { code?: number }) => {
        if (error.code !== 404) throw error;
      });
      await kubeJson(admin, `${JOB_KINDS.Job.path}/${blockerName}`, { method: 'DELETE', query: { propagationPolicy: 'Background' } });
    } finally {
      await browser.close();
    }
  });
});
