// Presence shared through Redis, as two instances see it: one announcement per change whichever instance
// causes it, and someone held online only by an instance that died goes offline once its claim expires.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Envelope } from "@/lib/events/envelope";
import { sessionChannel } from "@/lib/events/envelope";
import { UpstashHub } from "@/lib/hub/upstash";
import { RedisPresence } from "@/lib/presence/redis";
import { collect } from "@/tests/contracts/hub-contract";
import { eventsOf } from "@/tests/support/events";
import { ROOMY_HUB_BYTES, redis, redisUnavailable, startBridge, type TestBridge, testPrefix } from "@/tests/support/redis";

const unavailable = await redisUnavailable();

const flags = (events: Envelope[], userId: string) =>
  eventsOf(events, "session.presence")
    .filter((e) => e.data.user_id === userId)
    .map((e) => e.data.online);

const sessions = { channelOf: sessionChannel, announce: "session.presence" } as const;

if (unavailable) console.warn(`Redis presence tests skipped: ${unavailable}`);

describe.skipIf(unavailable)("presence in Redis", () => {
  let bridge: TestBridge;
  const prefix = testPrefix();
  let hub: UpstashHub;

  beforeAll(async () => {
    bridge = await startBridge();
    hub = new UpstashHub({ url: bridge.url, token: bridge.token, history: 1000, ...ROOMY_HUB_BYTES, ttlSeconds: 600, prefix });
  });
  afterAll(async () => {
    hub?.close();
    const keys = (await redis("KEYS", `${prefix}*`)) as Buffer[];
    if (keys.length > 0) await redis("DEL", ...keys);
    await bridge?.stop();
  });

  it("announces someone online once and offline once, however many instances hold their streams", async () => {
    const a = new RedisPresence(hub, { ...sessions, graceMs: 50, ttlMs: 30_000, heartbeatMs: 10_000 });
    const b = new RedisPresence(hub, { ...sessions, graceMs: 50, ttlMs: 30_000, heartbeatMs: 10_000 });
    const watch = collect(hub, "session:s1", { after: "0-0" });
    await watch.live();

    const releaseA = a.track("s1", "u_ann");
    await watch.until((e) => flags(e, "u_ann").length === 1);
    const releaseB = b.track("s1", "u_ann");
    const releaseB2 = b.track("s1", "u_ann");
    await expect.poll(async () => [...(await a.online("s1"))]).toEqual(["u_ann"]);

    releaseA();
    releaseB();
    // A's claim goes after its grace period; B still has a stream open.
    await expect.poll(async () => (await redis("HLEN", `${hub.streamTarget("session:s1").key}:presence`)) as number).toBe(1);
    expect(await b.online("s1")).toEqual(new Set(["u_ann"]));

    releaseB2();
    await watch.until((e) => flags(e, "u_ann").length === 2);
    expect(flags(watch.events, "u_ann")).toEqual([true, false]);
    expect(await a.online("s1")).toEqual(new Set());
    watch.stop();
  });

  it("takes someone offline, once, when the only instance holding them stops renewing", async () => {
    // This instance "dies": it never renews (no heartbeat within the test) and never releases.
    const dying = new RedisPresence(hub, { ...sessions, graceMs: 50, ttlMs: 300, heartbeatMs: 3_600_000 });
    const survivor = new RedisPresence(hub, { ...sessions, graceMs: 50, ttlMs: 30_000, heartbeatMs: 10_000 });
    const watch = collect(hub, "session:s2", { after: "0-0" });
    await watch.live();
    dying.track("s2", "u_bo");
    await watch.until((e) => flags(e, "u_bo").length === 1);

    // Any instance asking after the claim expired finds them gone and says so, once.
    await expect.poll(async () => [...(await survivor.online("s2"))], { timeout: 5000 }).toEqual([]);
    await survivor.online("s2");
    await watch.until((e) => flags(e, "u_bo").length === 2);
    expect(flags(watch.events, "u_bo")).toEqual([true, false]);
    watch.stop();
  });
});
