// One contract for every provider the gateway speaks (like the hub's contract suite): the provider's
// official client, pointed at the gateway's call path in process (no server), against a local upstream in
// that provider's wire format. The answer equals the upstream's; the tap tells started → text → completed
// with the upstream's usage, exactly once; failures reach the client and end as failed; a hub that never
// accepts anything does not slow the client; a key's budget refuses what it cannot pay and ends a stream
// that outgrows it with the provider's own error event, which the client raises.
import { describe, expect, it } from "vitest";
import type { EventInput } from "@/lib/events/envelope";
import { callModel, type GatewayDeps } from "@/lib/gateway/call";
import type { GatewayProvider } from "@/lib/gateway/events";
import { MemoryLedger } from "@/lib/gateway/ledger";
import type { FinishedRecord, GatewayRecorder } from "@/lib/gateway/tap";
import { TapQueue } from "@/lib/gateway/tap-queue";
import type { Upstream } from "@/lib/gateway/upstream";
import { providerErrorResponse } from "@/lib/http/gateway";
import type { FakeUpstream } from "./fake-upstreams";

export interface Tapped {
  channel: string;
  event: EventInput;
}

export interface Harness {
  /** A fetch that serves the gateway's call path in process, for an SDK's `fetch` option. */
  fetch: typeof fetch;
  /** Every event the tap handed to the hub, in order. */
  published: Tapped[];
  finished: FinishedRecord[];
  queue: TapQueue;
  ledger: MemoryLedger;
}

export interface HarnessOptions {
  hub?: (events: EventInput[]) => Promise<unknown>;
  tapBytes?: number;
  /** The key's daily budget (none by default). */
  budgetUsd?: number;
  defaultMaxTokens?: number;
}

/** The gateway's call path with fakes for the hub, the database and the limits. */
export function harness(provider: GatewayProvider, upstream: Upstream, options: HarnessOptions = {}): Harness {
  const published: Tapped[] = [];
  const finished: FinishedRecord[] = [];
  const hub = options.hub ?? (async () => undefined);
  const queue = new TapQueue(
    async (channel, events) => {
      await hub(events);
      published.push(...events.map((event) => ({ channel, event })));
    },
    options.tapBytes ?? 4 * 1024 * 1024,
  );
  const recorder: GatewayRecorder = { started: () => {}, finished: (_id, r) => finished.push(r) };
  const ledger = new MemoryLedger({ spentBefore: async () => 0, holdTtlMs: 60_000 });
  const deps: GatewayDeps = {
    tap: { queue, recorder, flushMs: 5, record: "preview", sessionNote: () => {}, now: Date.now },
    prices: {
      "openai:gpt-4o-mini": { input: 0.15, output: 0.6 },
      "anthropic:claude-3-5-haiku-latest": { input: 0.8, output: 4 },
    },
    admit: async () => {},
    budgetOf: () => options.budgetUsd ?? null,
    ledger,
    defaultMaxTokens: options.defaultMaxTokens ?? 4096,
    holdRenewMs: 60_000,
    assertSession: async () => {},
    upstreamFor: () => upstream,
    idleTimeoutMs: 5000,
    demoTokenMs: 1,
  };
  const principal = {
    keyId: "key_contract",
    name: "contract",
    scopes: ["gateway"],
    gateway: { budgetUsd: null, requestsPerMinute: null },
    userId: null,
  };
  const gatewayFetch = async (_url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const headers = new Headers(init?.headers);
    try {
      const reply = await callModel(
        {
          provider,
          principal,
          agent: headers.get("x-parley-agent"),
          sessionId: null,
          body: JSON.parse(String(init?.body ?? "{}")),
          forwarded: { "anthropic-version": headers.get("anthropic-version") ?? "2023-06-01" },
          signal: init?.signal ?? new AbortController().signal,
        },
        deps,
      );
      return new Response(reply.body, { status: reply.status, headers: reply.headers });
    } catch (error) {
      return providerErrorResponse(provider, error);
    }
  };
  return { fetch: gatewayFetch as typeof fetch, published, finished, queue, ledger };
}

/** What the contract needs to drive one provider's official client. */
export interface ProviderClient {
  /** The streamed text, or the error the client raised part-way (with what it had by then). */
  stream(prompt: string): Promise<{ text: string; error: unknown }>;
  /** A whole answer's text and usage. */
  answer(prompt: string): Promise<{ text: string; inputTokens: number; outputTokens: number }>;
  /** The status of the error the client raised. */
  failStatus(prompt: string): Promise<number>;
  /** Starts a stream and abandons it once the first text arrived. */
  abandon(prompt: string): Promise<void>;
  /** The SDK's own description of an error it raised: its class, status, and the provider's error type or code. */
  describe(error: unknown): { apiError: boolean; status: number | undefined; kind: string | undefined };
}

export interface ProviderCase {
  provider: GatewayProvider;
  upstream(): Promise<FakeUpstream>;
  kind: "openai" | "anthropic";
  /** The official client with its fetch pointed at `fetch` (or at the upstream when absent). */
  client(fake: FakeUpstream, through?: typeof globalThis.fetch): ProviderClient;
}

const types = (h: Harness) => h.published.filter((p) => p.channel === "ch:gateway").map((p) => p.event.type);
const deltas = (h: Harness) =>
  h.published
    .filter((p) => p.event.type === "gateway.text_delta")
    .map((p) => (p.event.data as { text: string }).text)
    .join("");
const lastData = (h: Harness) => h.published.at(-1)?.event.data as Record<string, unknown>;

export function providerContract(c: ProviderCase): void {
  const setup = async (options?: HarnessOptions) => {
    const fake = await c.upstream();
    const h = harness(c.provider, { kind: c.kind, baseUrl: fake.baseUrl, apiKey: fake.apiKey }, options);
    return { fake, h, direct: c.client(fake), through: c.client(fake, h.fetch) };
  };

  describe(`the ${c.provider} provider`, () => {
    it("streams what the upstream sends; the tap tells started → text → completed with its usage, once", async () => {
      const { fake, h, direct, through } = await setup();
      const got = await through.stream("Explain idempotency");
      expect(got.error).toBeNull();
      expect(got.text).toBe((await direct.stream("Explain idempotency")).text);
      await h.queue.settled();
      const seen = types(h);
      expect(seen[0]).toBe("gateway.request_started");
      expect(seen.at(-1)).toBe("gateway.completed");
      expect(seen.filter((t) => t === "gateway.completed" || t === "gateway.failed")).toHaveLength(1);
      expect(deltas(h)).toBe(got.text);
      const answer = await direct.answer("Explain idempotency");
      expect(lastData(h)).toMatchObject({ input_tokens: answer.inputTokens, output_tokens: answer.outputTokens });
      expect(h.finished).toMatchObject([{ status: "completed", httpStatus: 200, preview: got.text.slice(0, 280) }]);
      await fake.close();
    });

    it("answers whole calls as the upstream does, and the tap reports their usage", async () => {
      const { fake, h, direct, through } = await setup();
      const got = await through.answer("Name three colours");
      expect(got).toEqual(await direct.answer("Name three colours"));
      await h.queue.settled();
      expect(deltas(h)).toBe(got.text);
      expect(lastData(h)).toMatchObject({ input_tokens: got.inputTokens, output_tokens: got.outputTokens });
      await fake.close();
    });

    it("an upstream error reaches the client with its status and ends the call as failed", async () => {
      const { fake, h, through } = await setup();
      expect(await through.failStatus("FAIL:503")).toBe(503);
      await h.queue.settled();
      expect(types(h)).toEqual(["gateway.request_started", "gateway.failed"]);
      expect(lastData(h)).toMatchObject({ status: 503 });
      await fake.close();
    });

    it("a connection dropped mid-stream is an error the client raises, and a failed call", async () => {
      const { fake, h, through } = await setup();
      const got = await through.stream("DROP:4");
      expect(got.error).toBeInstanceOf(Error);
      expect(String(got.error)).toMatch(/lost mid-stream/);
      await h.queue.settled();
      expect(lastData(h)).toMatchObject({ status: 502 });
      expect(deltas(h)).toBe(got.text);
      await fake.close();
    });

    it("a client that goes away mid-stream ends the call as failed (499) and no more is read upstream", async () => {
      const { fake, h, through } = await setup();
      const before = fake.abandoned();
      await through.abandon("SLOW:40");
      await expect.poll(() => fake.abandoned(), { timeout: 3000 }).toBe(before + 1);
      await expect.poll(() => h.finished.map((f) => [f.status, f.httpStatus]), { timeout: 3000 }).toEqual([["failed", 499]]);
      await h.queue.settled();
      expect(lastData(h)).toMatchObject({ status: 499, message: "The caller closed the connection" });
      await fake.close();
    });

    it("a stream that outgrows its key's budget ends there with the provider's error event: the client raises it", async () => {
      // The upstream ignores any cap (TOKENS:3000): past it, every byte counts, and the budget runs out.
      const budgetUsd = 0.005;
      const { fake, h, through } = await setup({ budgetUsd, defaultMaxTokens: 200 });
      const got = await through.stream("TOKENS:3000");
      expect(through.describe(got.error)).toEqual({
        apiError: true,
        status: undefined,
        kind: c.kind === "openai" ? "insufficient_quota" : "rate_limit_error",
      });
      expect(String(got.error)).toMatch(/budget of \$0\.00500 ran out during this answer/);
      expect(got.text).toMatch(/^tok0 tok1 /);
      expect(got.text).not.toContain("tok2999");
      await expect.poll(() => fake.abandoned(), { timeout: 3000 }).toBe(1);
      await h.queue.settled();
      expect(lastData(h)).toMatchObject({ status: 429, reason: "budget_exceeded", cost_usd: expect.any(Number) });
      const [record] = h.finished;
      expect(record).toMatchObject({ status: "budget_exceeded", httpStatus: 429 });
      // Charged what it may have cost, which is all the key had left.
      expect(record!.costUsd).toBeCloseTo(budgetUsd, 12);
      // The day is spent: the next call cannot hold its worst case, and says so in the provider's shape.
      expect(await through.failStatus("again")).toBe(429);
      expect(h.finished.at(-1)).toMatchObject({ status: "budget_exceeded", costUsd: 0 });
      await fake.close();
    });

    it("a key's budget holds each call's worst case: concurrent calls past it are refused before reaching the upstream", async () => {
      const budgetUsd = 0.003;
      const { fake, h, through } = await setup({ budgetUsd, defaultMaxTokens: 512 });
      const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => through.failStatus(`call ${i}`)));
      const admitted = statuses.filter((s) => s === 0).length;
      expect(admitted).toBeGreaterThan(0);
      expect(admitted).toBeLessThan(20);
      expect(statuses.filter((s) => s === 429)).toHaveLength(20 - admitted);
      expect(fake.requests).toHaveLength(admitted);
      await h.queue.settled();
      const spent = h.finished.reduce((n, r) => n + r.costUsd, 0);
      expect(spent).toBeLessThanOrEqual(budgetUsd);
      await fake.close();
    });

    it("a hub that never accepts a batch does not slow the client; the tap drops deltas and counts them", async () => {
      const fast = await setup();
      const prompt = "BIG:200x4 SLOW:2";
      const t0 = performance.now();
      const ok = await fast.through.stream(prompt);
      const alone = performance.now() - t0;
      const stuck = await setup({ hub: () => new Promise(() => {}), tapBytes: 64 * 1024 });
      const t1 = performance.now();
      const got = await stuck.through.stream(prompt);
      const withStuckHub = performance.now() - t1;
      expect(got.error).toBeNull();
      expect(got.text).toBe(ok.text);
      expect(stuck.h.queue.counters.dropped_deltas).toBeGreaterThan(0);
      expect(stuck.h.queue.counters.published).toBe(0);
      expect(withStuckHub).toBeLessThan(alone * 1.5 + 200);
      await Promise.all([fast.fake.close(), stuck.fake.close()]);
    });
  });
}
