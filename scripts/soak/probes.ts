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

/** GET /api/health once a second; each answer (or its absence) is kept for the report. */
export class HealthProbe {
  samples: HealthSample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight = false;

  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.probe(), 1000);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** A probe still waiting when the next is due is not doubled: the slow one is what counts. */
  private async probe(): Promise<void> {
    if (this.inFlight) return;
    this.inFlight = true;
    const started = performance.now();
    let outcome: number | string;
    try {
      const res = await fetch(`${this.url}/api/health`, { signal: AbortSignal.timeout(this.timeoutMs) });
      await res.arrayBuffer();
      outcome = res.status;
    } catch (error) {
      outcome = error instanceof Error ? ((error.cause as { code?: string } | undefined)?.code ?? error.name) : "error";
    }
    this.samples.push({ at: Date.now(), latencyMs: performance.now() - started, outcome });
    this.inFlight = false;
  }
}
