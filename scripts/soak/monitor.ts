// Watches the server once a second against the bounds, and sums up each interval into a row of the table.
import type { NormalClient } from "./normal-client";
import type { Bounds } from "./options";
import { diskBytes, type HealthProbe, type ProcessMemory } from "./probes";
import type { SoakRedis } from "./redis";
import { type AttackKind, difference, type KindCount, type Tally } from "./tally";

export interface Row {
  atS: number;
  rssBytes: number;
  peakBytes: number;
  diskBytes: number;
  health: number[];
  /** Health probes answered in the interval that failed or were slower than the bound. */
  healthBad: number;
  /** Health probes still unanswered past the bound at the end of the interval. */
  healthWaiting: number;
  delivery: number[];
  overdue: number;
  attack: Map<AttackKind, KindCount>;
  slowHeld: number;
  redisBytes: number | null;
}

export interface Breach {
  bound: string;
  atS: number;
  detail: string;
  count: number;
}

export interface Watched {
  memory: ProcessMemory;
  dataDir: string;
  health: HealthProbe;
  normal: NormalClient;
  tally: Tally;
  slowHeld: () => number;
  redis: SoakRedis | null;
}

const MiB = 1024 * 1024;

export class Monitor {
  readonly breaches = new Map<string, Breach>();
  /** Highest values over the whole soak. */
  readonly highest = { peakBytes: 0, diskBytes: 0, redisGrowth: 0 };
  serverGone = false;
  private readonly startedAt = Date.now();
  private ticks = 0;
  private healthSeen = 0;
  private lastTally: Map<AttackKind, KindCount>;
  private current = this.freshInterval();
  private redisBaseline: number | null = null;

  constructor(
    private readonly watched: Watched,
    private readonly bounds: Bounds,
  ) {
    this.lastTally = watched.tally.snapshot();
  }

  get elapsedS(): number {
    return (Date.now() - this.startedAt) / 1000;
  }

  breach(bound: string, detail: string): void {
    const known = this.breaches.get(bound);
    if (known) known.count++;
    else this.breaches.set(bound, { bound, atS: Math.round(this.elapsedS), detail, count: 1 });
  }

  async tick(): Promise<void> {
    this.ticks++;
    const memory = this.watched.memory.sample();
    if (!memory) {
      this.serverGone = true;
      this.breach("server alive", "the server process is gone");
    } else {
      this.current.rssBytes = memory.rssBytes;
      this.current.peakBytes = Math.max(this.current.peakBytes, memory.peakBytes);
      this.highest.peakBytes = Math.max(this.highest.peakBytes, memory.peakBytes);
      if (memory.peakBytes > this.bounds.rssBytes)
        this.breach("RSS", `${Math.round(memory.peakBytes / MiB)} MiB > ${this.bounds.rssBytes / MiB} MiB`);
    }
    if (this.ticks % 5 === 1) await this.checkDisk();
    await this.checkRedis();
    this.absorbHealth();
    this.checkDelivery();
  }

  /** Sums up the interval since the previous row and starts the next. */
  row(): Row {
    const row = this.current;
    row.atS = Math.round(this.elapsedS);
    const now = this.watched.tally.snapshot();
    row.attack = difference(now, this.lastTally);
    this.lastTally = now;
    row.slowHeld = this.watched.slowHeld();
    row.healthWaiting = this.watched.health.unansweredAfter(this.bounds.healthMs);
    row.delivery = this.watched.normal.takeLatencies();
    const slowest = Math.max(0, ...row.delivery);
    if (slowest > this.bounds.deliveryMs)
      this.breach(
        "delivery",
        `an event took ${Math.round(slowest)} ms to reach the normal reader (bound: ${this.bounds.deliveryMs} ms)`,
      );
    row.overdue = this.watched.normal.overdue(this.bounds.deliveryMs);
    this.current = this.freshInterval(row);
    return row;
  }

  private freshInterval(previous?: Row): Row {
    return {
      atS: 0,
      rssBytes: previous?.rssBytes ?? 0,
      peakBytes: 0,
      diskBytes: previous?.diskBytes ?? 0,
      health: [],
      healthBad: 0,
      healthWaiting: 0,
      delivery: [],
      overdue: 0,
      attack: new Map(),
      slowHeld: 0,
      redisBytes: previous?.redisBytes ?? null,
    };
  }

  /** Every fifth second: walking the data directory is not free. */
  private async checkDisk(): Promise<void> {
    const disk = await diskBytes(this.watched.dataDir);
    this.current.diskBytes = disk;
    this.highest.diskBytes = Math.max(this.highest.diskBytes, disk);
    if (disk > this.bounds.diskBytes)
      this.breach("data dir", `${Math.round(disk / MiB)} MiB > ${this.bounds.diskBytes / MiB} MiB`);
  }

  /** Every second: Redis is shared, so the soak stops as soon as its bound breaks. */
  private async checkRedis(): Promise<void> {
    const redis = this.watched.redis;
    if (!redis) return;
    const used = await redis.usedBytes().catch(() => Number.NaN);
    if (!Number.isFinite(used)) return;
    this.redisBaseline ??= used;
    const growth = used - this.redisBaseline;
    this.current.redisBytes = used;
    this.highest.redisGrowth = Math.max(this.highest.redisGrowth, growth);
    if (growth > this.bounds.redisBytes)
      this.breach("Redis memory", `grew ${Math.round(growth / MiB)} MiB > ${this.bounds.redisBytes / MiB} MiB`);
  }

  /** Takes in the health probes answered since the last call (the soak calls it once more at the end). */
  absorbHealth(): void {
    const samples = this.watched.health.samples;
    for (; this.healthSeen < samples.length; this.healthSeen++) {
      const s = samples[this.healthSeen]!;
      this.current.health.push(s.latencyMs);
      const bad = s.outcome !== 200 || s.latencyMs > this.bounds.healthMs;
      if (!bad) continue;
      this.current.healthBad++;
      this.breach(
        "health",
        `answered ${s.outcome} in ${Math.round(s.latencyMs)} ms (bound: 200 within ${this.bounds.healthMs} ms)`,
      );
    }
  }

  private checkDelivery(): void {
    const { figures } = this.watched.normal;
    const overdue = this.watched.normal.overdue(this.bounds.deliveryMs);
    if (overdue > 0) this.breach("delivery", `${overdue} accepted event(s) not delivered within ${this.bounds.deliveryMs} ms`);
    if (figures.gaps > 0 || figures.disorder > 0)
      this.breach("order", `${figures.gaps} gap(s), ${figures.disorder} out of order or repeated`);
    const refused = [...figures.refused].map(([k, n]) => `${k}×${n}`).join(", ");
    if (refused) this.breach("normal publish", `the normal producer was refused: ${refused}`);
  }
}
