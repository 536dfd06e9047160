import { describe, expect, it } from 'vitest';
import { FlowWindow } from '../../../main/terminals/flow-control';

describe('flow window', () => {
  it('pauses once above the high watermark', () => {
    const window = new FlowWindow({ high: 100, low: 20 });

    expect(window.sent(60)).toBeUndefined();
    expect(window.sent(60)).toBe('pause');
    expect(window.sent(60)).toBeUndefined();
    expect(window.pending).toBe(180);
  });

  it('resumes only below the low watermark', () => {
    const window = new FlowWindow({ high: 100, low: 20 });
    window.sent(150);

    expect(window.acknowledged(100)).toBeUndefined();
    expect(window.isPaused).toBe(true);
    expect(window.acknowledged(40)).toBe('resume');
    expect(window.isPaused).toBe(false);
  });

  it('clamps acknowledgements above what was sent', () => {
    const window = new FlowWindow({ high: 100, low: 20 });
    window.sent(10);
    window.acknowledged(1_000);

    expect(window.pending).toBe(0);
    expect(window.sent(101)).toBe('pause');
  });

  it('rejects watermarks in the wrong order', () => {
    expect(() => new FlowWindow({ high: 10, low: 10 })).toThrow(/low watermark 10 must be below high watermark 10/);
  });
});
