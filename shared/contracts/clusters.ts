import { z } from 'zod';
import { defineContract, method, stream } from '../contract';
import type { ClusterStatus } from '../models/cluster';

const contextRef = z.object({ contextId: z.string().min(1).max(4096) });

/** Connections, one per kubeconfig context: health, API discovery and permissions. */
export const clustersContract = defineContract('clusters', {
  /** Connects and probes the cluster; resolves with its status even when the probe failed. */
  connect: method<ClusterStatus>()(contextRef),
  /** Stops every watch and periodic task of the context. */
  disconnect: method<ClusterStatus>()(contextRef),
  /** Probes health, discovery and permissions now instead of waiting for the scheduler. */
  refresh: method<ClusterStatus>()(contextRef),
  /** Pushes the status of every connection whenever one changes. */
  onDidChangeStatus: stream<ClusterStatus[]>()(z.object({})),
});
