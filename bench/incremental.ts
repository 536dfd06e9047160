/**
 * Main-process CPU per thousand pod updates for the Overview model: the
 * incremental builder the app uses against recomputing everything from
 * scratch, on an in-memory cluster the size of the scale profile. No API
 * server is involved, so this isolates the view computation; the end-to-end
 * delay is measured by bench/run.ts.
 *
 *   scripts/node24 node_modules/tsx/dist/cli.mjs bench/incremental.ts [--nodes 2000] [--pods 50000] [--updates 1000] [--batch 100]
 *
 * Writes bench/incremental.md.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { KubeObject } from '../shared/k8s/object';
import { computeOverviewModel, createOverviewModelBuilder } from '../main/views/overview-builder';

interface Options {
  nodes: number;
  pods: number;
  updates: number;
  batch: number;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      nodes: { type: 'string', default: '2000' },
      pods: { type: 'string', default: '50000' },
      updates: { type: 'string', default: '1000' },
      batch: { type: 'string', default: '100' },
    },
  });
  const number = (name: keyof typeof values): number => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`Invalid --${name} ${String(values[name])}: give a whole number of 1 or more.`);
    }
    return value;
  };
  return { nodes: number('nodes'), pods: number('pods'), updates: number('updates'), batch: number('batch') };
}

function makeNode(index: number): KubeObject {
  const gpus = index % 4 === 0 ? '0' : '8';
  return {
    kind: 'Node',
    metadata: { name: `node-${index}`, resourceVersion: '1', labels: { 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3' } },
    spec: {},
    status: {
      capacity: { cpu: '224', memory: '2Ti', pods: '110', 'nvidia.com/gpu': gpus },
      allocatable: { cpu: '224', memory: '2Ti', pods: '110', 'nvidia.com/gpu': gpus },
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}

function makePod(index: number, nodes: number, version: number): KubeObject {
  const holdsGpu = index % 5 === 0;
  return {
    kind: 'Pod',
    metadata: {
      name: `pod-${index}`,
      namespace: `ns-${index % 50}`,
      uid: `uid-${index}`,
      resourceVersion: String(version),
      creationTimestamp: '2026-12-04T00:00:00Z',
      annotations: { 'd.run/churn-sequence': String(version) },
    },
    spec: {
      nodeName: `node-${index % nodes}`,
      containers: [{ name: 'main', resources: { requests: { cpu: '1' }, limits: holdsGpu ? { 'nvidia.com/gpu': '1' } : {} } }],
    },
    status: { phase: 'Running' },
  };
}

/** CPU milliseconds (user + system) that `work` takes. */
function cpuMs(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

function measure(options: Options): { incrementalMs: number; scratchMs: number; scratchRuns: number } {
  const nodes = new Map(Array.from({ length: options.nodes }, (_, index) => makeNode(index)).map((node) => [node.metadata.name, node]));
  const pods = new Map(Array.from({ length: options.pods }, (_, index) => makePod(index, options.nodes, 1)).map((pod) => [`${pod.metadata.namespace}/${pod.metadata.name}`, pod]));
  const keys = [...pods.keys()];

  const builder = createOverviewModelBuilder();
  builder.update(nodes, pods, { nodes: 'all', pods: 'all' });

  // Churn as the scale profile's driver makes it: one pod replaced per update, a
  // recompute after every `batch` updates, as the view's coalescing does. The
  // builder gets the replaced keys, as the watch cache gives them to the app's.
  let version = 2;
  let changed = new Set<string>();
  const churn = (compute: () => void, updates: number): void => {
    for (let update = 0; update < updates; update++) {
      const index = (update * 7919) % options.pods;
      pods.set(keys[index]!, makePod(index, options.nodes, version++));
      changed.add(keys[index]!);
      if ((update + 1) % options.batch === 0) {
        compute();
        changed = new Set();
      }
    }
  };

  const incrementalMs = cpuMs(() => churn(() => builder.update(nodes, pods, { nodes: new Set(), pods: changed }), options.updates));

  // A full recompute costs the same whatever changed; a tenth of the updates is enough to time it.
  const scratchUpdates = Math.max(options.batch * 3, Math.floor(options.updates / 10));
  const scratchRuns = Math.floor(scratchUpdates / options.batch);
  const scratchMs = (cpuMs(() => churn(() => computeOverviewModel([...nodes.values()], [...pods.values()]), scratchUpdates)) * options.updates) / scratchUpdates;
  return { incrementalMs, scratchMs, scratchRuns };
}

function main(): void {
  const options = readOptions();
  const rounds = 3;
  const results = Array.from({ length: rounds }, () => measure(options));
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const incremental = median(results.map((result) => result.incrementalMs));
  const scratch = median(results.map((result) => result.scratchMs));
  const command = `scripts/node24 node_modules/tsx/dist/cli.mjs bench/incremental.ts --nodes ${options.nodes} --pods ${options.pods} --updates ${options.updates} --batch ${options.batch}`;

  const report = [
    '# Overview model: CPU per thousand pod updates',
    '',
    `Run ${new Date().toISOString()} on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}.`,
    '',
    '```sh',
    command,
    '```',
    '',
    `An in-memory cluster of ${options.nodes.toLocaleString('en')} nodes and ${options.pods.toLocaleString('en')} pods (one in five holds a GPU).`,
    `Each update replaces one pod; the model is computed after every ${options.batch} updates, as the view's coalescing batches them.`,
    'CPU is user plus system time of this process; median of three rounds.',
    '',
    '| Path | CPU per 1,000 updates |',
    '| --- | --- |',
    `| Incremental builder (the app) | ${incremental.toFixed(0)} ms |`,
    `| Recompute from scratch | ${scratch.toFixed(0)} ms (timed over ${results[0]!.scratchRuns} recomputes, scaled) |`,
    `| Ratio scratch / incremental | ${(scratch / incremental).toFixed(1)}× |`,
    '',
    'The rounds, in ms per 1,000 updates (incremental, scratch):',
    '',
    ...results.map((result, index) => `- round ${index + 1}: ${result.incrementalMs.toFixed(0)}, ${result.scratchMs.toFixed(0)}`),
    '',
  ].join('\n');
  writeFileSync(join(import.meta.dirname, 'incremental.md'), report);
  process.stdout.write(report);
}

main();
