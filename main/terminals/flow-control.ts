/**
 * Credit accounting for one output stream: main counts bytes sent to the
 * renderer, the renderer acknowledges bytes once its terminal has written
 * them, and reading the upstream pauses above the high watermark and resumes
 * below the low one. The gap between the two marks stops pause/resume from
 * flapping on every chunk.
 */
export interface Watermarks {
  high: number;
  low: number;
}

export type FlowSignal = 'pause' | 'resume' | undefined;

export class FlowWindow {
  private unacknowledged = 0;
  private paused = false;

  constructor(private readonly marks: Watermarks) {
    if (marks.low >= marks.high) {
      throw new Error(`flow control: low watermark ${marks.low} must be below high watermark ${marks.high}`);
    }
  }

  /** Records bytes handed to the renderer; returns 'pause' when reading should stop. */
  sent(bytes: number): FlowSignal {
    this.unacknowledged += bytes;
    if (!this.paused && this.unacknowledged > this.marks.high) {
      this.paused = true;
      return 'pause';
    }
    return undefined;
  }

  /**
   * Records bytes the renderer has written; returns 'resume' when reading may
   * continue. Acknowledging more than was sent clamps at zero, so a confused
   * or hostile client cannot bank credit.
   */
  acknowledged(bytes: number): FlowSignal {
    this.unacknowledged = Math.max(0, this.unacknowledged - bytes);
    if (this.paused && this.unacknowledged < this.marks.low) {
      this.paused = false;
      return 'resume';
    }
    return undefined;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get pending(): number {
    return this.unacknowledged;
  }
}
