/**
 * Writes the benchmark report: the machine, the versions, the exact command,
 * then each figure with its median and spread over the runs and its ratio
 * against the anchor measured in the same run. The hand-written analysis in
 * findings.md is included as it is, so a new run keeps it next to new numbers.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { BenchOptions } from './options';
import type { ListedJson, KubectlList } from './cluster';
import type { HotFunction } from './cpu-profile';
import type { MachineInfo } from './machine';
import type { ChurnResult } from './churn-process';
import type { PhaseResult, RunResult } from './scenario';
import type { MemorySample, PodStreamRecord } from './app-protocol';
import type { ProbeDelay } from './probes';
import { distribution, slope, spread, type Spread } from './stats';

export interface BenchResults {
  machine: MachineInfo;
  command: string;
  options: BenchOptions;
  cluster: { runDir: string; apiserverPort: number; nodes: number; pods: number };
  listed: ListedJson;
  kubectl: KubectlList[];
  runs: RunResult[];
  /** Churn at the highest rate before any app process ran: what the API server manages alone. */
  apiserverAlone: ChurnResult;
  hot: HotFunction[] | undefined;
  wallSeconds: number;
}

const MiB = 1024 * 1024;
const FRAME_BUDGET_MS = 16.7;

const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value).toLocaleString('en')} ms` : 'n/a');
const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a');
const range = (value: Spread, format: (n: number) => string) => `${format(value.median)} (${format(value.min)} to ${format(value.max)})`;
const verdict = (met: boolean) => (met ? '**met**' : '**missed**');

/** Returns a paragraph and a Markdown table under it, with a separator row for the header's columns. */
function tableLines(intro: string, columns: readonly string[], rows: readonly string[]): string[] {
  return [intro, '', `| ${columns.join(' | ')} |`, `|${' --- |'.repeat(columns.length)}`, ...rows];
}

function header(results: BenchResults): string[] {
  const { machine, options } = results;
  return [
    '# Benchmarks on the scale profile',
    '',
    'Port-forward throughput, connection latency and heal time against `kubectl port-forward`: [portforward.md](portforward.md) (`npm run bench:portforward`).',
    '',
    `Latest run: ${machine.date}, ${results.runs.length} runs, ${Math.round(results.wallSeconds / 60)} minutes in all.`,
    '',
    '```sh',
    results.command,
    '```',
    '',
    '| | |',
    '| --- | --- |',
    `| Machine | ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB memory, Linux ${machine.kernel} |`,
    `| Shared with | the other helpers' test runs and clusters: the figures are noisy; ratios against anchors of the same run are what count |`,
    `| Versions | d.run Desktop ${machine.appVersion} (${machine.commit}), Node ${machine.node}, ${machine.chromium}, Kubernetes ${machine.kubernetes} (${machine.clusterBinaries}) |`,
    `| Cluster | profile \`scale\`: ${results.cluster.nodes.toLocaleString('en')} nodes, ${results.cluster.pods.toLocaleString('en')} pods; run folder \`${results.cluster.runDir}\`, API server on 127.0.0.1:${results.cluster.apiserverPort} |`,
    `| Listed JSON | ${mib(results.listed.bytes)} as the API server sends it, ${mib(results.listed.bytesWithoutManagedFields)} without managedFields |`,
    `| Phases | churn at ${options.rates.join(', ')} updates/s for ${options.phaseSeconds} s each; steady churn at ${options.steadyRate}/s for ${options.steadySeconds === options.lastSteadySeconds ? `${options.steadySeconds} s` : `${options.steadySeconds} s (${options.lastSteadySeconds} s in the last run)`}; pod table scrolled at ${options.scrollPxPerSecond} px/s (${options.allPodsTable ? 'every pod' : 'GPU pods'}) |`,
    '',
  ];
}

function firstOverview(results: BenchResults): string[] {
  const fromConnect = spread(results.runs.map((run) => run.firstOverview.fromConnectMs));
  const fromOpen = spread(results.runs.map((run) => run.firstOverview.fromOpenMs));
  const kubectl = spread(results.kubectl.map((list) => list.ms));
  const ratios = spread(results.runs.map((run, index) => run.firstOverview.fromConnectMs / (results.kubectl[index]?.ms ?? Number.NaN)));
  const openRatios = spread(results.runs.map((run, index) => run.firstOverview.fromOpenMs / (results.kubectl[index]?.ms ?? Number.NaN)));
  return [
    '## First complete Overview',
    '',
    'From the click on Connect to the animation frame that shows every node and pod in the totals, the GPU cards and rows in both tables; anchor: `kubectl get nodes,pods -A -o json` into a file, in the same run.',
    '',
    '| Figure | Median (min to max) |',
    '| --- | --- |',
    `| App, from Connect | ${range(fromConnect, ms)} |`,
    `| App, from Open Overview (when the lists start) | ${range(fromOpen, ms)} |`,
    `| kubectl | ${range(kubectl, ms)} |`,
    `| Ratio app (from Connect) / kubectl | ${range(ratios, ratio)} |`,
    `| Ratio app (from Open Overview) / kubectl | ${range(openRatios, ratio)} |`,
    '',
    `Target ≤ 1.5×: ${verdict(ratios.median <= 1.5)} (median ratio from Connect).`,
    '',
  ];
}

/** Least-squares slope per minute and first-to-last change of one field over a run's steady phase. */
function growthOf(samples: readonly MemorySample[], field: 'heapUsed' | 'rss'): { slopePerMinute: number; change: number } {
  const start = samples[0]?.at ?? 0;
  const points = samples.map((sample) => ({ x: (sample.at - start) / 60_000, y: sample[field] }));
  return { slopePerMinute: slope(points), change: (samples.at(-1)?.[field] ?? 0) - (samples[0]?.[field] ?? 0) };
}

/**
 * Returns the lowest reading in each fifth of the phase. A reading after GC
 * still counts what is in flight (watch events not yet applied, a relist's
 * pages). That part comes and goes, so what stays shows in the lowest readings.
 */
function floorOf(samples: readonly MemorySample[], field: 'heapUsed' | 'rss'): number[] {
  const fifths = 5;
  const start = samples[0]?.at ?? 0;
  const length = Math.max(1, (samples.at(-1)?.at ?? start) - start);
  const floors = Array.from({ length: fifths }, () => Infinity);
  for (const sample of samples) {
    const index = Math.min(fifths - 1, Math.floor(((sample.at - start) / length) * fifths));
    floors[index] = Math.min(floors[index]!, sample[field]);
  }
  return floors.filter((value) => Number.isFinite(value));
}

/** Returns rows for the watch worker's heap, which is part of main's RSS. Older results have no reading and get no rows. */
function workerRows(sync: readonly MemorySample[], churn: readonly MemorySample[]): string[] {
  const committed = (samples: readonly MemorySample[]) => samples.flatMap((sample) => (sample.workerHeap ? [sample.workerHeap.committed] : []));
  const afterSync = committed(sync);
  const afterChurn = committed(churn);
  if (afterSync.length === 0 || afterChurn.length === 0) {
    return [];
  }
  return [
    `| Watch worker's V8 heap committed after the first sync (part of the RSS above) | ${range(spread(afterSync), mib)} | |`,
    `| Watch worker's V8 heap committed after all churn | ${range(spread(afterChurn), mib)} | |`,
  ];
}

function memory(results: BenchResults): string[] {
  const listed = results.listed.bytes;
  const sync = results.runs.map((run) => run.memoryAfterSync);
  const churn = results.runs.map((run) => run.memoryAfterChurn);
  const rssRatio = spread(sync.map((sample) => sample.rss / listed));
  const starts = results.runs.flatMap((run) => (run.memoryAtStart ? [run.memoryAtStart] : []));
  const added = results.runs.flatMap((run) => (run.memoryAtStart ? [run.memoryAfterSync.rss - run.memoryAtStart.rss] : []));
  const heapRatio = spread(sync.map((sample) => sample.heapUsed / listed));
  const churnRssRatio = spread(churn.map((sample) => sample.rss / listed));
  // Flatness is judged on the longest steady phase: short ones mostly show the GC's sawtooth.
  const longest = results.runs.reduce((best, run) => (run.steady.seconds > best.steady.seconds ? run : best));
  const heapFloor = floorOf(longest.steady.samples, 'heapUsed');
  const rssFloor = floorOf(longest.steady.samples, 'rss');
  const floorGrowth = (floor: number[]) => (floor.at(-1) ?? 0) - (floor[0] ?? 0);
  const flatHeap = floorGrowth(heapFloor) < 0.05 * longest.memoryAfterSync.heapUsed;
  const flatRss = floorGrowth(rssFloor) < 0.05 * longest.memoryAfterSync.rss;
  const lists = (run: (typeof results.runs)[number]) => {
    const counts = run.steady.samples.map((sample) => sample.listRequests).filter((value): value is number => value !== undefined);
    return counts.length > 1 ? String(counts.at(-1)! - counts[0]!) : 'not counted';
  };
  const perMinute = (n: number) => `${(n / MiB).toFixed(2)} MiB/min`;
  return [
    '## Main-process memory',
    '',
    `Read in the app's own Node process right after two full GCs (\`--expose-gc\`). Anchor: the listed JSON, ${mib(listed)}.`,
    '',
    '| Figure | Median (min to max) | Ratio to listed JSON |',
    '| --- | --- | --- |',
    ...(starts.length
      ? [
          `| RSS at start, before any cluster is connected | ${range(spread(starts.map((s) => s.rss)), mib)} | |`,
          `| RSS added by the cluster (after the first sync, less RSS at start) | ${range(spread(added), mib)} | ${range(spread(added.map((bytes) => bytes / listed)), ratio)} |`,
        ]
      : []),
    `| RSS after the first sync | ${range(spread(sync.map((s) => s.rss)), mib)} | ${range(rssRatio, ratio)} |`,
    `| V8 heap used after the first sync | ${range(spread(sync.map((s) => s.heapUsed)), mib)} | ${range(heapRatio, ratio)} |`,
    `| V8 heap committed after the first sync | ${range(spread(sync.map((s) => s.heapTotal)), mib)} | ${range(spread(sync.map((s) => s.heapTotal / listed)), ratio)} |`,
    `| RSS after all churn | ${range(spread(churn.map((s) => s.rss)), mib)} | ${range(spread(churn.map((s) => s.rss / listed)), ratio)} |`,
    `| V8 heap used after all churn | ${range(spread(churn.map((s) => s.heapUsed)), mib)} | ${range(spread(churn.map((s) => s.heapUsed / listed)), ratio)} |`,
    ...workerRows(sync, churn),
    '',
    `Steady churn at ${results.options.steadyRate} updates/s, memory read about every ${results.options.sampleSeconds} s:`,
    '',
    '| Run | Length | Samples | List requests meanwhile | Heap slope | Heap first to last | Heap highest | RSS slope | RSS first to last |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.runs.map((run) => {
      const heap = growthOf(run.steady.samples, 'heapUsed');
      const rss = growthOf(run.steady.samples, 'rss');
      const highest = Math.max(...run.steady.samples.map((sample) => sample.heapUsed));
      return `| ${run.index + 1} | ${run.steady.seconds} s | ${run.steady.samples.length} | ${lists(run)} | ${perMinute(heap.slopePerMinute)} | ${mib(heap.change)} | ${mib(highest)} | ${perMinute(rss.slopePerMinute)} | ${mib(rss.change)} |`;
    }),
    '',
    `Lowest reading in each fifth of the longest steady phase (run ${longest.index + 1}, ${longest.steady.seconds} s). These leave out what is only in flight. Heap ${heapFloor.map(mib).join(', ')}; RSS ${rssFloor.map(mib).join(', ')}. A relist of every pod is about 100 list requests (pages of 500).`,
    ...(results.options.heapSnapshot ? ['', `Run ${results.runs.length} wrote a heap snapshot after its first sync: from then on its RSS also holds what V8 used to write it, so RSS readings of that run after the sync are not comparable.`] : []),
    '',
    `Target ≤ 1.5× the listed JSON: RSS after the first sync ${verdict(rssRatio.median <= 1.5)}, after all churn ${verdict(churnRssRatio.median <= 1.5)}; V8 heap ${verdict(heapRatio.median <= 1.5)}. Flat under churn (the lowest reading in the last fifth is less than 5% of the level after sync above the lowest in the first fifth): heap ${verdict(flatHeap)}, RSS ${results.options.heapSnapshot ? 'not judged, as the heap snapshot changed RSS in that run' : verdict(flatRss)}.`,
    '',
  ];
}

/** Row label of a churn rate; 0 is the phase with no churn. */
function rateLabel(rate: number): string {
  return rate === 0 ? 'none (baseline)' : `${rate}/s`;
}

function phasesAt(results: BenchResults, rate: number) {
  return results.runs.flatMap((run) => run.phases.filter((phase) => phase.rate === rate));
}

/** Counts the probes made while the page was still, or while it scrolled. */
function probesMade(phase: PhaseResult, scrolling: boolean): number {
  const still = phase.probesSentStill ?? 0;
  return scrolling ? phase.probesSent - still : still;
}

/** Returns the delays of probes made while the page was still, or while it scrolled. Runs before the split always scrolled. */
function delaysWhile(phase: PhaseResult, scrolling: boolean): ProbeDelay[] {
  return phase.delays.filter((delay) => (delay.scrolling ?? true) === scrolling);
}

function delays(results: BenchResults): string[] {
  const lines = [
    '## Delay from a pod change to the screen',
    '',
    'Churn patches pod annotations and labels, which no Overview field shows; amid it the runner creates a probe pod every ' +
      `${results.options.probeMs} ms, each raising the pod total by one. Measured from the API server's answer to the create, ` +
      'to main handing the summary frame with the new total to the WebSocket (in main), and to the first animation frame whose DOM shows it (in the page). ' +
      'All clocks are the same machine\'s wall clock. Percentiles pool the probes of every run.',
    '',
    'Each phase has two halves: in the first the page is still, in the second it scrolls the pod table (the frame figures below). ' +
      'The anchor is kubectl watching every pod beside the app (`kubectl get --raw` of the watch, started again from its last resourceVersion whenever the API server closes it, as client-go does); "app less kubectl" is each probe\'s delay to the screen less kubectl\'s delay for the same probe, the part the app adds.',
    '',
    '| Requested churn | Page | Achieved churn (median) | Patch latency p50 | Probes seen | API → screen p50 / p95 / max | API → WebSocket frame p50 / p95 | frame → screen p50 / p95 | Anchor: API → kubectl watch p50 / p95 | App less kubectl p50 / p95 | Probe write p50 |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  let worst: number | undefined;
  let ownWorst: { p95: number; probes: number } | undefined;
  for (const rate of results.options.rates) {
    const phases = phasesAt(results, rate);
    const achieved = spread(phases.map((phase) => phase.churn.achievedRate));
    const latency = spread(phases.map((phase) => phase.churn.latencyMs.p50));
    for (const scrolling of [false, true]) {
      const all = phases.flatMap((phase) => delaysWhile(phase, scrolling));
      if (phases.every((phase) => probesMade(phase, scrolling) === 0)) continue;
      const screen = distribution(all.map((d) => d.ackToScreenMs));
      const frame = distribution(all.map((d) => d.ackToFrameMs));
      const paint = distribution(all.map((d) => d.frameToScreenMs));
      const write = distribution(all.map((d) => d.writeMs));
      const anchored = all.flatMap((d) => (d.ackToKubectlMs === undefined ? [] : [d.ackToKubectlMs]));
      const kubectl = distribution(anchored);
      const added = distribution(all.flatMap((d) => (d.ackToKubectlMs === undefined ? [] : [d.ackToScreenMs - d.ackToKubectlMs])));
      const sent = phases.reduce((sum, phase) => sum + probesMade(phase, scrolling), 0);
      if (rate === Math.max(...results.options.rates) && !scrolling) {
        worst = Math.max(screen.p95, sent > all.length ? Infinity : 0);
        const anchoredAdded = all.flatMap((d) => (d.ackToKubectlMs === undefined ? [] : [d.ackToScreenMs - d.ackToKubectlMs]));
        if (anchoredAdded.length > 0) ownWorst = { p95: distribution(anchoredAdded).p95, probes: anchoredAdded.length };
      }
      lines.push(`| ${rateLabel(rate)} | ${scrolling ? 'scrolling' : 'still'} | ${achieved.median.toFixed(0)}/s | ${ms(latency.median)} | ${all.length} of ${sent} | ${ms(screen.p50)} / ${ms(screen.p95)} / ${ms(screen.max)} | ${ms(frame.p50)} / ${ms(frame.p95)} | ${ms(paint.p50)} / ${ms(paint.p95)} | ${anchored.length ? `${ms(kubectl.p50)} / ${ms(kubectl.p95)}` : 'not measured'} | ${anchored.length ? `${ms(added.p50)} / ${ms(added.p95)}` : 'not measured'} | ${ms(write.p50)} |`);
    }
  }
  const alone = results.apiserverAlone;
  lines.push('', ...delayParts(results), ...resumeLines(results), ...watchCloseLines(results));
  lines.push(
    '',
    `API server alone (no app connected): ${alone.requestedRate}/s requested, ${alone.achievedRate.toFixed(0)}/s achieved, patch latency p50 ${ms(alone.latencyMs.p50)}, p99 ${ms(alone.latencyMs.p99)}, ${alone.skipped} patches skipped at the in-flight limit.`,
    '',
    `Target < 1 s at the highest rate (p95 with the page still, every probe seen): ${worst === undefined ? 'not judged, as no probe was made with the page still' : verdict(worst < 1000)}.`,
    '',
    `The app's own part at the highest rate (each probe's delay to the screen less kubectl's for the same probe, p95 with the page still): ${ownWorst === undefined ? 'not measured, as kubectl saw none of those probes' : `${ms(ownWorst.p95)} over ${ownWorst.probes} probes, under 1 s: ${verdict(ownWorst.p95 < 1000)}`}.`,
    '',
  );
  return lines;
}

/** Splits each probe's delay at the app's watch worker and main, when the results have the arrivals. */
function delayParts(results: BenchResults): string[] {
  const rows = results.options.rates.flatMap((rate) => {
    const probes = phasesAt(results, rate)
      .flatMap((phase) => phase.delays)
      .filter((delay) => delay.ackToWorkerReadMs !== undefined && delay.ackToMainMs !== undefined && delay.ackToKubectlMs !== undefined);
    if (probes.length === 0) return [];
    const part = (pick: (delay: ProbeDelay) => number) => {
      const spread = distribution(probes.map(pick));
      return `${ms(spread.p50)} / ${ms(spread.p95)}`;
    };
    const appPart = (delay: ProbeDelay) => delay.ackToScreenMs - delay.ackToKubectlMs!;
    const slowest = probes.reduce((worst, delay) => (appPart(delay) > appPart(worst) ? delay : worst));
    const slowestParts = `${ms(appPart(slowest))}: kubectl ${ms(slowest.ackToKubectlMs!)}, worker read ${ms(slowest.ackToWorkerReadMs!)}, main ${ms(slowest.ackToMainMs!)}, WebSocket frame ${ms(slowest.ackToFrameMs)}, screen ${ms(slowest.ackToScreenMs)}`;
    return [
      `| ${rateLabel(rate)} | ${probes.length} | ${part((delay) => delay.ackToKubectlMs!)} | ${part((delay) => delay.ackToWorkerReadMs!)} | ${part((delay) => delay.ackToWorkerReadMs! - delay.ackToKubectlMs!)} | ${part((delay) => delay.ackToMainMs! - delay.ackToWorkerReadMs!)} | ${part((delay) => delay.ackToFrameMs - delay.ackToMainMs!)} | ${slowestParts} |`,
    ];
  });
  if (rows.length === 0) return [];
  const intro = [
    "Where each probe's delay went, with the page still and scrolling pooled.",
    "The columns run from the API server's response to kubectl's watch, to the app's watch worker reading the probe's ADDED event from its socket, to main receiving it parsed, and to main sending the summary frame.",
    '"Worker read less kubectl" is how much later the API server\'s stream to the app delivered the probe than its stream to kubectl. What the app adds starts at the worker\'s read.',
    "The last column takes the probe with the largest app part (delay to the screen less kubectl's) and gives its times from the API server's response.",
  ].join(' ');
  const columns = ['Requested churn', 'Probes', 'API → kubectl p50 / p95', 'API → worker read p50 / p95', 'Worker read less kubectl p50 / p95', 'Worker read → main p50 / p95', 'Main → WebSocket frame p50 / p95', "Largest app part, and that probe's times"];
  return [...tableLines(intro, columns, rows), ''];
}

/** Timing of a pod watch that started after another of the same path ended. */
interface Resume {
  gapMs: number;
  firstEventMs: number;
  eventsInFirstSecond: number;
}

function resumesOf(streams: readonly PodStreamRecord[]): Resume[] {
  const ordered = [...streams].sort((a, b) => a.openedAt - b.openedAt);
  return ordered.flatMap((stream, index) => {
    const previous = ordered.slice(0, index).findLast((candidate) => candidate.path === stream.path && candidate.endedAt !== undefined && candidate.endedAt <= stream.openedAt);
    if (!previous || stream.firstEventAt === undefined) return [];
    return [{ gapMs: stream.openedAt - previous.endedAt!, firstEventMs: stream.firstEventAt - stream.openedAt, eventsInFirstSecond: stream.eventsInFirstSecond }];
  });
}

/** Times the app's pod watch resumes per rate, when the results have the stream records. */
function resumeLines(results: BenchResults): string[] {
  const rows = results.options.rates.flatMap((rate) => {
    const resumes = phasesAt(results, rate).flatMap((phase) => resumesOf(phase.podStreams ?? []));
    if (resumes.length === 0) return [];
    const spread = (pick: (resume: Resume) => number, format: (value: number) => string) => {
      const values = distribution(resumes.map(pick));
      return `${format(values.p50)} / ${format(values.max)}`;
    };
    return [`| ${rateLabel(rate)} | ${resumes.length} | ${spread((resume) => resume.gapMs, ms)} | ${spread((resume) => resume.firstEventMs, ms)} | ${spread((resume) => resume.eventsInFirstSecond, (value) => Math.round(value).toLocaleString('en'))} |`];
  });
  if (rows.length === 0) return [];
  const intro = [
    "The app's pod watches that started again after one ended, over every run.",
    "The columns give the time from the end to the new request, the time from the request to the first event the worker read, and the events read in the new stream's first second.",
    'A resumed stream replays from the last resourceVersion the app received, so its first second carries the events since the end as well as new ones.',
  ].join(' ');
  const columns = ['Requested churn', 'Resumes', 'End → new request p50 / max', 'Request → first event p50 / max', 'Events in the first second p50 / max'];
  return [...tableLines(intro, columns, rows), ''];
}

/** Lists the pod watches that the API server closed as unresponsive, per rate over all runs, when the results have them. */
function watchCloseLines(results: BenchResults): string[] {
  const rows = results.options.rates.flatMap((rate) => {
    const counted = phasesAt(results, rate).flatMap((phase) => (phase.watchCloses ? [phase.watchCloses] : []));
    if (counted.length === 0) return [];
    const sum = (client: 'app' | 'kubectl' | 'other') => counted.reduce((total, closes) => total + closes[client], 0);
    const phases = phasesAt(results, rate);
    const appStarts = phases.reduce((total, phase) => total + phase.traffic.watchRequests, 0);
    const serverCloses = phases.some((phase) => phase.traffic.watchServerCloses !== undefined) ? String(phases.reduce((total, phase) => total + (phase.traffic.watchServerCloses ?? 0), 0)) : 'not counted';
    const kubectlStarts = phases.reduce((total, phase) => total + (phase.kubectlWatch?.starts ?? 0), 0);
    const workers = phases.flatMap((phase) => (phase.load.worker ? [phase.load.worker] : []));
    const worker = workers.length > 0 ? `${(Math.max(...workers.map((load) => load.utilization)) * 100).toFixed(0)}% / ${ms(Math.max(...workers.map((load) => load.p99DelayMs)))} / ${ms(Math.max(...workers.map((load) => load.maxDelayMs)))}` : 'not measured';
    return [`| ${rateLabel(rate)} | ${counted.length} | ${sum('app')} | ${serverCloses} | ${appStarts} | ${worker} | ${sum('kubectl')} | ${kubectlStarts} | ${sum('other')} |`];
  });
  if (rows.length === 0) return [];
  return tableLines(
    "Pod watches that the API server closed because the client fell behind (its log's \"Forcing pods watcher close due to unresponsiveness\"), summed over the phases of every run, beside the watch streams each client started again. kubectl's watch is told apart by a field selector that matches every pod. The log cannot tell the app's watch from kube-controller-manager's, as neither has a selector, so the app counts the streams (of all resources) that the server ended over a second before the timeoutSeconds they requested, and the watches it started. The watch worker's columns are the highest of any phase: the share of time its event loop was busy, and how late its loop ran a 10 ms timer (p99 and longest, from perf_hooks' monitorEventLoopDelay less the 10 ms). A socket with data waits about that long at most before the worker reads it. \"Other\" is the scheduler's and kwok's watches.",
    ['Requested churn', 'Phases', 'Closed: no selector (app, controller manager)', 'App streams the server ended early', 'App watch starts', 'Watch worker busy / loop delay p99 / longest', 'Closed: kubectl', 'kubectl watch starts', 'Closed: other'],
    rows,
  );
}

function frames(results: BenchResults): string[] {
  const lines = [
    '## Renderer frames while scrolling during churn',
    '',
    `The page scrolls the pod table (${results.options.allPodsTable ? `every pod, ${results.cluster.pods.toLocaleString('en')} rows` : 'GPU pods'}) at ${results.options.scrollPxPerSecond} px/s on every animation frame through the second half of each churn phase, and records the time between frames (requestAnimationFrame) and Chromium's long animation frames (over 50 ms). Headless Chromium, software rendering (\`--disable-gpu\`).`,
    '',
    'The last columns say how busy the renderer\'s main thread was while it scrolled (Chromium\'s TaskDuration, ScriptDuration, LayoutDuration and RecalcStyleDuration counters): a thread busy for a small share of the time cannot be what delays most frames.',
    '',
    '| Churn | Frames | Interval p50 / p95 / p99 / max | Intervals over 21 ms (a missed frame) | Long animation frames | Renderer main thread busy | of which script / layout and style |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  let worstOver = 0;
  for (const rate of results.options.rates) {
    const phases = phasesAt(results, rate);
    const deltas = phases.flatMap((phase) => phase.frames.deltas);
    const d = distribution(deltas);
    // rAF intervals jitter around 16.67 ms; one over 1.25 budgets is a missed frame.
    const over = deltas.filter((delta) => delta > FRAME_BUDGET_MS * 1.25).length / Math.max(1, deltas.length);
    worstOver = Math.max(worstOver, over);
    const long = phases.reduce((sum, phase) => sum + phase.frames.longFrames.length, 0);
    const seconds = phases.reduce((sum, phase) => sum + phase.seconds, 0);
    const work = phases.reduce((sum, phase) => ({ task: sum.task + (phase.rendererWork?.taskMs ?? 0), script: sum.script + (phase.rendererWork?.scriptMs ?? 0), layout: sum.layout + (phase.rendererWork?.layoutMs ?? 0) + (phase.rendererWork?.styleMs ?? 0) }), { task: 0, script: 0, layout: 0 });
    const share = (part: number) => `${((part / Math.max(1, seconds * 1000)) * 100).toFixed(0)}%`;
    const busy = phases.some((phase) => (phase.rendererWork?.taskMs ?? 0) > 0) ? [share(work.task), `${share(work.script)} / ${share(work.layout)}`] : ['not measured', ''];
    lines.push(`| ${rateLabel(rate)} | ${deltas.length} | ${ms(d.p50)} / ${ms(d.p95)} / ${ms(d.p99)} / ${ms(d.max)} | ${(over * 100).toFixed(1)}% | ${long} | ${busy.join(' | ')} |`);
  }
  lines.push('', `Target: frames under 16 ms, judged as at least 95% of intervals within one 60 Hz frame (up to 21 ms): ${verdict(worstOver < 0.05)}.`, '');
  return lines;
}

function traffic(results: BenchResults): string[] {
  const lines = [
    '## Bytes to the renderer against watch bytes',
    '',
    'Counted in the app process over each churn phase: bytes handed to WebSocket send, and response body bytes of the API server\'s watch streams (counted by the watch worker, which reads them). Main CPU is the whole app process, the worker thread included (process.cpuUsage); event-loop use is main\'s thread alone.',
    '',
    '| Churn | WebSocket to renderer | Watch streams from the API server | Ratio (median of the runs\' ratios) | Messages/s to renderer | Main CPU (1 = one core) | Main event-loop use |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const rate of results.options.rates) {
    const phases = phasesAt(results, rate);
    const per = (pick: (phase: (typeof phases)[number]) => number) => spread(phases.map((phase) => pick(phase) / phase.seconds));
    const ws = per((phase) => phase.traffic.wsBytes);
    const watch = per((phase) => phase.traffic.watchBytes);
    const frames = per((phase) => phase.traffic.wsFrames);
    const ratios = spread(phases.map((phase) => phase.traffic.wsBytes / Math.max(1, phase.traffic.watchBytes)));
    const cpu = spread(phases.map((phase) => phase.load.cpuShare));
    const loop = spread(phases.map((phase) => phase.load.eventLoopUtilization));
    lines.push(`| ${rateLabel(rate)} | ${(ws.median / 1024).toFixed(1)} KiB/s | ${(watch.median / 1024).toFixed(1)} KiB/s | ${ratios.median.toFixed(3)} | ${frames.median.toFixed(1)} | ${cpu.median.toFixed(2)} | ${(loop.median * 100).toFixed(0)}% |`);
  }
  lines.push('');
  return lines;
}

function hotFunctions(results: BenchResults): string[] {
  if (!results.hot) return [];
  return [
    '## Where main spends its time (CPU profile of the last run)',
    '',
    '| Function | Where | Self time | Share |',
    '| --- | --- | --- | --- |',
    ...results.hot.map((entry) => `| \`${entry.name}\` | ${entry.where} | ${ms(entry.selfMs)} | ${(entry.share * 100).toFixed(1)}% |`),
    '',
  ];
}

export function renderReport(results: BenchResults): string {
  const findings = existsSync('bench/findings.md') ? readFileSync('bench/findings.md', 'utf8').trim() : '';
  return [
    ...header(results),
    ...firstOverview(results),
    ...memory(results),
    ...delays(results),
    ...frames(results),
    ...traffic(results),
    ...hotFunctions(results),
    findings,
    '',
    `Raw numbers of every run: [\`results.json\`](results.json).`,
    '',
  ].join('\n');
}
