import { describe, expect, it } from 'vitest';
import { reduceForward, type ForwardEvent, type PhaseState } from '../../../main/portforward/state';

const oldPod = { name: 'notebook-0', uid: '11111111-1111-1111-1111-111111111111', port: 8888 };
const newPod = { name: 'notebook-0', uid: '22222222-2222-2222-2222-222222222222', port: 8888 };

function run(events: ForwardEvent[], start: PhaseState = { phase: 'starting' }): PhaseState {
  return events.reduce(reduceForward, start);
}

describe('forward state machine', () => {
  const cases: Array<{ name: string; events: ForwardEvent[]; phase: PhaseState['phase']; uid?: string }> = [
    { name: 'listening then ready is active', events: [{ type: 'listening', lazy: false }, { type: 'podReady', pod: oldPod }], phase: 'active', uid: oldPod.uid },
    { name: 'lazy listener is idle', events: [{ type: 'listening', lazy: true }], phase: 'idle' },
    { name: 'idle to active on first resolution', events: [{ type: 'listening', lazy: true }, { type: 'podReady', pod: oldPod }], phase: 'active' },
    {
      name: 'pod replaced goes through reconnecting to the new uid',
      events: [{ type: 'podReady', pod: oldPod }, { type: 'podUnavailable', reason: 'gone' }, { type: 'podReady', pod: newPod }],
      phase: 'active',
      uid: newPod.uid,
    },
    { name: 'pod gone is reconnecting, keeping the last pod', events: [{ type: 'podReady', pod: oldPod }, { type: 'podUnavailable', reason: 'gone' }], phase: 'reconnecting', uid: oldPod.uid },
    { name: 'failed stays failed when a pod appears', events: [{ type: 'failed', reason: 'Forbidden' }, { type: 'podReady', pod: newPod }], phase: 'failed' },
    { name: 'failed ignores unavailability', events: [{ type: 'failed', reason: 'Forbidden' }, { type: 'podUnavailable', reason: 'x' }], phase: 'failed' },
    { name: 'stopped is final', events: [{ type: 'stopped' }, { type: 'podReady', pod: oldPod }, { type: 'listening', lazy: false }], phase: 'stopped' },
    { name: 'stop from failed', events: [{ type: 'failed', reason: 'x' }, { type: 'stopped', reason: 'user' }], phase: 'stopped' },
  ];

  it.each(cases)('$name', ({ events, phase, uid }) => {
    const state = run(events);
    expect(state.phase).toBe(phase);
    if (uid) expect(state.pod?.uid).toBe(uid);
  });

  it('keeps the reason while reconnecting', () => {
    const state = run([{ type: 'podReady', pod: oldPod }, { type: 'podUnavailable', reason: 'Pod team-a/notebook-0 is being deleted.' }]);
    expect(state.reason).toBe('Pod team-a/notebook-0 is being deleted.');
  });

  it('clears the reason once active again', () => {
    const state = run([{ type: 'podUnavailable', reason: 'gone' }, { type: 'podReady', pod: newPod }]);
    expect(state.reason).toBeUndefined();
  });

  it('carries the error of a failure', () => {
    const error = { kind: 'Forbidden' as const, message: 'no' };
    expect(run([{ type: 'failed', reason: 'no', error }]).error).toEqual(error);
  });
});
