import { z } from 'zod';
import { defineContract, method, stream } from '../contract';
import type { GpuSeriesView, GpuSettings, GpuTelemetryView, SourceCandidate } from '../models/gpu';
import { metricsUrlProblem, serviceSourceProblem } from '../gpu/source';

const contextId = z.string().min(1).max(4096);

export const metricsSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z
    .object({
      kind: z.literal('service'),
      namespace: z.string().max(63),
      name: z.string().max(63),
      port: z.union([z.number(), z.string().max(63)]),
      via: z.enum(['port-forward', 'service-proxy']),
    })
    .superRefine((source, context) => {
      const message = serviceSourceProblem(source);
      if (message) context.addIssue({ code: 'custom', message });
    }),
  z
    .object({ kind: z.literal('url'), url: z.string().max(2048) })
    .superRefine((source, context) => {
      const message = metricsUrlProblem(source.url);
      if (message) context.addIssue({ code: 'custom', message, path: ['url'] });
    }),
]);

export const gpuSettingsSchema = z.object({
  source: metricsSourceSchema,
  sampleIntervalSeconds: z.number().int().min(2).max(300),
  idleUtilizationPercent: z.number().min(0).max(100),
  /** At most the hour of history main keeps, so an idle stretch can always be seen whole. */
  idleMinutes: z.number().int().min(1).max(60),
});

const seriesScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cluster') }),
  z.object({ kind: z.literal('node'), name: z.string().min(1).max(253) }),
  z.object({ kind: z.literal('pod'), namespace: z.string().min(1).max(63), name: z.string().min(1).max(253) }),
]);

/** Test result of a metrics source, before it is saved. */
export interface SourceCheck {
  ok: boolean;
  message: string;
  /** Exporters that answered (dcgm, ascend, hami). */
  exporters: string[];
  devices: number;
}

/** GPU utilization: metrics source settings, the device/idle view and the last hour as series. */
export const gpuContract = defineContract('gpu', {
  /** The context's settings, defaults when none were saved. */
  settings: method<GpuSettings>()(z.object({ contextId })),
  /** Saves the settings in the app's data folder and restarts sampling with them. InvalidInput names the field. */
  saveSettings: method<GpuSettings>()(z.object({ contextId, settings: gpuSettingsSchema })),
  /** Prometheus Services of the cluster (by name, the operator's Service, or a label), best first. */
  detectSources: method<SourceCandidate[]>()(z.object({ contextId })),
  /** Sends one query to a source and reports what answered; nothing is saved. */
  checkSource: method<SourceCheck>()(z.object({ contextId, source: metricsSourceSchema })),
  /**
   * Device maps, idle GPUs, unattributed devices and tenant allocation; sampling runs while someone subscribes.
   * A view is sent only when something it shows changed. With `changedNodesOnly`, each message after the
   * first carries only the node maps that changed (see GpuTelemetryView.nodesChangedOnly).
   */
  telemetry: stream<GpuTelemetryView>()(z.object({ contextId, changedNodesOnly: z.boolean().optional() })),
  /** Utilization, memory and allocation over the last hour, downsampled to at most `maxPoints`, with a live tail. */
  series: stream<GpuSeriesView>()(z.object({ contextId, scope: seriesScope, maxPoints: z.number().int().min(10).max(720).default(120) })),
});
