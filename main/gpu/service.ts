/**
 * The `gpu` contract: metrics source settings, source detection and checks,
 * and the telemetry and series views. One session per context runs while
 * at least one view subscribes; the last unsubscribe stops its sampling and
 * watches. Each context's history store lives on, bounded, for the app's life.
 */
import { join } from 'node:path';
import type { ContractImpl, Disposable } from '../../shared/contract';
import type { gpuContract, SourceCheck } from '../../shared/contracts/gpu';
import { detectPrometheusServices, type ServiceLike } from '../../shared/gpu/detect';
import { deviceMetricsSelector } from '../../shared/gpu/promql';
import type { GpuSettings, MetricsSource } from '../../shared/models/gpu';
import { parsePromQueryResult } from '../../shared/resources/exposition';
import { readDeviceTelemetry } from '../../shared/resources/metrics';
import type { WatchCache } from '../cache/watch-cache';
import { kubeJson } from '../clusters/request';
import type { ClusterService } from '../clusters/service';
import { createLogger } from '../log';
import type { Scheduler } from '../scheduler/scheduler';
import type { AllocationSource } from '../views/overview-service';
import { openEndpoint, type ForwardStarter } from './prometheus';
import { SeriesStore } from './series-store';
import { GpuSession } from './session';
import { changedTelemetry } from './telemetry-changes';
import { createGpuSettingsStore } from './settings-store';

const log = createLogger('gpu');

export interface GpuServiceOptions {
  clusters: Pick<ClusterService, 'connection'>;
  cache: WatchCache;
  scheduler: Scheduler;
  userDataDir: string;
  /** The port-forward manager; without it a Service source must use the service proxy. */
  forwards?: ForwardStarter;
  /** The Overview's accelerator state per context; without it each GPU session derives its own. */
  allocation?: AllocationSource;
  now?: () => number;
}

export type GpuService = ContractImpl<typeof gpuContract> & { dispose(): Promise<void> };

export function createGpuService(options: GpuServiceOptions): GpuService {
  const settingsStore = createGpuSettingsStore(join(options.userDataDir, 'gpu-settings.json'), log);
  const sessions = new Map<string, Promise<GpuSession>>();
  const stores = new Map<string, SeriesStore>();
  const users = new Map<string, number>();

  const storeFor = (contextId: string, settings: GpuSettings): SeriesStore => {
    const store = stores.get(contextId) ?? new SeriesStore(settings.sampleIntervalSeconds * 1000);
    stores.set(contextId, store);
    return store;
  };

  const acquire = async (contextId: string): Promise<GpuSession> => {
    users.set(contextId, (users.get(contextId) ?? 0) + 1);
    let session = sessions.get(contextId);
    if (!session) {
      // connection() throws Unavailable before the context is connected; the stream then ends with that error.
      const { kubeConfig } = options.clusters.connection(contextId);
      session = settingsStore.get(contextId).then(
        (settings) =>
          new GpuSession(
            {
              contextId,
              kubeConfig,
              cache: options.cache,
              scheduler: options.scheduler,
              log: log.child(contextId),
              store: storeFor(contextId, settings),
              ...(options.forwards ? { forwards: options.forwards } : {}),
              ...(options.allocation ? { allocation: options.allocation } : {}),
              ...(options.now ? { now: options.now } : {}),
            },
            settings,
          ),
      );
      sessions.set(contextId, session);
    }
    return session;
  };

  const release = (contextId: string): void => {
    const left = (users.get(contextId) ?? 1) - 1;
    users.set(contextId, left);
    if (left > 0) return;
    const session = sessions.get(contextId);
    sessions.delete(contextId);
    users.delete(contextId);
    void session?.then((value) => value.dispose()).catch((error: unknown) => log.warn('closing a GPU session failed', { context: contextId, err: error }));
  };

  const subscription = async (contextId: string, attach: (session: GpuSession) => () => void): Promise<Disposable> => {
    let session: GpuSession;
    try {
      session = await acquire(contextId);
    } catch (error) {
      release(contextId);
      throw error;
    }
    const detach = attach(session);
    return {
      dispose: () => {
        detach();
        release(contextId);
      },
    };
  };

  return {
    settings: ({ contextId }) => settingsStore.get(contextId),

    async saveSettings({ contextId, settings }) {
      await settingsStore.save(contextId, settings);
      stores.get(contextId)?.setInterval(settings.sampleIntervalSeconds * 1000);
      await (await sessions.get(contextId))?.applySettings(settings);
      log.info('GPU settings saved', { context: contextId, source: settings.source.kind });
      return settings;
    },

    async detectSources({ contextId }) {
      const { kubeConfig } = options.clusters.connection(contextId);
      const list = await kubeJson<{ items: ServiceLike[] }>(kubeConfig, '/api/v1/services');
      return detectPrometheusServices(list.items);
    },

    checkSource: ({ contextId, source }, context) => checkSource(contextId, source, context.signal),

    telemetry({ contextId, changedNodesOnly }, emit) {
      const emitChanged = changedTelemetry(emit, changedNodesOnly ?? false);
      return subscription(contextId, (session) => {
        session.telemetryListeners.add(emitChanged);
        session.replay(emitChanged);
        return () => session.telemetryListeners.delete(emitChanged);
      });
    },

    series({ contextId, scope, maxPoints }, emit) {
      return subscription(contextId, (session) => {
        const listener = { scope, maxPoints, emit };
        session.seriesListeners.add(listener);
        emit(session.seriesView(listener));
        return () => session.seriesListeners.delete(listener);
      });
    },

    async dispose() {
      const all = [...sessions.values()];
      sessions.clear();
      users.clear();
      await Promise.all(all.map(async (session) => (await session).dispose()));
    },
  };

  async function checkSource(contextId: string, source: MetricsSource, signal: AbortSignal): Promise<SourceCheck> {
    const { kubeConfig } = options.clusters.connection(contextId);
    const endpoint = await openEndpoint(source, { contextId, kubeConfig, ...(options.forwards ? { forwards: options.forwards } : {}) });
    try {
      const body = await endpoint.get('/api/v1/query', { query: deviceMetricsSelector() }, signal);
      const parsed = parsePromQueryResult(body);
      const report = readDeviceTelemetry(parsed.samples);
      const exporters = [...new Set(report.devices.map((device) => device.exporter))].sort();
      const ok = report.devices.length > 0;
      return {
        ok,
        exporters,
        devices: report.devices.length,
        message: ok
          ? `Prometheus returned ${report.devices.length} devices (${exporters.join(', ')}).`
          : 'Prometheus responded, but has no DCGM, HAMi or Ascend device metrics; check that the exporters are scraped.',
      };
    } finally {
      await endpoint.dispose();
    }
  }
}
