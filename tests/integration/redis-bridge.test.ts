// The Upstash-compatible REST bridge, driven by @upstash/redis itself against real Redis: commands,
// pipelines, atomic transactions, base64, auth, errors and SSE subscriptions.
import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import { createParser } from "eventsource-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killRedisClients, redis, redisUnavailable, startBridge, type TestBridge, testPrefix } from "@/tests/support/redis";

const unavailable = await redisUnavailable();
if (unavailable) console.warn(`redis-bridge tests skipped: ${unavailable}`);

/** The `data` of each SSE event of a response, as a spec-following SSE client reads them. */
function sseMessages(body: ReadableStream<Uint8Array>) {
  const data: string[] = [];
  const waiters = new Set<() => void>();
  const parser = createParser({
    onEvent: (e) => {
      data.push(e.data);
      for (const w of waiters) w();
    },
  });
  const reader = body.getReader();
  const ended = (async () => {
    const decoder = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return "end";
      parser.feed(decoder.decode(value, { stream: true }));
    }
  })().catch(() => "error");
  const count = (n: number) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (data.length < n) return;
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
  return { data, ended, count, cancel: () => reader.cancel() };
}

describe.skipIf(unavailable !== null)("the Redis REST bridge", () => {
  let b: TestBridge;
  let client: Redis;
  const k = testPrefix();

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${b.url}${path}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${b.token}`, "Content-Type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    b = await startBridge();
    client = new Redis({ url: b.url, token: b.token, enableTelemetry: false, enableAutoPipelining: false });
  });
  afterAll(async () => {
    const keys = (await redis("KEYS", `${k}*`)) as Buffer[];
    if (keys.length > 0) await redis("DEL", ...keys);
    await b?.stop();
  });

  it("runs commands and returns their results as @upstash/redis expects", async () => {
    expect(await client.set(`${k}s`, "héllo ✓ \u0000 end")).toBe("OK");
    expect(await client.get(`${k}s`)).toBe("héllo ✓ \u0000 end");
    expect(await client.get(`${k}missing`)).toBeNull();
    expect(await client.incrby(`${k}n`, 5)).toBe(5);
    await client.hset(`${k}h`, { a: "1", b: "two" });
    expect(await client.hgetall(`${k}h`)).toEqual({ a: 1, b: "two" });
    await client.rpush(`${k}l`, "x", "y", "z");
    expect(await client.lrange(`${k}l`, 0, -1)).toEqual(["x", "y", "z"]);
    expect(await client.ping()).toBe("PONG");
    // What Redis itself holds, not just what the bridge says.
    expect(String(await redis("GET", `${k}s`))).toBe("héllo ✓ \u0000 end");
  });

  it("answers a single command in the Upstash JSON shape, base64 when asked", async () => {
    await client.set(`${k}b64`, "ünïcode");
    const plain = await post("/", ["GET", `${k}b64`]);
    expect(plain.status).toBe(200);
    expect(await plain.json()).toEqual({ result: "ünïcode" });

    const encoded = await post("/", ["GET", `${k}b64`], { "Upstash-Encoding": "base64" });
    expect(await encoded.json()).toEqual({ result: Buffer.from("ünïcode").toString("base64") });
    const ok = await post("/", ["SET", `${k}b64`, "v"], { "Upstash-Encoding": "base64" });
    expect(await ok.json()).toEqual({ result: "OK" });
    const nested = await post("/", ["LRANGE", `${k}l`, "0", "-1"], { "Upstash-Encoding": "base64" });
    expect(await nested.json()).toEqual({ result: ["eA==", "eQ==", "eg=="] });
    const number = await post("/", ["STRLEN", `${k}b64`], { "Upstash-Encoding": "base64" });
    expect(await number.json()).toEqual({ result: 1 });
  });

  it("keeps bytes as bytes, and a stored OK apart from the status OK", async () => {
    await redis("SET", `${k}bytes`, Buffer.from([0xff, 0x00, 0xfe]));
    const bytes = await post("/", ["GET", `${k}bytes`], { "Upstash-Encoding": "base64" });
    expect(await bytes.json()).toEqual({ result: "/wD+" });
    await client.set(`${k}ok`, "OK");
    const stored = await post("/", ["GET", `${k}ok`], { "Upstash-Encoding": "base64" });
    expect(await stored.json()).toEqual({ result: Buffer.from("OK").toString("base64") });
    expect(await client.get(`${k}ok`)).toBe("OK");
  });

  it("runs a pipeline in order, with each command's error in its own slot", async () => {
    const p = client.pipeline();
    p.set(`${k}p`, "1");
    p.incr(`${k}p`);
    p.lpush(`${k}p`, "wrong type");
    p.get(`${k}p`);
    const results = await p.exec({ keepErrors: true });
    expect(results.map((r) => r.result)).toEqual(["OK", 2, undefined, 2]);
    expect(results[2]!.error).toMatch(/WRONGTYPE/);

    const raw = await post("/pipeline", [["INCR", `${k}p`], ["NOPE"]]);
    expect(raw.status).toBe(200);
    expect(await raw.json()).toEqual([{ result: 3 }, { error: expect.stringMatching(/unknown command/) }]);
  });

  it("runs /multi-exec atomically: all or nothing, never interleaved with another transaction", async () => {
    const m = client.multi();
    m.set(`${k}t`, "a");
    m.append(`${k}t`, "b");
    m.get(`${k}t`);
    expect(await m.exec()).toEqual(["OK", 2, "ab"]);

    // A command Redis refuses to queue aborts the whole transaction: nothing before it is applied.
    const aborted = await post("/multi-exec", [["SET", `${k}t`, "changed"], ["INCR"]]);
    expect(aborted.status).toBe(400);
    expect((await aborted.json()).error).toMatch(/EXECABORT/);
    expect(await client.get(`${k}t`)).toBe("ab");

    // Transactions on different bridge connections, each INCR twice: each sees its own two values back to back.
    const runs = await Promise.all(
      Array.from({ length: 40 }, () => {
        const tx = client.multi();
        tx.incr(`${k}c`);
        tx.incr(`${k}c`);
        return tx.exec<[number, number]>();
      }),
    );
    for (const [a, b2] of runs) expect(b2).toBe(a + 1);
    expect(new Set(runs.flat()).size).toBe(80);
  });

  it("reports Redis errors as HTTP 400 {error}, and @upstash/redis throws them", async () => {
    const res = await post("/", ["INCR", `${k}s`]);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: expect.stringMatching(/not an integer/) });
    await expect(client.incr(`${k}s`)).rejects.toThrow(/not an integer/);
  });

  it("rejects bad requests with the documented error and runs nothing", async () => {
    const cases: [string, string | unknown, number][] = [
      ["/", "not json", 400],
      ["/", [], 400],
      ["/", { cmd: "GET" }, 400],
      ["/", ["SET", `${k}bad`, { nested: true }], 400],
      ["/", ["SUBSCRIBE", "x"], 400],
      ["/", ["BLPOP", `${k}l`, "0"], 400],
      ["/pipeline", [["SET", `${k}bad`, "1"], "GET"], 400],
      ["/nope", ["PING"], 404],
    ];
    for (const [path, body, status] of cases) {
      const res = await post(path, body);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(status);
      expect(typeof (await res.json()).error).toBe("string");
    }
    expect(await redis("EXISTS", `${k}bad`)).toBe(0);
    const huge = await post("/", ["SET", `${k}bad`, "x".repeat(33 * 1024 * 1024)]);
    expect(huge.status).toBe(413);
    expect(await redis("EXISTS", `${k}bad`)).toBe(0);
  });

  it("runs scripts written for Upstash (shebang flags plain Redis lacks), so @upstash/ratelimit works", async () => {
    const limiter = new Ratelimit({ redis: client, limiter: Ratelimit.slidingWindow(3, "60 s"), prefix: `${k}rl` });
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push((await limiter.limit("someone")).success);
    expect(outcomes).toEqual([true, true, true, false, false]);
    expect((await limiter.limit("someone else")).success).toBe(true);
  });

  it("requires the Bearer token", async () => {
    for (const authorization of [undefined, "Bearer wrong", `Basic ${b.token}`, `Bearer ${b.token}x`]) {
      const res = await fetch(`${b.url}/`, {
        method: "POST",
        headers: authorization ? { Authorization: authorization } : {},
        body: JSON.stringify(["SET", `${k}auth`, "1"]),
      });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: "Unauthorized" });
    }
    const stranger = new Redis({ url: b.url, token: "not-the-token", enableTelemetry: false, enableAutoPipelining: false });
    await expect(stranger.set(`${k}auth`, "1")).rejects.toThrow(/Unauthorized/);
    expect(await redis("EXISTS", `${k}auth`)).toBe(0);
  });

  it("streams a subscription the way @upstash/redis reads it: confirmation first, then every message in order", async () => {
    const channel = `${k}chan`;
    const first = client.subscribe<{ n: number }>(channel);
    const second = client.subscribe<{ n: number }>(channel);
    const got: number[][] = [[], []];
    const confirmed = Promise.all(
      [first, second].map((s) => new Promise<number>((resolve) => s.on("subscribe", (count) => resolve(count as number)))),
    );
    first.on("message", (m) => got[0]!.push(m.message.n));
    second.on("message", (m) => got[1]!.push(m.message.n));
    expect(await confirmed).toEqual([1, 1]);
    // Two SSE clients, one Redis subscription.
    expect(b.bridge.stats()).toMatchObject({ subscribers: 2, channels: 1 });

    const done = new Promise<void>((resolve) =>
      second.on("message", (m) => {
        if (m.message.n === 99) resolve();
      }),
    );
    for (let n = 0; n < 100; n++) await client.publish(channel, { n });
    await done;
    const expected = Array.from({ length: 100 }, (_, n) => n);
    expect(got).toEqual([expected, expected]);

    await first.unsubscribe();
    await second.unsubscribe();
    await expect.poll(() => b.bridge.stats().subscribers).toBe(0);
    expect(b.bridge.stats().channels).toBe(0);
  });

  it("sends SSE bytes: `data: subscribe,…` then `data: message,<channel>,<payload>`", async () => {
    const channel = `${k}raw`;
    const res = await fetch(`${b.url}/subscribe/${channel}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${b.token}`, Accept: "text/event-stream" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const sse = sseMessages(res.body!);
    await sse.count(1);
    expect(sse.data[0]).toBe(`subscribe,${channel},1`);
    await redis("PUBLISH", channel, "a,b,c");
    await sse.count(2);
    expect(sse.data[1]).toBe(`message,${channel},a,b,c`);
    await sse.cancel();
  });

  it("ends every subscription when its Redis connection drops, so clients know to resubscribe", async () => {
    const res = await fetch(`${b.url}/subscribe/${k}drop`, { method: "POST", headers: { Authorization: `Bearer ${b.token}` } });
    const sse = sseMessages(res.body!);
    await sse.count(1);
    expect(await killRedisClients(`${b.clientName}:sub`)).toBe(1);
    expect(await sse.ended).toBe("end");

    // And the next subscription works again, on a new connection.
    const again = client.subscribe<string>(`${k}drop`);
    await new Promise((resolve) => again.on("subscribe", resolve));
    const message = new Promise((resolve) => again.on("message", (m) => resolve(m.message)));
    await client.publish(`${k}drop`, "back");
    expect(await message).toBe("back");
    await again.unsubscribe();
  });
});
