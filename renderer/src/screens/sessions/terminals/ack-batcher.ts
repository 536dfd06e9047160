/**
 * Batches flow-control acknowledgements: the terminal reports each chunk it
 * has written, and one `ack` call goes out per batch or when nothing more is
 * waiting to be written, so a flood costs one call per 32 KiB, not per chunk.
 */
export class AckBatcher {
  private written = 0;
  private queued = 0;

  constructor(
    private readonly send: (bytes: number) => void,
    private readonly batchBytes: number,
  ) {}

  /** Counts a chunk handed to the terminal but not yet written. */
  queue(): void {
    this.queued++;
  }

  /** Counts a chunk the terminal has written. */
  markWritten(bytes: number): void {
    this.queued = Math.max(0, this.queued - 1);
    this.written += bytes;
    if (this.written >= this.batchBytes || (this.queued === 0 && this.written > 0)) {
      const bytesToSend = this.written;
      this.written = 0;
      this.send(bytesToSend);
    }
  }
}
