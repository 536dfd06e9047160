/**
 * Loopback ports of the profile servers, next to the launcher's component
 * ports. Each can be overridden through the environment so that two
 * checkouts on one machine can run side by side.
 */

export interface ServerPorts {
  /** OpenAI-compatible server behind the inference pods. */
  openai: number;
  /** DCGM-exporter-style /metrics endpoint. */
  dcgmExporter: number;
  /** Debian's Prometheus, scraping the two above. */
  prometheus: number;
}

const defaults: Record<keyof ServerPorts, [env: string, port: number]> = {
  openai: ['DRUN_CLUSTER_PORT_OPENAI', 18000],
  dcgmExporter: ['DRUN_CLUSTER_PORT_DCGM_EXPORTER', 19400],
  prometheus: ['DRUN_CLUSTER_PORT_PROMETHEUS', 19090],
};

/** Reads the ports from the environment, falling back to the defaults above. */
export function resolveServerPorts(env: NodeJS.ProcessEnv = process.env): ServerPorts {
  const ports = {} as ServerPorts;
  for (const [key, [name, fallback]] of Object.entries(defaults)) {
    const raw = env[name];
    const port = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new Error(`${name}=${raw} is not a valid TCP port; set it to an integer from 1 to 65535 or unset it`);
    }
    ports[key as keyof ServerPorts] = port;
  }
  return ports;
}
