/**
 * Reading job and workload conditions when several are true at once.
 *
 * Controllers do not always set an earlier condition to False when a later
 * one becomes True, and the list order is not the order of events, so the
 * last entry (what `kubectl get` shows as State) can be wrong. The rules:
 * 1. A terminal condition (Succeeded/Complete or Failed) with status True
 *    wins over every other condition, whatever the list order. When both are
 *    true, the later lastTransitionTime wins; on a tie Failed wins, because
 *    hiding a failure costs more than showing one too many.
 * 2. Otherwise Suspended wins (nothing runs while a job is suspended).
 * 3. Otherwise the true condition with the latest lastTransitionTime wins;
 *    on a tie Restarting beats Running beats Created.
 */
import type { ConditionView, JobState, WorkloadState } from '../models/queues';

export interface ConditionLike {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
}

/** Condition types of each job API, mapped to the state they mean. */
const CONDITION_STATES: Readonly<Record<string, JobState>> = {
  Succeeded: 'Succeeded',
  // batch/v1 Job and Trainer v2 TrainJob call success Complete.
  Complete: 'Succeeded',
  Failed: 'Failed',
  Suspended: 'Suspended',
  Restarting: 'Restarting',
  Running: 'Running',
  Created: 'Created',
};

/** Tie-break order when two true conditions share a transition time; lower wins. */
const TIE_RANK: Readonly<Record<JobState, number>> = {
  Failed: 0,
  Succeeded: 1,
  Suspended: 2,
  Restarting: 3,
  Running: 4,
  Created: 5,
  Pending: 6,
};

export interface DecidedState {
  state: JobState;
  condition?: ConditionLike;
}

function transitionTime(condition: ConditionLike): number {
  const parsed = Date.parse(condition.lastTransitionTime ?? condition.lastUpdateTime ?? '');
  return Number.isFinite(parsed) ? parsed : 0;
}

/** Picks the condition with the latest transition; ties go to the lower TIE_RANK. */
function latest(candidates: ReadonlyArray<{ state: JobState; condition: ConditionLike }>): DecidedState | undefined {
  let best: { state: JobState; condition: ConditionLike } | undefined;
  for (const candidate of candidates) {
    if (!best) {
      best = candidate;
      continue;
    }
    const delta = transitionTime(candidate.condition) - transitionTime(best.condition);
    if (delta > 0 || (delta === 0 && TIE_RANK[candidate.state] < TIE_RANK[best.state])) {
      best = candidate;
    }
  }
  return best;
}

/**
 * Decides a job's state from its conditions by the rules in this file's
 * header. Returns undefined when no known condition is true; the caller then
 * falls back to the job's own fields (replica counts, spec.suspend).
 */
export function decideJobState(conditions: readonly ConditionLike[] | undefined): DecidedState | undefined {
  const trueOnes = (conditions ?? []).flatMap((condition) => {
    const state = condition.type ? CONDITION_STATES[condition.type] : undefined;
    return state && condition.status === 'True' ? [{ state, condition }] : [];
  });

  const terminal = trueOnes.filter((entry) => entry.state === 'Succeeded' || entry.state === 'Failed');
  if (terminal.length > 0) {
    return latest(terminal);
  }

  const suspended = trueOnes.find((entry) => entry.state === 'Suspended');
  if (suspended) {
    return suspended;
  }

  return latest(trueOnes);
}

/**
 * Decides a Kueue Workload's state from its conditions. Finished wins; an
 * eviction or preemption counts only while it is newer than the latest
 * admission, because Kueue re-queues and may admit the workload again.
 */
export function decideWorkloadState(conditions: readonly ConditionLike[] | undefined, active = true): { state: WorkloadState; condition?: ConditionLike } {
  const byType = new Map((conditions ?? []).map((condition) => [condition.type ?? '', condition]));
  const isTrue = (type: string) => byType.get(type)?.status === 'True';

  if (isTrue('Finished')) {
    return { state: 'finished', condition: byType.get('Finished')! };
  }
  if (!active) {
    return { state: 'deactivated' };
  }

  const admittedAt = Math.max(isTrue('Admitted') ? transitionTime(byType.get('Admitted')!) : -1, isTrue('QuotaReserved') ? transitionTime(byType.get('QuotaReserved')!) : -1);
  for (const type of ['Preempted', 'Evicted'] as const) {
    const condition = byType.get(type);
    if (condition?.status === 'True' && transitionTime(condition) >= admittedAt) {
      return { state: type === 'Preempted' ? 'preempted' : 'evicted', condition };
    }
  }

  if (isTrue('Admitted')) {
    return { state: 'admitted', condition: byType.get('Admitted')! };
  }
  if (isTrue('QuotaReserved')) {
    return { state: 'quotaReserved', condition: byType.get('QuotaReserved')! };
  }
  const reserved = byType.get('QuotaReserved');
  if (reserved?.reason === 'Inadmissible') {
    return { state: 'inadmissible', condition: reserved };
  }
  return reserved ? { state: 'pending', condition: reserved } : { state: 'pending' };
}

/** Copies the fields the screen shows, dropping anything else a controller put there. */
export function conditionView(condition: ConditionLike): ConditionView {
  return {
    type: condition.type ?? '',
    status: condition.status ?? 'Unknown',
    ...(condition.reason ? { reason: condition.reason } : {}),
    ...(condition.message ? { message: condition.message } : {}),
    ...(condition.lastTransitionTime ? { lastTransitionTime: condition.lastTransitionTime } : {}),
  };
}
