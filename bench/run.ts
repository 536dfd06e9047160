/**
 * `npm run bench`: starts the scale profile on a cluster of its own, drives
 * the app's real main process and renderer (browser mode in Debian's
 * Chromium) through several runs, and writes bench/README.md and
 * bench/results.json. See USAGE in options.ts.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { createBulkClient } from '../test/cluster/profiles/scale/api';
import { startChurnChild } from './churn-client';
import { measureListedJson, startBenchCluster, stopBenchCluster, timeKubectlList, useBenchCluster, type BenchCluster, type KubectlList } from './cluster';
import { hottestFunctions } from './cpu-profile';
import { readMachine } from './machine';
import { buildRenderer } from './renderer-build';
import { buildAppProcess } from './app-bundle';
import { parseOptions, USAGE, type BenchOptions } from './options';
import { renderReport, type BenchResults } from './report';
import { runOnce, type RunResult } from './scenario';

const log = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);

async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (options.renderOnly) {
    const results = JSON.parse(await readFile(options.results, 'utf8')) as BenchResults;
    await writeFile(options.report, renderReport(results));
    log(`wrote ${options.report} from ${options.results}`);
    return;
  }
  const started = performance.now();
  const runDir = useBenchCluster(options.runDir, options.portBase);
  log(`cluster: profile scale in ${runDir}, API server on 127.0.0.1:${process.env['DRUN_CLUSTER_PORT_APISERVER']} (starting it can take many minutes)`);
  const cluster = await startBenchCluster(log);
  try {
    const results = await measure(options, cluster, argv);
    results.wallSeconds = (performance.now() - started) / 1000;
    await writeFile(options.results, `${JSON.stringify(results, null, 1)}\n`);
    await writeFile(options.report, renderReport(results));
    log(`wrote ${options.report} and ${options.results}`);
  } finally {
    if (cluster.started && !options.keepCluster) await stopBenchCluster(log);
    else log(`left the bench cluster running in ${runDir}`);
  }
}

async function measure(options: BenchOptions, cluster: BenchCluster, argv: string[]): Promise<BenchResults> {
  // Read first, so the report names the code that was measured even if commits land during the run.
  const machine = readMachine(cluster.state.binDir);
  const listed = await measureListedJson(cluster);
  log(`listed ${listed.nodes} nodes and ${listed.pods} pods: ${(listed.bytes / 1024 / 1024).toFixed(1)} MiB of JSON`);
  const config = new KubeConfig();
  config.loadFromFile(cluster.adminKubeconfig);
  const scratch = await mkdtemp(join(tmpdir(), 'drun-bench-'));
  const rendererDir = join(scratch, 'renderer');
  log('building the renderer and bundling the app process');
  await buildRenderer(rendererDir);
  const appScript = await buildAppProcess(scratch);
  const api = await createBulkClient(cluster.adminKubeconfig, 8);
  const churn = await startChurnChild(cluster.adminKubeconfig);
  const kubectl: KubectlList[] = [];
  const runs: RunResult[] = [];
  // The API server's own ceiling: the highest rate with no app connected.
  const top = Math.max(...options.rates);
  const apiserverAlone = await churn.run({ rate: top, seconds: options.phaseSeconds, maxInFlight: Math.max(64, Math.ceil(top / 4)) });
  log(`churn at ${top}/s with no app connected: achieved ${apiserverAlone.achievedRate.toFixed(0)}/s`);
  try {
    for (let index = 0; index < options.runs; index += 1) {
      const last = index === options.runs - 1;
      log(`run ${index + 1} of ${options.runs}`);
      // kubectl goes first in even runs and last in odd ones, so neither side always meets a warmer API server.
      if (index % 2 === 0) kubectl.push(await timeKubectlList(cluster, join(scratch, 'kubectl.json')));
      const run = await runOnce(index, {
        options,
        rendererDir,
        appScript,
        kubeconfig: cluster.adminKubeconfig,
        kubectl: cluster.kubectl,
        apiServerLog: join(cluster.state.runDir, 'logs', 'kube-apiserver.log'),
        contextName: config.getCurrentContext(),
        expected: { nodes: listed.nodes, pods: listed.pods },
        churn,
        api,
        log,
        steadySeconds: last ? options.lastSteadySeconds : options.steadySeconds,
        profile: last ? { ...(options.cpuProfileDir ? { cpuProfileDir: resolve(options.cpuProfileDir) } : {}), ...(options.heapSnapshot ? { heapSnapshot: resolve(options.heapSnapshot) } : {}) } : {},
      });
      if (index % 2 === 1) kubectl.push(await timeKubectlList(cluster, join(scratch, 'kubectl.json')));
      log(`  kubectl: ${Math.round(kubectl.at(-1)?.ms ?? 0)} ms`);
      runs.push(run);
    }
  } finally {
    churn.close();
    api.close();
    await rm(scratch, { recursive: true, force: true });
  }
  return {
    machine,
    command: ['npm run bench', ...(argv.length ? ['--', ...argv] : [])].join(' '),
    options,
    cluster: { runDir: cluster.state.runDir, apiserverPort: cluster.state.ports.apiserver, nodes: listed.nodes, pods: listed.pods },
    listed,
    kubectl,
    runs,
    apiserverAlone,
    hot: options.cpuProfileDir ? hottestFunctions(resolve(options.cpuProfileDir), 15) : undefined,
    wallSeconds: 0,
  };
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
