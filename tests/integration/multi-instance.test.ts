// Two `next start` instances sharing PostgreSQL and Redis (through the REST bridge), as on Vercel: what
// is published on one reaches readers on the other, presence and rate limits agree across them, and a
// reader whose instance dies resumes on the other with nothing lost.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Envelope } from "@/lib/events/envelope";
import { eventsOf } from "@/tests/support/events";
import { type SharedServices, startSharedServices, twoInstancesUnavailable } from "@/tests/support/instances";
import { redis } from "@/tests/support/redis";
import { publishMany, startServer, type TestServer } from "@/tests/support/server";
import { user } from "@/tests/support/session-client";

const skipReason = await twoInstancesUnavailable();

const presenceOf = (e: Envelope, userId: string) => {
  const [presence] = eventsOf([e], "session.presence");
  return presence?.data.user_id === userId ? presence.data.online : undefined;
};

if (skipReason) console.warn(`two-instance tests skipped: ${skipReason}`);

describe.skipIf(skipReason)("two instances sharing PostgreSQL and Redis", () => {
  let shared: SharedServices;
  let a: TestServer;
  let b: TestServer;
  let key: string;

  beforeAll(async () => {
    shared = await startSharedServices();
    const env = { ...shared.env, PARLEY_TRUST_USER_HEADER: "true", PARLEY_PRESENCE_GRACE_MS: "300" };
    [a, b] = await Promise.all([startServer({ env }), startServer({ env })]);
    key = await a.apiKey();
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await shared?.stop();
  });

  it("run the upstash hub", async () => {
    expect((await a.health()).hub).toMatchObject({ kind: "upstash", ok: true });
    expect((await b.health()).hub).toMatchObject({ kind: "upstash", ok: true });
  });

  it("deliver a channel event published on A to a stream on B, in order, once", async () => {
    const channel = `multi-${Date.now()}`;
    // The first reader (whose request opened B's Redis subscription) leaves; the channel carries on.
    const opener = await b.stream(channel, { key });
    await opener.waitFor((r) => r.lastEventId !== null);
    const onB = await b.stream(channel, { key });
    await onB.waitFor((r) => r.lastEventId !== null);
    opener.abort();
    // onB's subscription, and B's listener for key revocations while it serves streams of a key
    // (lib/auth/key-revocations.ts): the opener's is gone.
    await expect.poll(async () => (await b.health()).hub.subscribers).toBe(2);
    const ids = await publishMany(a, channel, key, 250);
    await onB.waitFor((r) => r.envelopes.at(-1)?.id === ids.at(-1));
    expect(onB.envelopes.map((e) => e.id)).toEqual(ids);
    expect(onB.envelopes[0]).toMatchObject({ channel: `ch:${channel}`, type: "test.event", data: { i: 0 } });
    onB.abort();
  });

  it("deliver a session message posted on A to a session stream on B", async () => {
    const owner = user(a);
    const guest = user(b);
    const created = (await owner.create({ title: "Across instances" })).body;
    expect((await guest.join(created.invite_token, "Guest")).status).toBe(200);
    const watch = await guest.stream(created.session_id);
    await watch.waitFor((r) => r.lastEventId !== null);
    const said = await owner.say(created.session_id, "Hello from A");
    expect(said.status).toBe(201);
    await watch.waitFor((r) => r.envelopes.some((e) => e.type === "session.message_created"));
    const messages = eventsOf(watch.envelopes, "session.message_created");
    expect(messages.map((e) => e.data.message)).toMatchObject([{ id: said.body.message.id, content: "Hello from A" }]);
    // And the history read on B holds it, with the cursor to continue from.
    const history = (await guest.history(created.session_id)).body;
    expect(history.messages.map((m: { id: string }) => m.id)).toEqual([said.body.message.id]);
    expect(history.last_event_id).toBe(messages[0]!.id);
    watch.abort();
  });

  it("agree on presence: someone connected to A is online on B, announced once, offline once when gone", async () => {
    const owner = user(b);
    const created = (await owner.create({ title: "Presence" })).body;
    const guest = user(a);
    await guest.join(created.invite_token, "Guest");
    const watch = await owner.stream(created.session_id);
    await watch.waitFor((r) => r.lastEventId !== null);

    const onA = await guest.stream(created.session_id);
    await watch.waitFor((r) => r.envelopes.some((e) => presenceOf(e, guest.id) === true));
    const listed = (await owner.participants(created.session_id)).body.participants;
    expect(listed.find((p: { user_id: string }) => p.user_id === guest.id)).toMatchObject({ online: true });

    // A second stream on the other instance changes nothing anyone sees; closing one of two neither.
    const onB = await guest.stream(created.session_id);
    await onB.waitFor((r) => r.lastEventId !== null);
    onA.abort();
    // Once A's grace period is over it has withdrawn its claim on the guest (B's remains): wait for that in Redis.
    const guestClaims = async () => {
      const fields = (await redis("HKEYS", `parley:{session:${created.session_id}}:presence`)) as Buffer[];
      return fields.filter((f) => String(f).endsWith(`|${JSON.stringify(guest.id)}`)).length;
    };
    await expect.poll(guestClaims, { timeout: 10_000 }).toBe(1);
    expect((await guest.participants(created.session_id)).body.participants).toContainEqual(
      expect.objectContaining({ user_id: guest.id, online: true }),
    );

    onB.abort();
    await watch.waitFor((r) => r.envelopes.some((e) => presenceOf(e, guest.id) === false));
    const flags = watch.envelopes.map((e) => presenceOf(e, guest.id)).filter((f) => f !== undefined);
    expect(flags).toEqual([true, false]);
    const after = (await owner.participants(created.session_id)).body.participants;
    expect(after.find((p: { user_id: string }) => p.user_id === guest.id)).toMatchObject({ online: false });
    watch.abort();
  });

  it("let one person in by a single-use link that twenty people race for, half on each instance", async () => {
    const owner = user(a);
    const created = (await owner.create({ title: "One seat, two instances", max_participants: 50 })).body;
    const made = await owner.invite(created.session_id, { role: "editor", single_use: true });
    expect(made.status).toBe(201);
    const racers = Array.from({ length: 20 }, (_, i) => user(i % 2 ? b : a));
    const results = await Promise.all(racers.map((r, i) => r.join(made.body.invite_token, `R${i}`)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((x) => x === 200)).toHaveLength(1);
    expect(statuses.filter((x) => x === 410)).toHaveLength(19);
    const seated = (await owner.participants(created.session_id)).body.participants as { user_id: string }[];
    expect(seated.map((p) => p.user_id).sort()).toEqual([owner.id, racers[statuses.indexOf(200)]?.id].sort());
  });

  it("share rate limits: messages sent through either instance count against one window", async () => {
    const owner = user(a);
    const created = (await owner.create({ title: "Limits" })).body;
    const viaB = user(b, owner.id);
    // @upstash/ratelimit's sliding window weighs the previous fixed window by how much of it is left, so
    // 30 messages that straddle a window boundary can let a 31st through. Start just after a boundary
    // (windows are aligned to the epoch), so the whole exchange falls in one window and the count is exact.
    const windowMs = 10_000;
    await new Promise((r) => setTimeout(r, windowMs - (Date.now() % windowMs) + 50));
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await (i % 2 ? viaB : owner).say(created.session_id, `m${i}`)).status);
    expect(statuses.every((s) => s === 201)).toBe(true);
    const limitedOnA = await owner.say(created.session_id, "one too many");
    const limitedOnB = await viaB.say(created.session_id, "and again");
    expect([limitedOnA.status, limitedOnB.status]).toEqual([429, 429]);
    expect(limitedOnB.body.error.code).toBe("rate_limited");
    expect(Number(limitedOnB.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await owner.history(created.session_id, "?limit=100")).body.messages).toHaveLength(30);
  });

  // Last: it kills A.
  it("let a reader on A that loses A to SIGKILL resume on B from its Last-Event-ID with nothing missing", async () => {
    const channel = `failover-${Date.now()}`;
    const first = await a.stream(channel, { key });
    await first.waitFor((r) => r.lastEventId !== null);
    const published: string[] = [];
    let killed = false;
    const publishing = (async () => {
      for (let i = 0; i < 60; i++) {
        published.push(...(await publishMany(b, channel, key, 10, (k) => ({ i: i * 10 + k }))));
        if (i === 20) {
          await first.waitFor((r) => r.envelopes.length >= 100);
          a.process.kill("SIGKILL");
          killed = true;
        }
      }
    })();
    expect(await first.ended).toBe("error");
    expect(killed).toBe(true);
    const resumedFrom = first.lastEventId;
    const second = await b.stream(channel, { key, lastEventId: resumedFrom });
    await publishing;
    await second.waitFor((r) => r.envelopes.at(-1)?.id === published.at(-1), 20_000);
    const seen = [...first.envelopes, ...second.envelopes].map((e) => e.id);
    expect(seen).toEqual(published);
    expect(second.envelopes.every((e) => e.type === "test.event")).toBe(true);
    second.abort();
  });
});
