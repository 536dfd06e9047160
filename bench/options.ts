/** Command-line options of `npm run bench`. */
import { parseArgs } from 'node:util';

export interface BenchOptions {
  runs: number;
  /** Churn rates of the delay and frame phases, in pod updates per second. */
  rates: number[];
  phaseSeconds: number;
  /** Steady churn for the memory-growth figure. */
  steadyRate: number;
  steadySeconds: number;
  /** Steady churn of the last run, which can be far longer than the others. */
  lastSteadySeconds: number;
  sampleSeconds: number;
  /** Scroll speed of the pod table while frames are recorded. */
  scrollPxPerSecond: number;
  /** Time between probe pods within a phase. */
  probeMs: number;
  /** Scroll a table of every pod (the default) instead of the GPU pods the Overview lists. */
  allPodsTable: boolean;
  keepCluster: boolean;
  runDir: string | undefined;
  portBase: number;
  /** Folder for a CPU profile of the app's main process in the last run. */
  cpuProfileDir: string | undefined;
  /** File for a heap snapshot of the app's main process after the first sync of the last run. */
  heapSnapshot: string | undefined;
  report: string;
  results: string;
  /** Write the report from an earlier results file, measuring nothing. */
  renderOnly: boolean;
}

export const USAGE = `Usage: npm run bench -- [options]

  --runs N              runs of every figure (default 3)
  --rates A,B,C         churn rates in pod updates per second; 0 is a phase with no churn (default 0,100,1000,2000)
  --phase-seconds S     length of each churn phase: the page is still for the first half and scrolls for the second (default 20)
  --steady-rate R       churn rate of the memory-growth phase (default 200)
  --duration S          length of the memory-growth phase (default 120)
  --last-duration S     length of that phase in the last run (default: --duration)
  --sample-seconds S    memory sample interval in that phase (default 15)
  --scroll-px P         pod-table scroll speed, pixels per second (default 3000)
  --probe-ms M          time between probe pods (default 1000)
  --gpu-pods-table      scroll the Overview's GPU-pod table instead of a table of every pod
  --keep-cluster        leave the bench cluster running afterwards
  --run-dir DIR         cluster run folder (default ~/.cache/drun-desktop/cluster/bench-run)
  --port-base N         cluster ports are N+2379, N+6443, ... (default 22000)
  --cpu-profile DIR     write a V8 CPU profile of the app's main process (last run) into DIR
  --heap-snapshot FILE  write heap snapshots of the app's main process after its first sync (FILE) and after
                        all churn (FILE with -after-churn), in the last run
  --report FILE         report to write (default bench/README.md)
  --results FILE        raw results as JSON (default bench/results.json)
  --render-only         rewrite the report from the results file, measuring nothing`;

function positiveInteger(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number of 1 or more, got ${JSON.stringify(raw)}`);
  return value;
}

function wholeNumber(name: string, raw: string): number {
  const value = Number(raw);
  if (raw === '' || !Number.isInteger(value) || value < 0) throw new Error(`--${name} must list whole numbers of 0 or more, got ${JSON.stringify(raw)}`);
  return value;
}

export function parseOptions(argv: string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string' },
      rates: { type: 'string' },
      'phase-seconds': { type: 'string' },
      'steady-rate': { type: 'string' },
      duration: { type: 'string' },
      'last-duration': { type: 'string' },
      'sample-seconds': { type: 'string' },
      'scroll-px': { type: 'string' },
      'probe-ms': { type: 'string' },
      'gpu-pods-table': { type: 'boolean', default: false },
      'keep-cluster': { type: 'boolean', default: false },
      'run-dir': { type: 'string' },
      'port-base': { type: 'string' },
      'cpu-profile': { type: 'string' },
      'heap-snapshot': { type: 'string' },
      report: { type: 'string', default: 'bench/README.md' },
      results: { type: 'string', default: 'bench/results.json' },
      'render-only': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  // 0 is allowed here: a phase with no churn, the baseline of the others.
  const rates = (values.rates ?? '0,100,1000,2000').split(',').map((rate) => wholeNumber('rates', rate.trim()));
  const steadySeconds = positiveInteger('duration', values.duration, 120);
  return {
    runs: positiveInteger('runs', values.runs, 3),
    rates,
    phaseSeconds: positiveInteger('phase-seconds', values['phase-seconds'], 20),
    steadyRate: positiveInteger('steady-rate', values['steady-rate'], 200),
    steadySeconds,
    lastSteadySeconds: positiveInteger('last-duration', values['last-duration'], steadySeconds),
    sampleSeconds: positiveInteger('sample-seconds', values['sample-seconds'], 15),
    scrollPxPerSecond: positiveInteger('scroll-px', values['scroll-px'], 3000),
    probeMs: positiveInteger('probe-ms', values['probe-ms'], 1000),
    allPodsTable: !values['gpu-pods-table'],
    keepCluster: values['keep-cluster'],
    runDir: values['run-dir'],
    portBase: positiveInteger('port-base', values['port-base'], 22000),
    cpuProfileDir: values['cpu-profile'],
    heapSnapshot: values['heap-snapshot'],
    report: values.report,
    results: values.results,
    renderOnly: values['render-only'],
  };
}
