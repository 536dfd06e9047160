import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { JobTemplateInput } from '../../../shared/models/queues';
import { planJobAction } from '../../../shared/queues/actions';
import { checkJobTemplateInput, isImageReference, renderJobTemplate, splitCommandLine } from '../../../shared/queues/job-template';

interface Container {
  image: string;
  command: string[];
  resources: { limits: Record<string, string> };
}

interface Rendered {
  metadata: { labels: Record<string, string> };
  spec: {
    suspend?: boolean;
    runPolicy: { suspend: boolean };
    pytorchReplicaSpecs: Record<string, { replicas: number; template: { spec: { containers: Container[] } } } | undefined>;
    template: { spec: { containers: Container[] } };
  };
}

const valid: JobTemplateInput = {
  template: 'pytorchjob',
  namespace: 'team-a',
  name: 'llama-lora',
  queue: 'training',
  image: 'nvcr.io/nvidia/pytorch:24.07-py3',
  command: ['torchrun', 'finetune.py'],
  gpus: 4,
  gpuResource: 'nvidia.com/gpu',
  workers: 1,
};
const context = { kueue: true, localQueues: ['training'] };

describe('checkJobTemplateInput', () => {
  it('accepts valid values', () => {
    expect(checkJobTemplateInput(valid, context)).toEqual([]);
  });

  const cases: Array<{ name: string; change: Partial<JobTemplateInput>; field: string; code: string; mentions: string }> = [
    { name: 'negative GPUs', change: { gpus: -1 }, field: 'gpus', code: 'gpusNegative', mentions: '-1' },
    { name: 'fractional GPUs', change: { gpus: 1.5 }, field: 'gpus', code: 'gpusNotInteger', mentions: '1.5' },
    { name: 'unknown queue', change: { queue: 'fast-lane' }, field: 'queue', code: 'queueUnknown', mentions: 'fast-lane' },
    { name: 'bad image', change: { image: 'nvcr.io/NVIDIA/PyTorch:24.07 py3' }, field: 'image', code: 'imageInvalid', mentions: 'NVIDIA/PyTorch' },
    { name: 'upper-case name', change: { name: 'Llama_LoRA' }, field: 'name', code: 'nameInvalid', mentions: 'Llama_LoRA' },
    { name: 'long name', change: { name: 'a'.repeat(60) }, field: 'name', code: 'nameTooLong', mentions: '60 characters' },
    { name: 'empty command', change: { command: [] }, field: 'command', code: 'commandEmpty', mentions: 'empty' },
    { name: 'negative workers', change: { workers: -2 }, field: 'workers', code: 'workersInvalid', mentions: '-2' },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => {
      const errors = checkJobTemplateInput({ ...valid, ...testCase.change }, context);
      expect(errors).toHaveLength(1);
      expect(errors[0]?.field).toBe(testCase.field);
      expect(errors[0]?.code).toBe(testCase.code);
      expect(errors[0]?.message).toContain(testCase.mentions);
    });
  }

  it('rejects a queue on a cluster without Kueue', () => {
    expect(checkJobTemplateInput(valid, { kueue: false })[0]?.code).toBe('queueWithoutKueue');
  });
});

describe('isImageReference', () => {
  const good = ['busybox', 'busybox:1.36', 'nvcr.io/nvidia/pytorch:24.07-py3', 'localhost:5000/team/trainer@sha256:' + 'a'.repeat(64), 'registry.example.com/a/b/c'];
  const bad = ['', 'team/UpperCase', 'has space:1', 'repo:tag:again', ':latest', 'repo@sha256:short'];
  for (const image of good) it(`accepts ${image.slice(0, 40)}`, () => expect(isImageReference(image)).toBe(true));
  for (const image of bad) it(`rejects "${image}"`, () => expect(isImageReference(image)).toBe(false));
});

describe('renderJobTemplate', () => {
  const template = (file: string) => parse(readFileSync(join(import.meta.dirname, '../../../resources/jobs', file), 'utf8')) as Record<string, unknown>;

  it('fills the PyTorchJob', () => {
    const object = renderJobTemplate(template('pytorchjob.yaml'), valid) as unknown as Rendered;
    expect(object.metadata).toMatchObject({ name: 'llama-lora', namespace: 'team-a', labels: { 'kueue.x-k8s.io/queue-name': 'training' } });
    expect(object.spec.runPolicy.suspend).toBe(true);
    const master = object.spec.pytorchReplicaSpecs['Master']!.template.spec.containers[0]!;
    expect(master.image).toBe(valid.image);
    expect(master.command).toEqual(['torchrun', 'finetune.py']);
    expect(master.resources.limits['nvidia.com/gpu']).toBe('4');
    expect(object.spec.pytorchReplicaSpecs['Worker']?.replicas).toBe(1);
  });

  it('drops the workers when none are asked for', () => {
    const object = renderJobTemplate(template('pytorchjob.yaml'), { ...valid, workers: 0 }) as unknown as Rendered;
    expect(object.spec.pytorchReplicaSpecs['Worker']).toBeUndefined();
  });

  it('fills the batch Job without a queue', () => {
    const object = renderJobTemplate(template('batch-job.yaml'), { ...valid, template: 'batch-job', queue: '', gpus: 0 }) as unknown as Rendered;
    expect(object.spec.suspend).toBe(false);
    expect(object.metadata.labels['kueue.x-k8s.io/queue-name']).toBeUndefined();
    expect(object.spec.template.spec.containers[0]?.resources.limits['nvidia.com/gpu']).toBeUndefined();
  });
});

describe('splitCommandLine', () => {
  it('honours quotes', () => {
    expect(splitCommandLine(`python -c "print('hi there')" --lr 1e-4 'a b'`)).toEqual(['python', '-c', "print('hi there')", '--lr', '1e-4', 'a b']);
  });
});

describe('planJobAction', () => {
  it('deletes with kubectl delete', () => {
    expect(planJobAction({ kind: 'PyTorchJob', namespace: 'team-a', name: 'x' }, 'delete')).toMatchObject({ method: 'DELETE', destructive: true, kubectl: 'kubectl delete pytorchjobs.kubeflow.org x -n team-a' });
  });

  it('suspends a Kueue job through its workload', () => {
    const plan = planJobAction({ kind: 'Job', namespace: 'team-a', name: 'x', workload: 'job-x-1' }, 'suspend');
    expect(plan).toMatchObject({ resource: 'workload', name: 'job-x-1', patch: { spec: { active: false } } });
    expect(plan.kubectl).toBe(`kubectl patch workloads.kueue.x-k8s.io job-x-1 -n team-a --type=merge -p '{"spec":{"active":false}}'`);
  });

  it('resumes a training job through runPolicy', () => {
    expect(planJobAction({ kind: 'TFJob', namespace: 'ns', name: 'x' }, 'resume').patch).toEqual({ spec: { runPolicy: { suspend: false } } });
  });
});
