/** Writes bench/watch-clients.md from the results of bench/watch-clients.ts. */
import { existsSync, readFileSync } from 'node:fs';
import type { MachineInfo } from './machine';
import { percentile } from './stats';
import { CLIENT_NAMES, type ClientName, type ClientPhase } from './watch-clients-model';

export interface WatchClientsResults {
  machine: MachineInfo;
  options: { runs: number; rates: number[]; phaseSeconds: number };
  phases: ClientPhase[];
}

const FINDINGS = 'bench/watch-clients-findings.md';

const CLIENT_LABELS: Record<ClientName, string> = {
  app: "app's watch worker (HTTP/1.1, node:https)",
  'http2-default': 'node:http2, default 64 KiB stream window',
  'http2-go-windows': "node:http2, Go's windows (4 MiB stream, 1 GiB connection)",
  kubectl: 'kubectl get --raw (Go, HTTP/2)',
};

/** Closes this close to another client's count as one stall of the API server's dispatch, not one client falling behind. */
const SHARED_CLOSE_MS = 100;
/**
 * The clients that read their streams at full speed. node:http2 with its default window falls behind on
 * its own every few seconds, so its closes would line up with the others' by chance.
 */
const PROMPT_READERS: readonly ClientName[] = ['app', 'http2-go-windows', 'kubectl'];

const count = (value: number): string => value.toLocaleString('en-US');
const ms = (value: number | undefined): string => (value === undefined ? '–' : `${count(Math.round(value))} ms`);
const sum = (phases: ClientPhase[], pick: (phase: ClientPhase) => number): number => phases.reduce((total, phase) => total + pick(phase), 0);

/** Counts the closes of a client's watch that came within SHARED_CLOSE_MS of a close of another prompt reader's watch in the same phase. */
function sharedCloses(name: ClientName, all: ClientPhase[]): number {
  if (!PROMPT_READERS.includes(name)) return Number.NaN;
  let shared = 0;
  for (const phase of all.filter((entry) => entry.client === name)) {
    const others = all.filter((entry) => entry.run === phase.run && entry.client !== name && PROMPT_READERS.includes(entry.client)).flatMap((entry) => entry.forcedCloseTimes ?? []);
    shared += (phase.forcedCloseTimes ?? []).filter((time) => others.some((other) => Math.abs(other - time) <= SHARED_CLOSE_MS)).length;
  }
  return shared;
}

function clientRow(name: ClientName, phases: ClientPhase[], all: ClientPhase[]): string {
  const shared = sharedCloses(name, all);
  const delays = phases.flatMap((phase) => phase.probeDelaysMs);
  const seen = delays.filter((value): value is number => value !== null);
  const resumes = phases.flatMap((phase) => phase.resumeMs);
  return [
    CLIENT_LABELS[name],
    count(sum(phases, (phase) => phase.forcedCloses)),
    Number.isNaN(shared) ? '–' : count(shared),
    count(sum(phases, (phase) => phase.earlyEnds)),
    count(sum(phases, (phase) => phase.expired)),
    resumes.length > 0 ? `${ms(percentile(resumes, 0.5))} / ${ms(Math.max(...resumes))}` : '–',
    `${count(seen.length)} of ${count(delays.length)}`,
    seen.length > 0 ? `${ms(percentile(seen, 0.5))} / ${ms(percentile(seen, 0.95))} / ${ms(Math.max(...seen))}` : '–',
  ].join(' | ');
}

/** Returns each probe's delay at a client less kubectl's for the same probe, where both read it. */
function lessKubectl(name: ClientName, phases: ClientPhase[]): number[] {
  const differences: number[] = [];
  for (const phase of phases.filter((entry) => entry.client === name)) {
    const anchor = phases.find((entry) => entry.client === 'kubectl' && entry.run === phase.run);
    phase.probeDelaysMs.forEach((value, index) => {
      const kubectl = anchor?.probeDelaysMs[index];
      if (value !== null && kubectl !== null && kubectl !== undefined) differences.push(value - kubectl);
    });
  }
  return differences;
}

function rateSection(rate: number, results: WatchClientsResults): string[] {
  const phases = results.phases.filter((phase) => phase.rate === rate);
  const achieved = [...new Set(phases.map((phase) => `${phase.run}:${Math.round(phase.achievedRate)}`))].map((entry) => entry.split(':')[1]).join(', ');
  const lines = [
    `### ${count(rate)} updates/s requested`,
    '',
    `Achieved in each phase: ${achieved} updates/s.`,
    '',
    `| Client | Closed as unresponsive (log) | Of those, within ${SHARED_CLOSE_MS} ms of another prompt reader's close | Streams ended early | Expired resourceVersions | Resume to first event, p50 / longest | Probes read | Probe delay p50 / p95 / longest |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const name of CLIENT_NAMES) lines.push(`| ${clientRow(name, phases.filter((phase) => phase.client === name), phases)} |`);
  lines.push('', '| Client | Probe delay less kubectl\'s, p50 / p95 / largest |', '| --- | --- |');
  for (const name of CLIENT_NAMES.filter((entry) => entry !== 'kubectl')) {
    const differences = lessKubectl(name, phases);
    lines.push(`| ${CLIENT_LABELS[name]} | ${differences.length > 0 ? `${ms(percentile(differences, 0.5))} / ${ms(percentile(differences, 0.95))} / ${ms(Math.max(...differences))}` : '–'} |`);
  }
  lines.push('');
  return lines;
}

export function renderWatchClientsReport(results: WatchClientsResults): string {
  const { machine, options } = results;
  const lines = [
    '# Watch clients side by side',
    '',
    'Written by `npm run bench:watch-clients` (bench/watch-clients.ts). Four clients watch every pod of the scale profile at once, from the same resourceVersion, while the churn process patches pods at the requested rate and the runner creates a probe pod every second. Each client starts its watch again from its last resourceVersion whenever the API server ends it, as client-go does. Each watch carries a field selector that matches every pod and names the client, so the API server\'s log ("Forcing pods watcher close due to unresponsiveness") says whose watch it closed. A probe\'s delay runs from the API server\'s answer to its create to the client reading its ADDED event; the app\'s is when its watch worker read the event, before main parsed it.',
    '',
    `The prompt readers are the app, node:http2 with Go's windows, and kubectl: each reads its stream as fast as it arrives. When the API server closes the watches of two of them within ${SHARED_CLOSE_MS} ms, one stall of its own event dispatch closed both. node:http2 with Node's default 64 KiB window falls behind on its own, so it is left out of that count.`,
    '',
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB; ${machine.kernel}; Node ${machine.node}; Kubernetes ${machine.kubernetes} (${machine.clusterBinaries}); commit ${machine.commit}; ${machine.date}.`,
    '',
    `${options.runs} runs of ${options.rates.map(count).join(' and ')} updates/s requested, ${options.phaseSeconds} s each. The order in which the clients start turns with each phase.`,
    '',
  ];
  for (const rate of options.rates) lines.push(...rateSection(rate, results));
  if (existsSync(FINDINGS)) lines.push(readFileSync(FINDINGS, 'utf8').trimEnd(), '');
  return `${lines.join('\n')}`;
}
