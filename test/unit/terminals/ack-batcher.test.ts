import { describe, expect, it } from 'vitest';
import { AckBatcher } from '../../../renderer/src/screens/sessions/terminals/ack-batcher';

describe('ack batcher', () => {
  it('acknowledges once a batch is full', () => {
    const sent: number[] = [];
    const batcher = new AckBatcher((bytes) => sent.push(bytes), 100);
    for (let index = 0; index < 5; index++) batcher.queue();

    batcher.markWritten(60);
    batcher.markWritten(60);

    expect(sent).toEqual([120]);
  });

  it('acknowledges the rest when the queue drains', () => {
    const sent: number[] = [];
    const batcher = new AckBatcher((bytes) => sent.push(bytes), 100);
    batcher.queue();
    batcher.queue();

    batcher.markWritten(10);
    batcher.markWritten(20);

    expect(sent).toEqual([30]);
  });

  it('sends nothing for empty writes', () => {
    const sent: number[] = [];
    const batcher = new AckBatcher((bytes) => sent.push(bytes), 100);
    batcher.queue();

    batcher.markWritten(0);

    expect(sent).toEqual([]);
  });
});
