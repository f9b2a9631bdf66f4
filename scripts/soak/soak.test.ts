// The soak's own logic, without a server: its options, the interval arithmetic of its tally, and which
// observations break which bound (what makes `npm run soak` exit 1).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Monitor, type Watched } from "./monitor";
import type { NormalClient } from "./normal-client";
import { parseOptions } from "./options";
import type { HealthProbe, HealthSample, MemorySample, ProcessMemory } from "./probes";
import { difference, Tally } from "./tally";

const MiB = 1024 * 1024;

describe("options", () => {
  it("default to every attack from one address for 180 s, with the documented bounds", () => {
    const options = parseOptions([]);
    expect(options).toMatchObject({ durationS: 180, attacks: ["publish", "runs", "comments", "slow"], addresses: 1 });
    expect(options?.bounds).toEqual({
      rssBytes: 1536 * MiB,
      diskBytes: 1024 * MiB,
      healthMs: 2000,
      deliveryMs: 5000,
      redisBytes: 512 * MiB,
    });
  });

  it("take `none` for a baseline, and refuse unknown attacks and nonsense numbers", () => {
    expect(parseOptions(["--attacks", "none"])?.attacks).toEqual([]);
    expect(() => parseOptions(["--attacks", "publish,ddos"])).toThrow(/unknown attack: ddos/);
    expect(() => parseOptions(["--duration", "0"])).toThrow(/--duration/);
    expect(() => parseOptions(["--addresses", "254"])).toThrow(/at most 253/);
    expect(parseOptions(["--help"])).toBeNull();
  });
});

describe("tally", () => {
  it("tells an interval's acceptances and refusals from the totals before it", () => {
    const tally = new Tally();
    tally.accepted("publish", 100);
    const before = tally.snapshot();
    tally.accepted("publish", 50);
    tally.answered("publish", 429);
    tally.answered("publish", 503);
    tally.failed("publish", Object.assign(new Error("reset"), { code: "ECONNRESET" }));
    const interval = difference(tally.snapshot(), before).get("publish");
    expect(interval).toMatchObject({ accepted: 1, acceptedBytes: 50, refused: 1, failed: 2 });
    expect([...(interval?.outcomes ?? [])]).toEqual([
      ["429", 1],
      ["503", 1],
      ["ECONNRESET", 1],
    ]);
  });
});

describe("bounds", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "parley-soak-test-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const bounds = { rssBytes: 1000 * MiB, diskBytes: 1 * MiB, healthMs: 2000, deliveryMs: 5000, redisBytes: MiB };

  function watched(sample: MemorySample | null, health: Partial<HealthSample>[], normal: { overdue?: number; gaps?: number }) {
    const figures = { delivered: 0, gaps: normal.gaps ?? 0, disorder: 0, resets: 0, reconnects: 0, refused: new Map() };
    return {
      memory: { sample: () => sample } as unknown as ProcessMemory,
      dataDir,
      health: {
        samples: health.map((h) => ({ at: 0, latencyMs: 10, outcome: 200, ...h })),
        unansweredAfter: () => 0,
      } as unknown as HealthProbe,
      normal: { figures, overdue: () => normal.overdue ?? 0, takeLatencies: () => [] } as unknown as NormalClient,
      tally: new Tally(),
      slowHeld: () => 0,
      redis: null,
    } satisfies Watched;
  }

  it("hold while memory, disk, health and the normal reader are within them", async () => {
    const monitor = new Monitor(watched({ rssBytes: 600 * MiB, peakBytes: 900 * MiB }, [{}, { latencyMs: 1999 }], {}), bounds);
    await monitor.tick();
    expect([...monitor.breaches.keys()]).toEqual([]);
  });

  it("break on a peak over the RSS bound, a slow or failed health probe, a full disk, a late or lost event", async () => {
    writeFileSync(path.join(dataDir, "big"), Buffer.alloc(2 * MiB, 1));
    const monitor = new Monitor(
      watched({ rssBytes: 900 * MiB, peakBytes: 1100 * MiB }, [{ latencyMs: 2500 }, { outcome: "ECONNREFUSED" }], {
        overdue: 1,
        gaps: 1,
      }),
      bounds,
    );
    await monitor.tick();
    expect([...monitor.breaches.keys()].sort()).toEqual(["RSS", "data dir", "delivery", "health", "order"]);
    expect(monitor.breaches.get("health")?.count).toBe(2);
  });

  it("break when the server process is gone", async () => {
    const monitor = new Monitor(watched(null, [], {}), bounds);
    await monitor.tick();
    expect(monitor.serverGone).toBe(true);
    expect([...monitor.breaches.keys()]).toContain("server alive");
  });
});
