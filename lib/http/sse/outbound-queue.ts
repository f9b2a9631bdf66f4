// What one SSE stream has to send that its client has not asked for yet, and the rule for a client
// that falls behind: above `queueBytes` for longer than the grace, or ever above HARD_QUEUE_FACTOR times
// that, it is cut off (and resumes later from its cursor) — one slow reader never holds the others.
import type { StreamTimers, TimerHandle } from "./stream-timers";

export interface QueueLimits {
  /** Bytes a client may fall behind; see HARD_QUEUE_FACTOR and `lagGraceMs`. */
  queueBytes: number;
  /** How long a burst may keep a reader above `queueBytes` before it counts as falling behind. */
  lagGraceMs: number;
}

/** A burst (a 100-event batch is up to 6.4 MiB) may overshoot the bound this much before the grace ends. */
export const HARD_QUEUE_FACTOR = 16;

export class OutboundQueue {
  private frames: Uint8Array[] = [];
  private bytes = 0;
  private lagTimer: TimerHandle | null = null;

  constructor(
    private readonly limits: QueueLimits,
    private readonly timers: StreamTimers,
    /** Called when the client has fallen too far behind. */
    private readonly fellBehind: () => void,
  ) {}

  push(frame: Uint8Array): void {
    this.frames.push(frame);
    this.bytes += frame.byteLength;
  }

  /** Applies the bound to what waits while the client is not reading: cut off now, after the grace, or not. */
  checkLag(): void {
    const { queueBytes, lagGraceMs } = this.limits;
    if (this.bytes > queueBytes * HARD_QUEUE_FACTOR) this.fellBehind();
    else if (this.bytes > queueBytes && !this.lagTimer) {
      this.lagTimer = this.timers.after(lagGraceMs, () => {
        this.lagTimer = null;
        if (this.bytes > queueBytes) this.fellBehind();
      });
    }
  }

  /**
   * Everything waiting, as one chunk (null when nothing waits): a client that keeps up gets each frame
   * at once, one that lags gets them batched, so the per-chunk cost does not grow with the backlog.
   * The client has caught up: its grace starts over.
   */
  drain(): Uint8Array | null {
    if (this.frames.length === 0) return null;
    const chunk = this.frames.length === 1 ? this.frames[0]! : Buffer.concat(this.frames, this.bytes);
    this.discard();
    if (this.lagTimer) {
      this.timers.cancel(this.lagTimer);
      this.lagTimer = null;
    }
    return chunk;
  }

  discard(): void {
    this.frames = [];
    this.bytes = 0;
  }
}
