import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { V1Pod } from '@kubernetes/client-node';
import type { LogEvent, LogLine, LogSource } from '../../../shared/models/logs';
import { createLogService, type LogService } from '../../../main/logs/service';
import { appendPodLog, criLogLine } from '../../cluster/kwok';
import { cluster, coreApi, customObjectsApi, deletePod, uniqueName, waitFor, waitForRunning } from '../cluster/support';
import { callContext, clustersAs } from '../terminals/harness';

const namespace = 'team-a';

interface RoutedContainer {
  name: string;
  lines: string[];
  previousLines?: string[];
}

/** Creates a pod whose containers kwok serves from fresh local log files; returns the files by container. */
async function createLoggingPod(name: string, containers: RoutedContainer[], labels: Record<string, string> = {}): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const logs = [];
  for (const container of containers) {
    const logsFile = join(cluster().runDir, 'pod-logs', namespace, `${name}-${container.name}.log`);
    await writeFile(logsFile, container.lines.map((line) => criLogLine(line)).join(''));
    files[container.name] = logsFile;
    const entry: Record<string, unknown> = { containers: [container.name], logsFile, follow: true };
    if (container.previousLines) {
      const previousFile = `${logsFile}.previous`;
      await writeFile(previousFile, container.previousLines.map((line) => criLogLine(line)).join(''));
      entry['previousLogsFile'] = previousFile;
    }
    logs.push(entry);
  }
  const pod: V1Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { 'd.run/test': 'integration', ...labels } },
    spec: { containers: containers.map((container) => ({ name: container.name, image: 'busybox:1.36' })), terminationGracePeriodSeconds: 0 },
  };
  await coreApi('alice').createNamespacedPod({ namespace, body: pod });
  await customObjectsApi().createNamespacedCustomObject({
    group: 'kwok.x-k8s.io',
    version: 'v1alpha1',
    namespace,
    plural: 'logs',
    body: { apiVersion: 'kwok.x-k8s.io/v1alpha1', kind: 'Logs', metadata: { name, namespace }, spec: { logs } },
  });
  await waitForRunning(namespace, name);
  return files;
}

/** Subscribes to a log stream and keeps every source update and line. */
async function follow(service: LogService, input: Parameters<LogService['stream']>[0]) {
  const lines: LogLine[] = [];
  let sources: LogSource[] = [];
  const disposable = await service.stream(input, (event: LogEvent) => {
    if (event.type === 'lines') lines.push(...event.lines);
    else sources = event.sources;
  }, callContext);
  const textOf = (container?: string) =>
    lines.filter((line) => container === undefined || sources[line.source]?.container === container).map((line) => line.text);
  return {
    lines,
    sources: () => sources,
    textOf,
    waitForLine: (text: string, container?: string) =>
      waitFor(`log line "${text}" (lines so far: ${JSON.stringify(textOf(container).slice(-5))})`, async () => (textOf(container).includes(text) ? true : undefined)),
    dispose: () => disposable.dispose(),
  };
}

const defaults = { contextId: 'local', namespace, follow: true, previous: false, timestamps: false } as const;

describe('log streams', () => {
  const pods: string[] = [];
  const streams: { dispose(): void }[] = [];
  const logs = createLogService({ clusters: clustersAs('alice'), flushIntervalMs: 50, jobRescanMs: 500, maxLineChars: 1024 });

  afterEach(async () => {
    streams.splice(0).forEach((stream) => stream.dispose());
    await waitFor('every container log reader to stop', async () => (logs.readerCount() === 0 ? true : undefined));
    for (const name of pods.splice(0)) await deletePod(namespace, name);
  });

  /** kwok applies a new Logs object asynchronously; until then the pod shows the default log. */
  async function routedPod(name: string, containers: RoutedContainer[], labels?: Record<string, string>) {
    pods.push(name);
    const files = await createLoggingPod(name, containers, labels);
    const first = containers[0];
    await waitFor('the Logs route to take effect', async () => {
      const text = await coreApi().readNamespacedPodLog({ namespace, name, container: first?.name ?? 'main' });
      return text.includes(first?.lines[0] ?? '') ? true : undefined;
    });
    return files;
  }

  it('follows appended lines in order', async () => {
    const name = uniqueName('follow');
    const files = await routedPod(name, [{ name: 'main', lines: ['epoch 1 loss 0.91'] }]);
    const stream = await follow(logs, { ...defaults, selector: { kind: 'pod', pod: name } });
    streams.push(stream);

    await stream.waitForLine('epoch 1 loss 0.91');
    await appendPodLog(files['main'] ?? '', ['epoch 2 loss 0.54', 'epoch 3 loss 0.37']);
    await appendPodLog(files['main'] ?? '', ['epoch 4 loss 0.21']);
    await stream.waitForLine('epoch 4 loss 0.21');

    expect(stream.textOf()).toEqual(['epoch 1 loss 0.91', 'epoch 2 loss 0.54', 'epoch 3 loss 0.37', 'epoch 4 loss 0.21']);
    expect(stream.sources()).toMatchObject([{ pod: name, container: 'main', state: 'streaming' }]);
  });

  it('reads the previous container instance', async () => {
    const name = uniqueName('previous');
    await routedPod(name, [{ name: 'main', lines: ['after restart'], previousLines: ['before restart', 'CUDA out of memory'] }]);
    const stream = await follow(logs, { ...defaults, follow: false, previous: true, selector: { kind: 'pod', pod: name, container: 'main' } });
    streams.push(stream);

    await waitFor('the previous log to end', async () => (stream.sources()[0]?.state === 'ended' ? true : undefined));

    expect(stream.textOf()).toEqual(['before restart', 'CUDA out of memory']);
  });

  it('reads every container of a pod', async () => {
    const name = uniqueName('multi');
    await routedPod(name, [{ name: 'main', lines: ['main says hi'] }, { name: 'sidecar', lines: ['sidecar says hi'] }]);
    const stream = await follow(logs, { ...defaults, selector: { kind: 'pod', pod: name } });
    streams.push(stream);

    await stream.waitForLine('main says hi', 'main');
    await stream.waitForLine('sidecar says hi', 'sidecar');

    expect(stream.sources().map((source) => source.container).sort()).toEqual(['main', 'sidecar']);
  });

  it('reads every pod of a Job, also pods that start later', async () => {
    const job = uniqueName('job');
    const labels = { 'batch.kubernetes.io/job-name': job };
    await routedPod(`${job}-a`, [{ name: 'main', lines: ['worker a ready'] }], labels);
    const stream = await follow(logs, { ...defaults, selector: { kind: 'job', job } });
    streams.push(stream);
    await stream.waitForLine('worker a ready');

    await routedPod(`${job}-b`, [{ name: 'main', lines: ['worker b ready'] }], labels);
    await stream.waitForLine('worker b ready');

    expect(stream.sources().map((source) => source.pod).sort()).toEqual([`${job}-a`, `${job}-b`]);
  });

  it('splits a very long line into marked pieces', async () => {
    const name = uniqueName('long');
    const long = 'x'.repeat(2500);
    await routedPod(name, [{ name: 'main', lines: ['short', long, 'after'] }]);
    const stream = await follow(logs, { ...defaults, follow: false, selector: { kind: 'pod', pod: name } });
    streams.push(stream);

    await stream.waitForLine('after');

    expect(stream.lines.map((line) => [line.text.length, line.part])).toEqual([[5, undefined], [1024, 'first'], [1024, 'middle'], [452, 'last'], [5, undefined]]);
  });

  it('separates timestamps and honours tailLines', async () => {
    const name = uniqueName('tail');
    await routedPod(name, [{ name: 'main', lines: ['one', 'two', 'three'] }]);
    const stream = await follow(logs, { ...defaults, follow: false, timestamps: true, tailLines: 2, selector: { kind: 'pod', pod: name } });
    streams.push(stream);

    await stream.waitForLine('three');

    expect(stream.textOf()).toEqual(['two', 'three']);
    expect(stream.lines.every((line) => line.time !== undefined && !Number.isNaN(Date.parse(line.time)))).toBe(true);
  });

  it('fails only the source whose container is missing', async () => {
    const name = uniqueName('missing');
    await routedPod(name, [{ name: 'main', lines: ['present'] }]);
    const stream = await follow(logs, { ...defaults, follow: false, previous: true, selector: { kind: 'pod', pod: name, container: 'main' } });
    streams.push(stream);

    const failed = await waitFor('the source to fail', async () => stream.sources().find((source) => source.state === 'failed'));

    expect(failed.error?.kind).toBeDefined();
    expect(failed.error?.message).toContain(`container main of pod ${namespace}/${name}`);
  });
});
