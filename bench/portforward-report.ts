/**
 * Renders bench/portforward.md: the machine, the versions, the exact command,
 * then throughput, connection latency and heal time with medians and spreads,
 * and the design's targets as met or missed. The hand-written notes in
 * portforward-findings.md are appended as they are.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { MachineInfo } from './machine';
import { distribution, spread, type Spread } from './stats';

export interface ForwardRun {
  /** MiB/s of each large download, in the order measured. */
  appMiBps: number[];
  kubectlMiBps: number[];
  /** Milliseconds to the first byte of /tiny on a new TCP connection. */
  appFirstByteMs: number[];
  kubectlFirstByteMs: number[];
}

export interface HealSample {
  /** From the delete call to the forward reporting `reconnecting`. */
  deleteToReconnectingMs: number;
  /** From the create call's response to the API server showing the new pod Ready (kwok's share). */
  createToReadyMs: number;
  /** From the create call's response to the first HTTP 200 through the forward. */
  createToServedMs: number;
  /** From the delete call to the first HTTP 200 through the forward: the whole outage. */
  deleteToServedMs: number;
}

export interface PortForwardResults {
  machine: MachineInfo;
  command: string;
  curl: string;
  kubectl: string;
  namespace: string;
  sizeMiB: number;
  samples: number;
  runs: ForwardRun[];
  heals: HealSample[];
  wallSeconds: number;
}

const HEAL_TARGET_MS = 5000;

const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value).toLocaleString('en')} ms` : 'n/a');
const fine = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'n/a');
const rate = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} MiB/s` : 'n/a');
const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a');
const range = (value: Spread, format: (n: number) => string) => `${format(value.median)} (${format(value.min)} to ${format(value.max)})`;
const verdict = (met: boolean) => (met ? '**met**' : '**missed**');

function header(results: PortForwardResults): string[] {
  const { machine } = results;
  return [
    '# Port-forward benchmark',
    '',
    `Latest run: ${machine.date}, ${results.runs.length} runs, ${Math.round(results.wallSeconds)} s in all.`,
    '',
    '```sh',
    results.command,
    '```',
    '',
    '| | |',
    '| --- | --- |',
    `| Machine | ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB memory, Linux ${machine.kernel} |`,
    `| Shared with | the other helpers' test runs and the shared test cluster: the figures are noisy; ratios within one run are what count |`,
    `| Versions | d.run Desktop ${machine.appVersion} (${machine.commit}), Node ${machine.node}, Kubernetes ${machine.kubernetes} (${machine.clusterBinaries}), ${results.kubectl}, ${results.curl} |`,
    `| Path | client (curl, new TCP connection per request) → local forward on 127.0.0.1 → kube-apiserver pods/portforward → kwok PortForward object → HTTP server on 127.0.0.1 in its own Node process; namespace \`${results.namespace}\`, deleted afterwards |`,
    `| App side | the main-process port-forward manager (\`createPortForwardService\`), in the benchmark's Node process, as admin |`,
    `| kubectl side | the cluster's built \`kubectl port-forward\`, as admin, same pod and port |`,
    '',
  ];
}

function throughput(results: PortForwardResults): { lines: string[]; met: boolean } {
  const runMedian = (values: number[]) => spread(values).median;
  const app = spread(results.runs.map((run) => runMedian(run.appMiBps)));
  const kubectl = spread(results.runs.map((run) => runMedian(run.kubectlMiBps)));
  const ratios = spread(results.runs.map((run) => runMedian(run.appMiBps) / runMedian(run.kubectlMiBps)));
  const downloads = results.runs[0]?.appMiBps.length ?? 0;
  const met = ratios.median >= 1;
  return {
    met,
    lines: [
      '## Throughput',
      '',
      `Downloading ${results.sizeMiB} MiB from /large, ${downloads} downloads per side in each run, the two sides taking turns. A run's figure is the median of its downloads; the table gives the median over runs and their range. Time counts from the start of curl's request to the last byte.`,
      '',
      '| Figure | Median (min to max) |',
      '| --- | --- |',
      `| App | ${range(app, rate)} |`,
      `| kubectl | ${range(kubectl, rate)} |`,
      `| Ratio app / kubectl (same run) | ${range(ratios, ratio)} |`,
      '',
      `Target ≥ kubectl's throughput (median ratio ≥ 1): ${verdict(met)}.`,
      '',
    ],
  };
}

function latency(results: PortForwardResults): string[] {
  const app = distribution(results.runs.flatMap((run) => run.appFirstByteMs));
  const kubectl = distribution(results.runs.flatMap((run) => run.kubectlFirstByteMs));
  const ratios = spread(results.runs.map((run) => spread(run.appFirstByteMs).median / spread(run.kubectlFirstByteMs).median));
  return [
    '## Connection latency',
    '',
    `Time to the first byte of /tiny over a new TCP connection (curl's time_starttransfer): the local accept, a new upstream stream through the API server and kwok, and the request. ${results.samples} samples per side in each run, taking turns; percentiles pool every run.`,
    '',
    '| Side | p50 | p95 | p99 | max | samples |',
    '| --- | --- | --- | --- | --- | --- |',
    `| App | ${fine(app.p50)} | ${fine(app.p95)} | ${fine(app.p99)} | ${fine(app.max)} | ${app.n} |`,
    `| kubectl | ${fine(kubectl.p50)} | ${fine(kubectl.p95)} | ${fine(kubectl.p99)} | ${fine(kubectl.max)} | ${kubectl.n} |`,
    '',
    `Ratio of the run medians, app / kubectl: ${range(ratios, ratio)}. The design sets no target for latency.`,
    '',
  ];
}

function heal(results: PortForwardResults): { lines: string[]; met: boolean } {
  const column = (pick: (sample: HealSample) => number) => range(spread(results.heals.map(pick)), ms);
  const worst = Math.max(...results.heals.map((sample) => sample.createToServedMs));
  const met = results.heals.length > 0 && worst <= HEAL_TARGET_MS;
  return {
    met,
    lines: [
      '## Heal after the pod is replaced',
      '',
      `The app's forward stays up while its pod is deleted (grace period 0) and, once the API server reports it gone, created again under the same name. A client polls /tiny through the forward every 100 ms (each request waits up to 15 s, as the forward holds new connections while it reconnects). ${results.heals.length} replacements. kubectl's forward is stopped before this part and not measured.`,
      '',
      '| Figure | Median (min to max) |',
      '| --- | --- |',
      `| Delete → forward reports reconnecting | ${column((sample) => sample.deleteToReconnectingMs)} |`,
      `| New pod created → API server shows it Ready (kwok's share, polled every 100 ms) | ${column((sample) => sample.createToReadyMs)} |`,
      `| New pod created → first HTTP 200 through the forward | ${column((sample) => sample.createToServedMs)} |`,
      `| Delete → first HTTP 200 through the forward (whole outage) | ${column((sample) => sample.deleteToServedMs)} |`,
      '',
      `Target ≤ 5 s from the new pod to a working forward (every replacement, worst ${ms(worst)}): ${verdict(met)}.`,
      '',
    ],
  };
}

export function renderPortForwardReport(results: PortForwardResults): string {
  const findings = existsSync('bench/portforward-findings.md') ? readFileSync('bench/portforward-findings.md', 'utf8').trim() : '';
  const speed = throughput(results);
  const healing = heal(results);
  const lines = [
    ...header(results),
    '## Targets',
    '',
    `- Throughput ≥ \`kubectl port-forward\` over the same path: ${verdict(speed.met)}.`,
    `- A forward heals within 5 s of its pod being replaced: ${verdict(healing.met)}.`,
    '',
    ...speed.lines,
    ...latency(results),
    ...healing.lines,
    findings,
    '',
  ];
  return lines.join('\n');
}
