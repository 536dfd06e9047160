/**
 * Visible changes for the delay figure. Churn patches annotations and
 * labels, which no Overview field shows, so amid the churn the runner creates
 * probe pods, one at a time: each raises the pod total on screen by one. The
 * totals only rise within a phase, so each probe is matched to the first
 * summary frame and the first screen frame whose total reaches its value.
 */
import type { BulkClient } from '../test/cluster/profiles/scale/api';
import { nodeName } from '../test/cluster/profiles/scale/generate';
import type { ProbeArrival, SummaryFrame } from './app-protocol';
import type { ScreenTotal } from './page';

const PROBE_LABEL = 'drun.io/bench-probe';
const PROBE_NAMESPACE = 'default';

export interface Probe {
  name: string;
  /** The pod total the Overview shows once this probe is in. */
  expected: number;
  /** Date.now() when the create request left the runner and when the API server's answer arrived. */
  sentAt: number;
  ackAt: number;
  /** True when the page was scrolling the pod table as the probe was made. */
  scrolling: boolean;
}

export interface ProbeDelay {
  /** API server's answer to the screen frame showing the change. */
  ackToScreenMs: number;
  /** API server's answer to main sending the summary frame that carries it. */
  ackToFrameMs: number;
  /** That WebSocket frame to the screen frame. */
  frameToScreenMs: number;
  /** How long the create request took (the API server's own latency under the churn). */
  writeMs: number;
  /** From the API server's response to the create to `kubectl get pods -A --watch-only` printing the probe: the anchor. */
  ackToKubectlMs?: number;
  /** To the app's watch worker reading the probe's ADDED event, and to main receiving it parsed. Older results lack them. */
  ackToWorkerReadMs?: number;
  ackToMainMs?: number;
  /** True when the page was scrolling the pod table as the probe was made; absent in results of runs that always scrolled. */
  scrolling?: boolean;
}

export async function createProbe(client: BulkClient, name: string, expected: number, scrolling: boolean): Promise<Probe> {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: PROBE_NAMESPACE, labels: { [PROBE_LABEL]: 'true' } },
    spec: { nodeName: nodeName(3), terminationGracePeriodSeconds: 0, containers: [{ name: 'probe', image: 'registry.local/probe:1.0' }] },
  };
  const sentAt = Date.now();
  const { status, body } = await client.send('POST', `/api/v1/namespaces/${PROBE_NAMESPACE}/pods`, pod);
  const ackAt = Date.now();
  if (status !== 201) throw new Error(`creating probe pod ${name} failed with HTTP ${status}: ${body.slice(0, 300)}`);
  return { name, expected, sentAt, ackAt, scrolling };
}

/** Deletes every probe pod at once, without grace, so the total drops back in one step. */
export async function deleteProbes(client: BulkClient): Promise<void> {
  const selector = encodeURIComponent(`${PROBE_LABEL}=true`);
  const { status, body } = await client.send('DELETE', `/api/v1/namespaces/${PROBE_NAMESPACE}/pods?labelSelector=${selector}&gracePeriodSeconds=0`);
  if (status !== 200) throw new Error(`deleting the probe pods failed with HTTP ${status}: ${body.slice(0, 300)}`);
}

/**
 * Waits until kubectl has printed every probe, or until the deadline. Under
 * heavy churn its output lags, and a probe it prints late still gives a delay.
 */
export async function waitForKubectl(probes: readonly Probe[], kubectlSeen: ReadonlyMap<string, number>, deadline: number): Promise<void> {
  while (Date.now() < deadline && probes.some((probe) => !kubectlSeen.has(probe.name))) {
    await new Promise((resolveWait) => setTimeout(resolveWait, 250));
  }
}

/** Matches probes to frames; a probe never seen is left out and counted by the caller. */
export function probeDelays(
  probes: readonly Probe[],
  frames: readonly SummaryFrame[],
  screen: readonly ScreenTotal[],
  kubectlSeen: ReadonlyMap<string, number>,
  arrivals: Readonly<Record<string, ProbeArrival>>,
): ProbeDelay[] {
  const delays: ProbeDelay[] = [];
  for (const probe of probes) {
    const frame = frames.find((candidate) => candidate.at >= probe.sentAt && candidate.podsTotal >= probe.expected);
    const shown = screen.find((candidate) => candidate.at >= probe.sentAt && candidate.value >= probe.expected);
    if (!frame || !shown) continue;
    delays.push({
      ackToScreenMs: shown.at - probe.ackAt,
      ackToFrameMs: frame.at - probe.ackAt,
      frameToScreenMs: shown.at - frame.at,
      writeMs: probe.ackAt - probe.sentAt,
      ...(kubectlSeen.has(probe.name) ? { ackToKubectlMs: kubectlSeen.get(probe.name)! - probe.ackAt } : {}),
      ...(arrivals[probe.name] ? { ackToWorkerReadMs: arrivals[probe.name]!.readAt - probe.ackAt, ackToMainMs: arrivals[probe.name]!.receivedAt - probe.ackAt } : {}),
      scrolling: probe.scrolling,
    });
  }
  return delays;
}
