// A run driven in slices: a serverless function lives a bounded time, so the function driving a run stops
// at the first step boundary past its slice and hands the run on (lib/runs/execution/handoff.ts); the next
// function replays the stored history and goes on from there. A slice always moves the run on by at least
// one step, so hand-offs never chase each other without progress.

/** Thrown through the strategy at a step boundary when the slice is over: the run is handed on, not ended. */
export class RunHandOff extends Error {
  constructor() {
    super("the slice is over: the run is handed on");
  }
}

export class Slice {
  private endsAt = Number.POSITIVE_INFINITY;
  private steps = 0;

  /** From now, for `ms` (null: a slice that never ends). */
  begin(ms: number | null): void {
    this.endsAt = ms === null ? Number.POSITIVE_INFINITY : Date.now() + ms;
    this.steps = 0;
  }

  /** A step started live in this slice. */
  stepStarted(): void {
    this.steps++;
  }

  get over(): boolean {
    return Date.now() >= this.endsAt;
  }

  /** Over, and this slice moved the run on: time to hand it on. */
  get due(): boolean {
    return this.steps > 0 && this.over;
  }
}
