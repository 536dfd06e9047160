import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNotebookSchema } from '../../../shared/contracts/notebooks';
import { podProgress, type PodStatusShape } from '../../../main/notebooks/progress';
import { renderStatefulSetTemplate } from '../../../main/notebooks/template';
import { tokenFromArgs, tokenFromServerList } from '../../../main/notebooks/token';
import { notebookViewPolicy } from '../../../main/notebooks/view-policy';

const templatesDir = join(import.meta.dirname, '../../../resources/notebooks');

describe('token from command line', () => {
  const cases: Array<{ name: string; argv: string[]; expected: string | undefined }> = [
    { name: 'ServerApp flag with equals', argv: ['start-notebook.py', '--ServerApp.token=abc123'], expected: 'abc123' },
    { name: 'IdentityProvider flag with space', argv: ['jupyter', 'lab', '--IdentityProvider.token', 'xyz'], expected: 'xyz' },
    { name: 'old NotebookApp flag, quoted', argv: ["--NotebookApp.token='q'"], expected: 'q' },
    { name: 'empty token disables auth', argv: ['--ServerApp.token='], expected: '' },
    { name: 'no flag', argv: ['jupyter', 'lab'], expected: undefined },
  ];
  it.each(cases)('$name', ({ argv, expected }) => {
    expect(tokenFromArgs(argv)).toBe(expected);
  });
});

describe('token from jupyter server list', () => {
  it('takes the first JSON line', () => {
    const output = 'Currently running servers:\n{"base_url": "/", "port": 8888, "token": "t1"}\n{"token": "t2"}\n';
    expect(tokenFromServerList(output)).toBe('t1');
  });

  it('returns nothing for no servers', () => {
    expect(tokenFromServerList('')).toBeUndefined();
  });
});

function pod(patch: Partial<PodStatusShape>): PodStatusShape {
  return { metadata: { name: 'nb-0' }, ...patch };
}

describe('launch phase of the pod', () => {
  const cases: Array<{ name: string; pod: PodStatusShape | undefined; phase: string; fatal?: boolean; message?: RegExp; note?: string }> = [
    { name: 'no pod yet', pod: undefined, phase: 'creating', note: 'awaiting-pod' },
    { name: 'unscheduled', pod: pod({ status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', message: '0/4 nodes have enough nvidia.com/gpu' }] } }), phase: 'scheduling', message: /nvidia.com\/gpu/ },
    { name: 'pulling', pod: pod({ spec: { nodeName: 'n1' }, status: { phase: 'Pending', containerStatuses: [{ name: 'c', state: { waiting: { reason: 'ContainerCreating' } } }] } }), phase: 'starting', message: /ContainerCreating/ },
    { name: 'bad image name', pod: pod({ spec: { nodeName: 'n1' }, status: { phase: 'Pending', containerStatuses: [{ name: 'c', state: { waiting: { reason: 'InvalidImageName' } } }] } }), phase: 'starting', fatal: true },
    { name: 'running, not ready', pod: pod({ spec: { nodeName: 'n1' }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] } }), phase: 'starting', note: 'awaiting-readiness' },
    { name: 'ready', pod: pod({ spec: { nodeName: 'n1' }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } }), phase: 'ready' },
    { name: 'ended', pod: pod({ spec: { nodeName: 'n1' }, status: { phase: 'Failed' } }), phase: 'failed', fatal: true, note: 'pod-ended' },
  ];
  it.each(cases)('$name', ({ pod: subject, phase, fatal, message, note }) => {
    const progress = podProgress(subject);
    expect(progress.phase).toBe(phase);
    expect(progress.fatal ?? false).toBe(fatal ?? false);
    if (message) expect(progress.message).toMatch(message);
    // The app's own words travel as a note that the renderer translates, never as English text in message.
    expect(progress.note).toBe(note);
  });
});

describe('notebook template', () => {
  it('fills the values and sets the GPU limit and request', async () => {
    const objects = await renderStatefulSetTemplate(templatesDir, {
      name: 'demo', namespace: 'team-a', flavor: 'jupyter', image: 'quay.io/jupyter/base-notebook:latest', gpus: 2, gpuResource: 'nvidia.com/gpu', tokenSecret: 'demo-token',
    });
    const statefulSet = objects.find((object) => object.kind === 'StatefulSet') as unknown as {
      metadata: { name: string; namespace: string; labels: Record<string, string> };
      spec: { template: { spec: { containers: Array<{ image: string; resources: { limits: Record<string, string>; requests: Record<string, string> }; env: Array<{ valueFrom: { secretKeyRef: { name: string } } }> }> } } };
    };
    const container = statefulSet.spec.template.spec.containers[0];

    expect(objects.map((object) => object.kind)).toEqual(['StatefulSet', 'Service']);
    expect(statefulSet.metadata).toMatchObject({ name: 'demo', namespace: 'team-a' });
    expect(statefulSet.metadata.labels['d.run/notebook']).toBe('demo');
    expect(container?.image).toBe('quay.io/jupyter/base-notebook:latest');
    expect(container?.resources.limits['nvidia.com/gpu']).toBe('2');
    expect(container?.resources.requests['nvidia.com/gpu']).toBe('2');
    expect(container?.env[0]?.valueFrom.secretKeyRef.name).toBe('demo-token');
  });

  it('leaves GPUs out when none are asked for', async () => {
    const objects = await renderStatefulSetTemplate(templatesDir, {
      name: 'vs', namespace: 'team-a', flavor: 'code-server', image: 'codercom/code-server:4', gpus: 0, gpuResource: 'nvidia.com/gpu', tokenSecret: 'vs-token',
    });
    expect(JSON.stringify(objects)).not.toContain('nvidia.com/gpu');
  });
});

describe('create notebook input', () => {
  const base = { contextId: 'c', namespace: 'team-a', name: 'demo' };
  const cases: Array<{ name: string; input: Record<string, unknown>; message?: string }> = [
    { name: 'defaults', input: {} },
    { name: 'too many GPUs', input: { gpus: 17 }, message: 'GPU count 17 is not valid; use a whole number from 0 to 16.' },
    { name: 'image with spaces', input: { image: 'bad image' }, message: 'Image "bad image" is not a valid image reference' },
    { name: 'name with capitals', input: { name: 'Demo' }, message: 'Notebook name "Demo" is not valid' },
    { name: 'bad GPU resource', input: { gpuResource: 'gpu' }, message: 'GPU resource "gpu" is not an extended resource name' },
    { name: 'short token', input: { token: 'abc' }, message: 'The notebook token is not valid' },
    { name: 'image by digest', input: { image: 'quay.io/jupyter/base@sha256:0123abcd' } },
  ];
  it.each(cases)('$name', ({ input, message }) => {
    const result = createNotebookSchema.safeParse({ ...base, ...input });
    if (message) {
      expect(result.error?.issues[0]?.message).toContain(message);
    } else {
      expect(result.success).toBe(true);
    }
  });
});

describe('notebook view policy', () => {
  it('allows only the forwarded origin and base path', () => {
    const policy = notebookViewPolicy('http://127.0.0.1:40001/notebook/team-a/demo/lab?token=x');

    expect(policy.partition).toBe('notebook-40001');
    expect(policy.basePath).toBe('/notebook/team-a/demo/');
    expect(policy.isNavigationAllowed('http://127.0.0.1:40001/notebook/team-a/demo/tree')).toBe(true);
    expect(policy.isNavigationAllowed('http://127.0.0.1:40001/notebook/team-a/other/')).toBe(false);
    expect(policy.isNavigationAllowed('http://127.0.0.1:40002/notebook/team-a/demo/')).toBe(false);
    expect(policy.isNavigationAllowed('https://example.invalid/')).toBe(false);
    expect(policy.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(policy.permissions).toBe('deny-all');
  });

  it('rejects URLs that are not a local forward', () => {
    expect(() => notebookViewPolicy('https://127.0.0.1:8888/')).toThrow('is not a forwarded local URL');
    expect(() => notebookViewPolicy('http://10.0.0.1:8888/')).toThrow('is not a forwarded local URL');
  });
});
