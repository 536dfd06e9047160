/**
 * Watch clients side by side under the same churn: the app's watch worker
 * (HTTP/1.1 through node:https, one connection a watch), HTTP/2 through
 * node:http2 with its default flow-control window and with the windows of
 * Go's HTTP/2 client, and kubectl. Each watches every pod, with a field
 * selector that matches every pod and names the client, so the API server's
 * log shows whose watch it closed as unresponsive. Probe pods made during the
 * churn give each client's delay for the same change.
 *
 * The full benchmark (bench/run.ts) found that the API server ends the
 * app's pod watch early now and then, and that a probe made around such a
 * close reaches the app late. This run measures whether the app's HTTP client
 * makes those closes more likely than kubectl's.
 *
 *   npm run bench:watch-clients -- [--runs 2] [--rates 1000,2000] [--phase-seconds 60] [--keep-cluster] [--run-dir DIR]
 *
 * Writes bench/watch-clients.md and bench/watch-clients.json.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { createLogger } from '../main/log';
import { createWatchStreams, type WatchStreams } from '../main/cache/watch-stream/streams';
import { createBulkClient, type BulkClient } from '../test/cluster/profiles/scale/api';
import { logSize } from './apiserver-log';
import { startChurnChild, type ChurnChild } from './churn-client';
import { startBenchCluster, stopBenchCluster, useBenchCluster } from './cluster';
import { readMachine } from './machine';
import { createProbe, deleteProbes } from './probes';
import { renderWatchClientsReport, type WatchClientsResults } from './watch-clients-report';
import { CLIENT_NAMES, closesByClient, type ClientName, type ClientPhase } from './watch-clients-model';
import { currentResourceVersion, startKubectlReader, startNodeHttp2Reader, startWorkerReader, type ResumingWatch } from './watch-clients-readers';

interface Options {
  runs: number;
  rates: number[];
  phaseSeconds: number;
  keepCluster: boolean;
  runDir: string | undefined;
  portBase: number;
  renderOnly: boolean;
}

const REPORT = 'bench/watch-clients.md';
const RESULTS = 'bench/watch-clients.json';
const PROBE_MS = 1_000;
/** Time after the churn for late probes to arrive at every client. */
const SETTLE_MS = 10_000;

const USAGE = `Usage: npm run bench:watch-clients -- [options]

  --runs N            runs of every rate (default 2)
  --rates A,B         churn rates in pod updates per second (default 1000,2000)
  --phase-seconds S   length of each churn phase (default 60)
  --keep-cluster      leave the bench cluster running afterwards
  --run-dir DIR       cluster run folder (default ~/.cache/drun-desktop/cluster/bench-run)
  --port-base N       cluster ports are N+2379, N+6443, ... (default 22000)
  --render-only       rewrite ${REPORT} from ${RESULTS}, measuring nothing`;

function readOptions(): Options | undefined {
  const { values } = parseArgs({
    options: {
      help: { type: 'boolean', default: false },
      runs: { type: 'string', default: '2' },
      rates: { type: 'string', default: '1000,2000' },
      'phase-seconds': { type: 'string', default: '60' },
      'keep-cluster': { type: 'boolean', default: false },
      'run-dir': { type: 'string' },
      'port-base': { type: 'string', default: '22000' },
      'render-only': { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return undefined;
  }
  const whole = (name: string, raw: string): number => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number of 1 or more, got ${JSON.stringify(raw)}`);
    return value;
  };
  return {
    runs: whole('runs', values.runs),
    rates: values.rates.split(',').map((rate) => whole('rates', rate.trim())),
    phaseSeconds: whole('phase-seconds', values['phase-seconds']),
    keepCluster: values['keep-cluster'],
    runDir: values['run-dir'],
    portBase: whole('port-base', values['port-base']),
    renderOnly: values['render-only'],
  };
}

/** Starts every client from the same resourceVersion, in an order that turns with each phase, so none always starts first. */
async function startClients(kubeConfig: KubeConfig, kubectl: string, kubeconfigPath: string, turn: number): Promise<{ clients: Map<ClientName, ResumingWatch>; streams: WatchStreams }> {
  const streams = createWatchStreams(createLogger('bench.watch-clients'));
  const version = await currentResourceVersion(kubeConfig);
  const starters: Record<ClientName, () => ResumingWatch> = {
    app: () => startWorkerReader(kubeConfig, streams, version),
    'http2-default': () => startNodeHttp2Reader(kubeConfig, 'http2-default', version),
    'http2-go-windows': () => startNodeHttp2Reader(kubeConfig, 'http2-go-windows', version),
    kubectl: () => startKubectlReader(kubectl, kubeconfigPath, kubeConfig, version),
  };
  const order = CLIENT_NAMES.map((_, index) => CLIENT_NAMES[(index + turn) % CLIENT_NAMES.length]!);
  const clients = new Map<ClientName, ResumingWatch>();
  for (const name of order) clients.set(name, starters[name]());
  await Promise.all([...clients.values()].map((client) => client.started));
  return { clients, streams };
}

interface PhaseContext {
  kubeConfig: KubeConfig;
  kubectl: string;
  kubeconfigPath: string;
  /** The API server's log, for the watches it closed. */
  log: string;
  bulk: BulkClient;
  churn: ChurnChild;
}

async function runPhase(options: Options, rate: number, turn: number, context: PhaseContext): Promise<ClientPhase[]> {
  const { bulk, churn } = context;
  const { clients, streams } = await startClients(context.kubeConfig, context.kubectl, context.kubeconfigPath, turn);
  const logOffset = await logSize(context.log);

  let done = false;
  const churning = churn.run({ rate, seconds: options.phaseSeconds, maxInFlight: Math.max(64, Math.ceil(rate / 4)) }).finally(() => (done = true));
  const probes: { name: string; ackAt: number }[] = [];
  for (let index = 0; !done; index += 1) {
    await delay(PROBE_MS);
    if (done) break;
    const probe = await createProbe(bulk, `bench-probe-wc-${turn}-${index}`, 0, false);
    probes.push({ name: probe.name, ackAt: probe.ackAt });
  }
  const result = await churning;
  await delay(SETTLE_MS);

  const closes = await closesByClient(context.log, logOffset);
  const phases = [...clients.entries()].map(([name, client]): ClientPhase => {
    client.stop();
    return {
      client: name,
      rate,
      achievedRate: result.achievedRate,
      run: turn,
      forcedCloses: closes[name].length,
      forcedCloseTimes: closes[name],
      ...client.counts(),
      probeDelaysMs: probes.map((probe) => {
        const seen = client.probesSeen.get(probe.name);
        return seen === undefined ? null : seen - probe.ackAt;
      }),
    };
  });
  streams.dispose();
  await deleteProbes(bulk);
  return phases;
}

async function main(): Promise<void> {
  const options = readOptions();
  if (!options) {
    return;
  }
  if (options.renderOnly) {
    const { readFile } = await import('node:fs/promises');
    const results = JSON.parse(await readFile(RESULTS, 'utf8')) as WatchClientsResults;
    await writeFile(REPORT, renderWatchClientsReport(results));
    return;
  }

  const say = (line: string): void => console.log(`[watch-clients] ${line}`);
  const runDir = useBenchCluster(options.runDir, options.portBase);
  const cluster = await startBenchCluster(say);
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(cluster.adminKubeconfig);
  const bulk = await createBulkClient(cluster.adminKubeconfig, 8);
  // The churn process lists every pod once, which takes seconds, so one serves every phase.
  const churn = await startChurnChild(cluster.adminKubeconfig);
  const context: PhaseContext = { kubeConfig, kubectl: cluster.kubectl, kubeconfigPath: cluster.adminKubeconfig, log: join(runDir, 'logs', 'kube-apiserver.log'), bulk, churn };

  const phases: ClientPhase[] = [];
  try {
    let turn = 0;
    for (let run = 0; run < options.runs; run += 1) {
      for (const rate of options.rates) {
        say(`run ${run + 1}/${options.runs}, ${rate} updates/s requested, ${options.phaseSeconds} s`);
        phases.push(...(await runPhase(options, rate, turn, context)));
        turn += 1;
      }
    }
  } finally {
    churn.close();
    bulk.close();
    if (!options.keepCluster && cluster.started) await stopBenchCluster(say);
  }

  const results: WatchClientsResults = { machine: readMachine(cluster.state.binDir), options: { runs: options.runs, rates: options.rates, phaseSeconds: options.phaseSeconds }, phases };
  await writeFile(RESULTS, `${JSON.stringify(results, null, 1)}\n`);
  await writeFile(REPORT, renderWatchClientsReport(results));
  say(`wrote ${REPORT} and ${RESULTS}`);
  // The watch worker and the HTTP/2 sessions are closed, but a kubectl child may still be exiting.
  process.exit(0);
}

await main();
