/**
 * The forward's phase as a pure reducer, so the rules the user relies on are
 * tested in one place: a forward is `active` only while a Ready pod with a
 * known uid takes its connections, and `failed` and `stopped` end it. The
 * target watch reports a replaced pod as unavailable until its successor is
 * Ready, so a replacement shows as `reconnecting` in between.
 */
import type { AppError } from '../../shared/result';
import type { ForwardPhase, ForwardPod } from '../../shared/models/portforward';

export interface PhaseState {
  phase: ForwardPhase;
  pod?: ForwardPod;
  reason?: string;
  error?: AppError;
}

export type ForwardEvent =
  /** The listener is bound; `lazy` forwards wait for their first connection before resolving. */
  | { type: 'listening'; lazy: boolean }
  /** Resolution found a Ready pod. */
  | { type: 'podReady'; pod: ForwardPod }
  /** The pod is gone, not Ready, or the Service has no Ready pod. */
  | { type: 'podUnavailable'; reason: string }
  /** Something only the user can fix: access denied, the Service is gone, the port is wrong. */
  | { type: 'failed'; reason: string; error?: AppError }
  /** The user (or the app's shutdown) closed the forward. */
  | { type: 'stopped'; reason?: string };

/** Sentence shown while the forward waits for the pod that replaced the one it used. */
export function replacedReason(oldUid: string, newUid: string): string {
  return `The pod was replaced (uid ${oldUid} → ${newUid}); new connections go to the new pod once it is Ready.`;
}

function withoutDetail(state: PhaseState): Pick<PhaseState, 'pod'> {
  return state.pod ? { pod: state.pod } : {};
}

/** Returns the next state; an event that does not apply leaves the state unchanged. */
export function reduceForward(state: PhaseState, event: ForwardEvent): PhaseState {
  if (state.phase === 'stopped') {
    return state;
  }
  switch (event.type) {
    case 'listening':
      return { phase: event.lazy ? 'idle' : 'starting' };

    case 'podReady':
      if (state.phase === 'failed') {
        return state;
      }
      return { phase: 'active', pod: event.pod };

    case 'podUnavailable':
      if (state.phase === 'failed') {
        return state;
      }
      return { phase: 'reconnecting', ...withoutDetail(state), reason: event.reason };

    case 'failed':
      return { phase: 'failed', ...withoutDetail(state), reason: event.reason, ...(event.error ? { error: event.error } : {}) };

    case 'stopped':
      return { phase: 'stopped', ...withoutDetail(state), ...(event.reason ? { reason: event.reason } : {}) };
  }
}
