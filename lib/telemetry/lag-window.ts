// "The current delivery lag": the worst publish → write delay seen over the last one or two windows, so
// /api/health shows what readers feel now rather than since the process started.
export class LagWindow {
  private currentMax = 0;
  private previousMax = 0;
  private windowStart: number;

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.windowStart = now();
  }

  record(lagMs: number): void {
    this.roll();
    if (lagMs > this.currentMax) this.currentMax = lagMs;
  }

  /** The largest lag in the current and the previous window; 0 when nothing was written lately. */
  get maxMs(): number {
    this.roll();
    return Math.max(this.currentMax, this.previousMax);
  }

  private roll(): void {
    const elapsed = this.now() - this.windowStart;
    if (elapsed < this.windowMs) return;
    // Two or more windows went by: the previous one was empty too.
    this.previousMax = elapsed < 2 * this.windowMs ? this.currentMax : 0;
    this.currentMax = 0;
    this.windowStart += Math.floor(elapsed / this.windowMs) * this.windowMs;
  }
}
