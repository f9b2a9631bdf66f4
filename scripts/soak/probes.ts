// What the soak watches on the server, independently of what the server says about itself: its process's
// memory from /proc, its data directory's size on disk, and whether /api/health answers, how fast.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { lstat } from "node:fs/promises";
import path from "node:path";

export interface MemorySample {
  rssBytes: number;
  /** The highest RSS since the previous sample (the kernel's VmHWM, reset after each read), else the RSS. */
  peakBytes: number;
}

/** The server process's memory. Its peak is reset after every read so no spike between samples is missed. */
export class ProcessMemory {
  private canResetPeak = true;

  constructor(readonly pid: number) {}

  /** Null once the process is gone. */
  sample(): MemorySample | null {
    let status: string;
    try {
      status = readFileSync(`/proc/${this.pid}/status`, "utf8");
    } catch {
      return null;
    }
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN) * 1024;
    const rssBytes = kb("VmRSS");
    if (!Number.isFinite(rssBytes)) return null;
    const peakBytes = this.canResetPeak ? Math.max(rssBytes, kb("VmHWM")) : rssBytes;
    this.resetPeak();
    return { rssBytes, peakBytes };
  }

  /** Until the next sample the peak is counted afresh (`5` resets VmHWM: proc(5), /proc/pid/clear_refs). */
  resetPeak(): void {
    if (!this.canResetPeak) return;
    try {
      writeFileSync(`/proc/${this.pid}/clear_refs`, "5");
    } catch {
      // Not ours to reset (another user's process, a locked-down /proc): the samples alone then.
      this.canResetPeak = false;
    }
  }
}

/** The bytes a directory's files occupy on disk (allocated blocks, as `du` counts them). */
export async function diskBytes(dir: string): Promise<number> {
  let total = 0;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of entries) {
    const full = path.join(dir, name);
    const stat = await lstat(full).catch(() => null);
    if (!stat) continue;
    total += stat.blocks * 512;
    if (stat.isDirectory()) total += await diskBytes(full);
  }
  return total;
}

export interface HealthSample {
  at: number;
  latencyMs: number;
  /** The status, or the network error's name when there was no answer. */
  outcome: number | string;
}

/**
 * GET /api/health once a second, each on its own (a slow answer does not hold back the next probe, so a
 * server that takes 20 s shows 20 s, not one probe in 20); each answer, or its absence, is kept.
 */
export class HealthProbe {
  samples: HealthSample[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** When each probe still waiting for its answer was sent. */
  private readonly waiting = new Set<number>();

  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.probe(), 1000);
  }

  /** Probes sent more than `ms` ago and still unanswered. */
  unansweredAfter(ms: number): number {
    const now = performance.now();
    let n = 0;
    for (const started of this.waiting) if (now - started > ms) n++;
    return n;
  }

  /** Probes still unanswered now count as such: a server that stopped answering must show it. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    const now = performance.now();
    for (const started of this.waiting) this.samples.push({ at: Date.now(), latencyMs: now - started, outcome: "unanswered" });
    this.waiting.clear();
  }

  private async probe(): Promise<void> {
    const started = performance.now();
    this.waiting.add(started);
    let outcome: number | string;
    try {
      const res = await fetch(`${this.url}/api/health`, { signal: AbortSignal.timeout(this.timeoutMs) });
      await res.arrayBuffer();
      outcome = res.status;
    } catch (error) {
      outcome = error instanceof Error ? ((error.cause as { code?: string } | undefined)?.code ?? error.name) : "error";
    }
    if (!this.waiting.delete(started)) return;
    this.samples.push({ at: Date.now(), latencyMs: performance.now() - started, outcome });
  }
}
