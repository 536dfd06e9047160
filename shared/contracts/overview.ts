import { z } from 'zod';
import { defineContract, stream } from '../contract';
import type { NodeRow, OverviewSummary, PodRow, TableWindow } from '../models/overview';

const contextId = z.string().min(1).max(4096);

/** Largest window one subscription may ask for, so a table never streams all rows at once. */
export const MAX_TABLE_WINDOW = 500;

const tableQuery = {
  contextId,
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(MAX_TABLE_WINDOW).default(100),
  /** Case-insensitive substring over name, namespace and node. */
  filter: z.string().max(256).default(''),
  sortBy: z.string().max(64).default('name'),
  sortDirection: z.enum(['asc', 'desc']).default('asc'),
};

/** The Overview screen's views; main pushes coalesced updates, at most a few per second. */
export const overviewContract = defineContract('overview', {
  summary: stream<OverviewSummary>()(z.object({ contextId })),
  nodes: stream<TableWindow<NodeRow>>()(z.object(tableQuery)),
  /** GPU pods only unless `allPods` is set. */
  pods: stream<TableWindow<PodRow>>()(z.object({ ...tableQuery, allPods: z.boolean().default(false) })),
});
