/**
 * The GPU telemetry of one context while someone looks at it: shared watches
 * of Nodes, Pods, Namespaces and ResourceQuotas (allocation), a scheduled
 * sample of the metrics source (utilization), and the view built from both.
 * The first sample after a (re)start backfills the last hour with one range
 * query. A source that fails, is slow or answers garbage only changes the
 * status line; the allocation parts keep updating from the watches.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Disposable } from '../../shared/contract';
import { NAMESPACES, NODES, PODS, RESOURCE_QUOTAS } from '../../shared/k8s/gvr';
import type { GpuSeriesView, GpuSettings, GpuTelemetryView, MetricsStatus, SeriesScope } from '../../shared/models/gpu';
import { mergePodUsage } from '../../shared/gpu/idle';
import { deviceMetricsSelector, readPromMatrix } from '../../shared/gpu/promql';
import { describeSource } from '../../shared/gpu/source';
import { parsePromQueryResult, type MetricSample } from '../../shared/resources/exposition';
import { readDeviceTelemetry } from '../../shared/resources/metrics';
import type { CacheSubscription, WatchCache } from '../cache/watch-cache';
import type { Logger } from '../log';
import type { Scheduler } from '../scheduler/scheduler';
import { toAppError } from '../transport/errors';
import { createCoalescer, type Coalescer } from '../views/coalesce';
import { createOverviewModelBuilder, type AcceleratorState, type OverviewModelBuilder } from '../views/overview-builder';
import type { AllocationHandle, AllocationSource } from '../views/overview-service';
import { createOwnerCache } from './owner-cache';
import { openEndpoint, type ForwardStarter, type PrometheusEndpoint } from './prometheus';
import { HISTORY_MS, SeriesStore } from './series-store';
import { allocationOf, createTelemetryViewBuilder, type Telemetry } from './view-model';

const VIEW_INTERVAL_MS = 250;
const MAX_WARNINGS = 5;

export interface SessionDeps {
  contextId: string;
  kubeConfig: KubeConfig;
  cache: WatchCache;
  scheduler: Scheduler;
  forwards?: ForwardStarter;
  log: Logger;
  /** History that outlives the session, so leaving and coming back keeps the allocation series. */
  store: SeriesStore;
  /** The Overview's builder, so each pod is derived once for both views; without it the session keeps a builder of its own. */
  allocation?: AllocationSource;
  now?: () => number;
}

type SeriesListener = { scope: SeriesScope; maxPoints: number; emit(view: GpuSeriesView): void };

export class GpuSession {
  private settings: GpuSettings;
  private status: MetricsStatus;
  private telemetry: Telemetry | undefined;
  private endpoint: PrometheusEndpoint | undefined;
  private backfilled = false;
  /** Accelerator allocation, derived again only for replaced pods and nodes; undefined after a cache change until asked for. */
  private accelerators: AcceleratorState | undefined;
  /** Builder made on first use; none with the shared builder. */
  private ownAllocation: OverviewModelBuilder | undefined;
  private readonly sharedAllocation: AllocationHandle | undefined;
  private readonly views = createTelemetryViewBuilder();
  private task: Disposable | undefined;
  private readonly watches: Record<'nodes' | 'pods' | 'namespaces' | 'quotas', CacheSubscription>;
  private readonly coalescer: Coalescer;
  private readonly owners;
  readonly telemetryListeners = new Set<(view: GpuTelemetryView) => void>();
  readonly seriesListeners = new Set<SeriesListener>();
  private readonly now: () => number;

  constructor(
    private readonly deps: SessionDeps,
    settings: GpuSettings,
  ) {
    this.now = deps.now ?? Date.now;
    this.settings = settings;
    this.status = initialStatus(settings);
    this.coalescer = createCoalescer(VIEW_INTERVAL_MS, () => this.publishTelemetry());
    this.owners = createOwnerCache(deps.kubeConfig, deps.log, () => this.coalescer.touch());
    this.sharedAllocation = deps.allocation?.(deps.contextId, () => this.onCacheChange());
    const listener = { onChange: () => this.onCacheChange(), onState: () => this.coalescer.touch() };
    // With the shared builder, node and pod changes arrive after the Overview computed them.
    const allocationListener = this.sharedAllocation ? { onChange: () => undefined, onState: listener.onState } : listener;
    const subscribe = (gvr: typeof NODES, forListener = listener) => deps.cache.subscribe(deps.contextId, deps.kubeConfig, { gvr }, forListener);
    this.watches = { nodes: subscribe(NODES, allocationListener), pods: subscribe(PODS, allocationListener), namespaces: subscribe(NAMESPACES), quotas: subscribe(RESOURCE_QUOTAS) };
    this.schedule();
  }

  get currentSettings(): GpuSettings {
    return this.settings;
  }

  /** Applies new settings: a new source starts a fresh history and backfill. */
  async applySettings(settings: GpuSettings): Promise<void> {
    const sourceChanged = JSON.stringify(settings.source) !== JSON.stringify(this.settings.source);
    this.settings = settings;
    this.deps.store.setInterval(settings.sampleIntervalSeconds * 1000);
    if (sourceChanged) {
      await this.closeEndpoint();
      this.deps.store.clearTelemetry();
      this.telemetry = undefined;
      this.backfilled = false;
      this.status = initialStatus(settings);
    }
    this.schedule();
    this.coalescer.touch();
  }

  /** Sends the current view to a new listener, if one can be built yet. */
  replay(emit: (view: GpuTelemetryView) => void): void {
    const view = this.buildView();
    if (view) emit(view);
  }

  seriesView(listener: SeriesListener): GpuSeriesView {
    return this.deps.store.series(this.deps.contextId, listener.scope, listener.maxPoints, this.now());
  }

  async dispose(): Promise<void> {
    this.task?.dispose();
    this.coalescer.dispose();
    Object.values(this.watches).forEach((watch) => watch.dispose());
    this.sharedAllocation?.dispose();
    await this.closeEndpoint();
  }

  private schedule(): void {
    this.task?.dispose();
    this.task = this.deps.scheduler.schedule({
      key: `gpu.sample/${this.deps.contextId}`,
      cluster: this.deps.contextId,
      intervalMs: this.settings.sampleIntervalSeconds * 1000,
      // The sampler's own backoff is short: a source that comes back should show up within a minute.
      maxBackoffMs: 60_000,
      immediate: true,
      run: (signal) => this.sample(signal),
    });
  }

  private onCacheChange(): void {
    this.accelerators = undefined;
    this.coalescer.touch();
  }

  /** One tick: allocation always; utilization when a source is configured. Throws on a failed sample so the scheduler backs off. */
  private async sample(signal: AbortSignal): Promise<void> {
    const t = this.now();
    const accelerators = this.synced() ? this.currentAccelerators() : undefined;
    if (accelerators) {
      const { cluster, nodes } = allocationOf(accelerators.nodes);
      this.deps.store.recordAllocation(t, cluster, nodes);
    }
    this.deps.store.prune(t);
    if (this.settings.source.kind === 'none') {
      this.publishAll();
      return;
    }
    try {
      await this.sampleMetrics(t, signal);
    } catch (error) {
      const appError = toAppError(error, { cluster: this.deps.contextId });
      this.status = { ...this.status, state: 'failing', message: appError.message };
      // A forward or proxy in a bad state is opened afresh on the next try.
      await this.closeEndpoint();
      this.publishAll();
      throw error;
    }
    this.publishAll();
  }

  private async sampleMetrics(t: number, signal: AbortSignal): Promise<void> {
    this.endpoint ??= await openEndpoint(this.settings.source, { contextId: this.deps.contextId, kubeConfig: this.deps.kubeConfig, ...(this.deps.forwards ? { forwards: this.deps.forwards } : {}) });
    const warnings: string[] = [];
    if (!this.backfilled) {
      warnings.push(...(await this.backfill(this.endpoint, t, signal)));
      this.backfilled = true;
    }

    const body = await this.endpoint.get('/api/v1/query', { query: deviceMetricsSelector(), time: (t / 1000).toFixed(3) }, signal);
    const parsed = parsePromQueryResult(body);
    warnings.push(...parsed.errors);
    const report = this.readTelemetry(parsed.samples);
    if (parsed.samples.length > 0 && report.devices.length === 0) warnings.push('Prometheus returned samples, but none of the known device metrics.');
    this.telemetry = { t, devices: report.devices, usage: mergePodUsage(report.podUsage) };
    this.deps.store.recordTelemetry(t, this.telemetry.devices, this.telemetry.usage);
    this.status = {
      state: 'ok',
      ...(describeSource(this.settings.source) ? { source: describeSource(this.settings.source)! } : {}),
      ...(report.devices.length === 0 ? { message: 'The source responded, but it has no DCGM, HAMi or Ascend device metrics; check that the exporters are scraped.' } : {}),
      lastSampleAt: new Date(t).toISOString(),
      exporters: [...new Set(report.devices.map((device) => device.exporter))].sort(),
      warnings: warnings.slice(0, MAX_WARNINGS),
      sampleIntervalSeconds: this.settings.sampleIntervalSeconds,
    };
  }

  /** Fills the last hour from one range query at the sample interval; returns unreadable series. */
  private async backfill(endpoint: PrometheusEndpoint, now: number, signal: AbortSignal): Promise<string[]> {
    const step = this.settings.sampleIntervalSeconds;
    const body = await endpoint.get('/api/v1/query_range', {
      query: deviceMetricsSelector(),
      start: ((now - HISTORY_MS) / 1000).toFixed(3),
      end: ((now - step * 1000) / 1000).toFixed(3),
      step: `${step}s`,
    }, signal);
    const { frames, errors } = readPromMatrix(body);
    this.deps.store.clearTelemetry();
    for (const frame of frames) {
      const report = this.readTelemetry(frame.samples);
      this.deps.store.recordTelemetry(frame.t, report.devices, mergePodUsage(report.podUsage));
    }
    this.deps.log.info('backfilled GPU history', { context: this.deps.contextId, count: frames.length });
    return errors;
  }

  private readTelemetry(samples: MetricSample[]) {
    const nodeNames = new Set([...this.watches.nodes.objects()].map((node) => node.metadata.name));
    return readDeviceTelemetry(samples, nodeNames.size > 0 ? { nodeNames } : {});
  }

  private synced(): boolean {
    return this.watches.nodes.state().synced && this.watches.pods.state().synced;
  }

  /** Undefined while the shared builder has not computed yet; it calls onCacheChange when it has. The shared state includes every event in the cache. */
  private currentAccelerators(): AcceleratorState | undefined {
    if (this.sharedAllocation) return this.sharedAllocation.current();
    if (!this.accelerators) {
      this.ownAllocation ??= createOverviewModelBuilder();
      this.ownAllocation.compute([...this.watches.nodes.objects()], [...this.watches.pods.objects()]);
      this.accelerators = this.ownAllocation.accelerators();
    }
    return this.accelerators;
  }

  private buildView(): GpuTelemetryView | undefined {
    const accelerators = this.synced() ? this.currentAccelerators() : undefined;
    if (!accelerators) return undefined;
    const forbidden = (['namespaces', 'quotas'] as const).filter((name) => this.watches[name].state().error?.kind === 'Forbidden').map((name) => (name === 'quotas' ? 'resourcequotas' : name));
    return this.views.compute({
      contextId: this.deps.contextId,
      now: this.now(),
      settings: this.settings,
      status: this.status,
      accelerators,
      namespaces: [...this.watches.namespaces.objects()],
      quotas: [...this.watches.quotas.objects()],
      forbidden,
      telemetry: this.telemetry,
      history: (key) => this.deps.store.podDeviceHistory(key),
      owners: this.owners,
    });
  }

  private publishTelemetry(): void {
    if (this.telemetryListeners.size === 0) return;
    const view = this.buildView();
    if (view) this.telemetryListeners.forEach((emit) => emit(view));
  }

  private publishAll(): void {
    this.publishTelemetry();
    for (const listener of this.seriesListeners) listener.emit(this.seriesView(listener));
  }

  private async closeEndpoint(): Promise<void> {
    const endpoint = this.endpoint;
    this.endpoint = undefined;
    this.backfilled = false;
    if (!endpoint) return;
    try {
      await endpoint.dispose();
    } catch (error) {
      this.deps.log.warn('closing the metrics endpoint failed', { context: this.deps.contextId, err: error });
    }
  }
}

function initialStatus(settings: GpuSettings): MetricsStatus {
  const source = describeSource(settings.source);
  return {
    state: settings.source.kind === 'none' ? 'unconfigured' : 'connecting',
    ...(source ? { source } : {}),
    exporters: [],
    warnings: [],
    sampleIntervalSeconds: settings.sampleIntervalSeconds,
  };
}
