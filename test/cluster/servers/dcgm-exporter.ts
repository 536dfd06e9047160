/**
 * A DCGM-exporter-style /metrics endpoint for the simulated GPU nodes. It
 * watches Nodes and Pods through the API server and, per device of each
 * node, emits NVIDIA dcgm-exporter series (and Huawei npu-exporter series
 * for Ascend NPUs) whose values follow the pods that hold the devices.
 *
 * Real dcgm-exporter runs once per node; this one process covers all nodes,
 * so the `Hostname` label (npu-exporter: `node`) tells the nodes apart.
 * Held devices read the pod annotation `d.run/fake-gpu-util` (default 85),
 * free devices read 0.
 *
 * Run alone: `scripts/node24 --import tsx test/cluster/servers/dcgm-exporter.ts --kubeconfig K --port 19400`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { CoreV1Api, KubeConfig, ListWatch, Watch, type KubernetesObject, type V1Node, type V1Pod } from '@kubernetes/client-node';

import { EXPOSITION_CONTENT_TYPE, Exposition, type Labels } from './exposition';
import {
  DeviceAllocator,
  deviceMemoryUsedMiB,
  devicePower,
  deviceTemperature,
  deviceUtil,
  type Device,
} from './gpu-devices';
import { integerFlag, isMainModule, parseFlags } from './main-args';

export interface DcgmExporterOptions {
  kubeconfigPath: string;
  /** 0 picks a free port. */
  port?: number;
}

export interface RunningDcgmExporter {
  port: number;
  url: string;
  close(): Promise<void>;
}

const RESTART_DELAY_MS = 2000;

/** Starts the informers and the HTTP server on 127.0.0.1; resolves once both are ready. */
export async function startDcgmExporter(options: DcgmExporterOptions): Promise<RunningDcgmExporter> {
  const config = new KubeConfig();
  config.loadFromFile(options.kubeconfigPath);
  const core = config.makeApiClient(CoreV1Api);

  const watch = new Watch(config);
  const nodes = new ListWatch<V1Node>('/api/v1/nodes', watch, () => core.listNode(), false);
  // Only running pods can hold a device; the watch reports a pod as deleted once it stops running.
  const podSelector = 'status.phase=Running';
  const pods = new ListWatch<V1Pod>('/api/v1/pods', watch, () => core.listPodForAllNamespaces({ fieldSelector: podSelector }), false, undefined, podSelector);
  const stopped = { value: false };
  keepRunning('nodes', nodes, stopped);
  keepRunning('pods', pods, stopped);
  await Promise.all([nodes.start(), pods.start()]);

  const allocator = new DeviceAllocator();
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/health') {
      response.writeHead(200).end('ok\n');
      return;
    }
    if (path !== '/metrics') {
      response.writeHead(404).end(`${path} is not served; try /metrics\n`);
      return;
    }
    const devices = allocator.devices(nodes.list(), pods.list());
    response.writeHead(200, { 'content-type': EXPOSITION_CONTENT_TYPE }).end(renderMetrics(devices));
  });
  await listen(server, options.port ?? 0);
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      stopped.value = true;
      await Promise.all([nodes.stop(), pods.stop()]);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** Restarts an informer after a watch error, as client-node leaves that to the caller. */
function keepRunning<T extends KubernetesObject>(name: string, informer: ListWatch<T>, stopped: { value: boolean }): void {
  informer.on('error', (error: unknown) => {
    if (stopped.value) return;
    console.error(`dcgm exporter: ${name} watch failed, restarting in ${RESTART_DELAY_MS} ms: ${String(error)}`);
    setTimeout(() => {
      if (!stopped.value) informer.start().catch((restartError: unknown) => console.error(`dcgm exporter: ${name} restart failed: ${String(restartError)}`));
    }, RESTART_DELAY_MS);
  });
}

/** Renders dcgm-exporter and npu-exporter series for the given devices. */
export function renderMetrics(devices: readonly Device[]): string {
  const exposition = new Exposition();
  const gpus = devices.filter((device) => device.vendor === 'nvidia');
  const npus = devices.filter((device) => device.vendor === 'ascend');

  const gpuFamilies: Array<[string, string, (device: Device) => number]> = [
    ['DCGM_FI_DEV_GPU_UTIL', 'GPU utilization (in %).', deviceUtil],
    ['DCGM_FI_DEV_FB_USED', 'Framebuffer memory used (in MiB).', deviceMemoryUsedMiB],
    ['DCGM_FI_DEV_FB_FREE', 'Framebuffer memory free (in MiB).', (device) => device.memoryTotalMiB - deviceMemoryUsedMiB(device)],
    ['DCGM_FI_DEV_GPU_TEMP', 'GPU temperature (in C).', deviceTemperature],
    ['DCGM_FI_DEV_POWER_USAGE', 'Power draw (in W).', devicePower],
  ];
  for (const [name, help, value] of gpuFamilies) {
    if (gpus.length === 0) break;
    exposition.family(name, 'gauge', help);
    for (const device of gpus) {
      for (const labels of gpuLabelSets(device)) exposition.sample(name, labels, value(device));
    }
  }

  const npuFamilies: Array<[string, string, (device: Device) => number]> = [
    ['npu_chip_info_utilization', 'the ai core utilization', deviceUtil],
    ['npu_chip_info_hbm_used_memory', 'the npu hbm used memory', deviceMemoryUsedMiB],
    ['npu_chip_info_hbm_total_memory', 'the npu hbm total memory', (device) => device.memoryTotalMiB],
    ['npu_chip_info_temperature', 'the npu temperature', deviceTemperature],
    ['npu_chip_info_power', 'the npu power', devicePower],
    ['npu_chip_info_health_status', 'the npu health status, 1 is healthy', () => 1],
  ];
  for (const [name, help, value] of npuFamilies) {
    if (npus.length === 0) break;
    exposition.family(name, 'gauge', help);
    for (const device of npus) {
      for (const labels of npuLabelSets(device)) exposition.sample(name, labels, value(device));
    }
  }
  return exposition.toString();
}

/** One label set per holder (or one without pod labels when free), as dcgm-exporter does with Kubernetes mapping on. */
function gpuLabelSets(device: Device): Labels[] {
  const labels: Labels = {
    gpu: String(device.index),
    UUID: device.uuid,
    device: `nvidia${device.index}`,
    modelName: device.modelName,
    Hostname: device.node,
  };
  if (device.migProfile !== undefined) {
    labels['GPU_I_PROFILE'] = device.migProfile;
    labels['GPU_I_ID'] = String(device.migInstanceId ?? 0);
  }
  if (device.holders.length === 0) return [labels];
  return device.holders.map((holder) => ({ ...labels, container: holder.container, namespace: holder.namespace, pod: holder.pod }));
}

function npuLabelSets(device: Device): Labels[] {
  const labels: Labels = {
    id: String(device.index),
    model_name: device.modelName,
    vdie_id: device.uuid,
    node: device.node,
  };
  if (device.holders.length === 0) return [labels];
  return device.holders.map((holder) => ({ ...labels, namespace: holder.namespace, pod_name: holder.pod, container_name: holder.container }));
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

if (isMainModule(import.meta.url)) {
  const flags = parseFlags(process.argv.slice(2));
  const kubeconfigPath = flags.get('kubeconfig');
  if (!kubeconfigPath) throw new Error('dcgm exporter: --kubeconfig is required (the admin kubeconfig of the local cluster)');
  const exporter = await startDcgmExporter({ kubeconfigPath, port: integerFlag(flags, 'port', 0) });
  console.log(`dcgm exporter: listening on ${exporter.url}/metrics`);
  const stop = (): void => {
    void exporter.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
