/**
 * One benchmark run: a fresh app process and browser, then every figure in
 * order (first Overview, memory after sync, churn phases with probes, frame
 * times and bytes, steady churn for memory growth).
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import type { BulkClient } from '../test/cluster/profiles/scale/api';
import { launchBrowser } from '../test/e2e/support/browser';
import { startAppChild, type AppChild } from './app-client';
import { logSize, podWatchClosesSince, type WatchCloses } from './apiserver-log';
import { PROBE_NAME_PREFIX, type Counters, type MemorySample, type PodStreamRecord, type WorkerLoadSample } from './app-protocol';
import type { ChurnChild } from './churn-client';
import type { ChurnResult } from './churn-process';
import type { BenchOptions } from './options';
import { installProbe, openFirstOverview, screenTotalsSince, startRendererWork, startFrames, stopFrames, type FirstOverview, type FrameRecording, type RendererWork } from './page';
import { startKubectlWatch, type KubectlWatch } from './kubectl-watch';
import { createProbe, deleteProbes, probeDelays, waitForKubectl, type Probe, type ProbeDelay } from './probes';

export interface PhaseResult {
  rate: number;
  churn: ChurnResult;
  seconds: number;
  probesSent: number;
  /** Probes made while the page was still, in the phase's first half; absent in runs that always scrolled. */
  probesSentStill?: number;
  delays: ProbeDelay[];
  frames: FrameRecording;
  /** The renderer's main-thread time over the phase's scrolling half (a difference of Chromium's counters). */
  rendererWork?: RendererWork;
  /** Counter deltas over the phase. */
  traffic: Counters;
  /** Main's event loop and the process's CPU; worker is the watch worker's (absent in older results). */
  load: { eventLoopUtilization: number; cpuShare: number; worker?: WorkerLoadSample };
  /** Pod watches the API server closed as unresponsive during the phase, by client; absent in older results. */
  watchCloses?: WatchCloses;
  /** kubectl's watch streams started again during the phase, and how often its resourceVersion had expired. */
  kubectlWatch?: { starts: number; expired: number };
  /** The app's pod watch streams that were open at some point of the phase. Older results lack them. */
  podStreams?: PodStreamRecord[];
}

export interface SteadyResult {
  rate: number;
  seconds: number;
  churn: ChurnResult;
  samples: MemorySample[];
  watchCloses?: WatchCloses;
}

export interface RunResult {
  index: number;
  firstOverview: FirstOverview;
  /** The app process before any cluster is connected: Node, V8 and the app's code alone. */
  memoryAtStart?: MemorySample;
  memoryAfterSync: MemorySample;
  phases: PhaseResult[];
  steady: SteadyResult;
  memoryAfterChurn: MemorySample;
}

export interface RunContext {
  options: BenchOptions;
  rendererDir: string;
  /** The bundled app process. */
  appScript: string;
  kubeconfig: string;
  kubectl: string;
  /** The API server's log, read for the watches it closed. */
  apiServerLog: string;
  contextName: string;
  expected: { nodes: number; pods: number };
  churn: ChurnChild;
  api: BulkClient;
  log: (line: string) => void;
  /** Length of this run's steady churn phase. */
  steadySeconds: number;
  /** Profiling of the app process, for the last run only. */
  profile: { cpuProfileDir?: string; heapSnapshot?: string };
}

const OVERVIEW_TIMEOUT_MS = 10 * 60_000;
const SETTLE_MS = 5000;
/** How long a probe may take to reach the screen after its phase ends before it counts as missing. */
const PROBE_GRACE_MS = 30_000;

export async function runOnce(index: number, context: RunContext): Promise<RunResult> {
  const app = await startAppChild({
    script: context.appScript,
    kubeconfig: context.kubeconfig,
    rendererDir: context.rendererDir,
    allPodsTable: context.options.allPodsTable,
    ...(context.profile.cpuProfileDir ? { cpuProfileDir: context.profile.cpuProfileDir } : {}),
  });
  const browser = await launchBrowser({ viewport: { width: 1440, height: 1800 } });
  let kubectlWatch: KubectlWatch | undefined;
  try {
    const firstOverview = await openFirstOverview(browser.page, app.ready.url, context.contextName, context.expected, OVERVIEW_TIMEOUT_MS);
    context.log(`  first Overview: ${Math.round(firstOverview.fromConnectMs)} ms from Connect, ${Math.round(firstOverview.fromOpenMs)} ms from Open Overview`);
    await installProbe(browser.page);
    await delay(SETTLE_MS);
    const memoryAfterSync = (await app.ask({ type: 'memory' })).memory;
    if (context.profile.heapSnapshot) await app.ask({ type: 'heap-snapshot', path: context.profile.heapSnapshot });
    // Started after the figures above, as its own list of every pod loads the API server.
    kubectlWatch = await startKubectlWatch(context.kubectl, context.kubeconfig);

    const phases: PhaseResult[] = [];
    for (const rate of context.options.rates) {
      phases.push(await runPhase(rate, app, browser.page, kubectlWatch, context));
    }
    const steady = await runSteady(app, context);
    const memoryAfterChurn = (await app.ask({ type: 'memory' })).memory;
    if (context.profile.heapSnapshot) await app.ask({ type: 'heap-snapshot', path: context.profile.heapSnapshot.replace(/(\.heapsnapshot)?$/, '-after-churn.heapsnapshot') });
    return { index, firstOverview, memoryAtStart: app.ready.memory, memoryAfterSync, phases, steady, memoryAfterChurn };
  } finally {
    kubectlWatch?.close();
    await browser.close();
    await app.close();
  }
}

function trafficDelta(before: Counters, after: Counters): Counters {
  const delta = { ...after };
  for (const key of Object.keys(delta) as (keyof Counters)[]) delta[key] = (after[key] ?? 0) - (before[key] ?? 0);
  return delta;
}

/**
 * Runs one churn phase in two halves. In the first half the page is still,
 * so the delay is measured with the renderer idle. In the second it scrolls
 * the pod table, for the frame times and the delay while scrolling. Scrolling
 * in software rendering takes most of a core here, which main then lacks.
 */
async function runPhase(rate: number, app: AppChild, page: Page, kubectl: KubectlWatch, context: RunContext): Promise<PhaseResult> {
  const kubectlSeen = kubectl.seen;
  const kubectlStarts = kubectl.starts();
  const kubectlExpired = kubectl.expired();
  const { options } = context;
  // The pod total on screen now; the probes raise it one by one.
  const base = (await screenTotalsSince(page, 0)).at(-1)?.value ?? context.expected.pods;
  const before = (await app.ask({ type: 'counters' })).counters;
  await app.ask({ type: 'load' });
  const logOffset = await logSize(context.apiServerLog);
  const startedAt = Date.now();

  // Rate 0 is the baseline: the same scrolling and probes with no churn.
  let churnDone = false;
  const churning = (rate > 0 ? context.churn.run({ rate, seconds: options.phaseSeconds, maxInFlight: Math.max(64, Math.ceil(rate / 4)) }) : noChurn(options.phaseSeconds)).finally(() => (churnDone = true));
  let scrolling = false;
  const scrollStarted = delay((options.phaseSeconds * 1000) / 2).then(async () => {
    const work = await startRendererWork(page);
    await startFrames(page, options.scrollPxPerSecond);
    scrolling = true;
    return work;
  });
  const probes: Probe[] = [];
  await delay(2000);
  while (!churnDone) {
    probes.push(await createProbe(context.api, `${PROBE_NAME_PREFIX}${startedAt.toString(36)}-${probes.length}`, base + probes.length + 1, scrolling));
    await Promise.race([delay(options.probeMs), churning]);
  }
  const churn = await churning;
  const work = await scrollStarted;
  const seconds = (Date.now() - startedAt) / 1000;
  const frames = await stopFrames(page);
  const rendererWork = await work.stop();
  const traffic = trafficDelta(before, (await app.ask({ type: 'counters' })).counters);
  const { eventLoopUtilization, cpuShare, worker } = await app.ask({ type: 'load' });
  const watchCloses = await podWatchClosesSince(context.apiServerLog, logOffset);
  const kubectlWatch = { starts: kubectl.starts() - kubectlStarts, expired: kubectl.expired() - kubectlExpired };

  const deadline = Date.now() + PROBE_GRACE_MS;
  await Promise.all([waitForScreenTotal(page, base + probes.length), waitForKubectl(probes, kubectlSeen, deadline)]);
  const { arrivals } = await app.ask({ type: 'probe-arrivals' });
  const { streams: podStreams } = await app.ask({ type: 'pod-streams', since: startedAt });
  const delays = probeDelays(probes, (await app.ask({ type: 'summary-frames', since: startedAt })).frames, await screenTotalsSince(page, startedAt), kubectlSeen, arrivals);
  await deleteProbes(context.api);
  await waitForScreenTotal(page, base, 'exactly');
  context.log(`  ${rate}/s: achieved ${churn.achievedRate.toFixed(0)}/s, ${delays.length}/${probes.length} probes seen, frames ${frames.deltas.length}, watches closed: app ${watchCloses.app}, kubectl ${watchCloses.kubectl}, other ${watchCloses.other}; kubectl watch starts ${kubectlWatch.starts}, expired ${kubectlWatch.expired}`);
  const probesSentStill = probes.filter((probe) => !probe.scrolling).length;
  return { rate, churn, seconds, probesSent: probes.length, probesSentStill, delays, frames, rendererWork, traffic, load: { eventLoopUtilization, cpuShare, ...(worker ? { worker } : {}) }, watchCloses, kubectlWatch, podStreams };
}

async function noChurn(seconds: number): Promise<ChurnResult> {
  await delay(seconds * 1000);
  return { requestedRate: 0, achievedRate: 0, patches: 0, failures: 0, skipped: 0, latencyMs: { p50: 0, p99: 0 } };
}

/** Waits until the screen shows at least (or exactly) `value` pods; gives up after the grace time. */
async function waitForScreenTotal(page: Page, value: number, match: 'at least' | 'exactly' = 'at least'): Promise<boolean> {
  const deadline = Date.now() + PROBE_GRACE_MS;
  while (Date.now() < deadline) {
    const last = (await screenTotalsSince(page, 0)).at(-1);
    if (last && (match === 'exactly' ? last.value === value : last.value >= value)) return true;
    await delay(250);
  }
  return false;
}

async function runSteady(app: AppChild, context: RunContext): Promise<SteadyResult> {
  const { steadyRate: rate, sampleSeconds } = context.options;
  const seconds = context.steadySeconds;
  let done = false;
  const logOffset = await logSize(context.apiServerLog);
  const churning = context.churn.run({ rate, seconds, maxInFlight: Math.max(64, Math.ceil(rate / 4)) }).finally(() => (done = true));
  const samples: MemorySample[] = [];
  while (!done) {
    await Promise.race([delay(sampleSeconds * 1000), churning]);
    samples.push((await app.ask({ type: 'memory' })).memory);
  }
  const churn = await churning;
  const watchCloses = await podWatchClosesSince(context.apiServerLog, logOffset);
  context.log(`  steady ${rate}/s for ${seconds} s: ${samples.length} memory samples, achieved ${churn.achievedRate.toFixed(0)}/s, watches closed: app ${watchCloses.app}, kubectl ${watchCloses.kubectl}`);
  return { rate, seconds, churn, samples, watchCloses };
}
