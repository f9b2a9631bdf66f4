import { describe, expect, it } from "vitest";
import type { ModelPrice } from "@/lib/runs/models/pricing";
import { type BudgetScope, CallBudget, IMAGE_URL_TOKENS, inputTokensBound, outputTokensSoFar } from "./call-budget";
import { BudgetExceededError } from "./errors";
import { type BudgetLedger, MemoryLedger } from "./ledger";

/** $1 per million input tokens, $10 per million output tokens. */
const price: ModelPrice = { source: "test", costUsd: (u) => (u.inputTokens * 1 + u.outputTokens * 10) / 1e6 };

describe("a request's input, counted at most", () => {
  it("is one token per byte of its body", () => {
    const body = { model: "m", messages: [{ role: "user", content: "héllo ✓" }] };
    expect(inputTokensBound(body)).toBe(Buffer.byteLength(JSON.stringify(body)));
    expect(inputTokensBound(body)).toBeGreaterThan(JSON.stringify(body).length);
  });

  it("adds an allowance for each image or file sent by reference, not for one sent inline", () => {
    const part = (p: object) => ({ messages: [{ role: "user", content: [p] }] });
    const byUrl = part({ type: "image_url", image_url: { url: "https://x.test/a.png" } });
    const inline = part({ type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } });
    const anthropicUrl = part({ type: "image", source: { type: "url", url: "https://x.test/a.png" } });
    const file = part({ type: "file", file: { file_id: "file-1" } });
    const bytes = (b: unknown) => Buffer.byteLength(JSON.stringify(b));
    expect(inputTokensBound(byUrl)).toBe(bytes(byUrl) + IMAGE_URL_TOKENS);
    expect(inputTokensBound(inline)).toBe(bytes(inline));
    expect(inputTokensBound(anthropicUrl)).toBe(bytes(anthropicUrl) + IMAGE_URL_TOKENS);
    expect(inputTokensBound(file)).toBe(bytes(file) + IMAGE_URL_TOKENS);
  });
});

describe("a stream's output so far, counted at most", () => {
  const progress = (outputChunks: number, outputBytes: number) => ({ outputChunks, outputBytes, inputTokens: null });
  it("is its bytes, but never past its cap while the upstream keeps to it", () => {
    expect(outputTokensSoFar(progress(3, 12), 100)).toBe(12);
    expect(outputTokensSoFar(progress(100, 700), 100)).toBe(100);
  });
  it("is every byte once it has sent more messages than its cap allows (the upstream ignores the cap)", () => {
    expect(outputTokensSoFar(progress(101, 707), 100)).toBe(707);
  });
});

interface Spied extends BudgetLedger {
  raises: number[];
  settled: number[];
}

function spied(ledger: BudgetLedger): Spied {
  const raises: number[] = [];
  const settled: number[] = [];
  return {
    raises,
    settled,
    hold: (r) => ledger.hold(r),
    raise: (r) => {
      raises.push(r.usd);
      return ledger.raise(r);
    },
    settle: (s) => {
      settled.push(s.costUsd);
      return ledger.settle(s);
    },
  };
}

function world(limitUsd: number) {
  const clock = { now: 0 };
  const ledger = spied(new MemoryLedger({ spentBefore: async () => 0, holdTtlMs: 60_000, now: () => clock.now }));
  let n = 0;
  const scope = (): BudgetScope => ({
    ledger,
    keyId: "k",
    day: "2026-12-03",
    callId: `c${++n}`,
    limitUsd,
    renewMs: 1000,
    now: () => clock.now,
  });
  return { clock, ledger, scope };
}

describe("a call's budget", () => {
  it("holds its worst case — input bound and cap at its price — and refuses a call whose worst case does not fit", async () => {
    const w = world(0.003);
    // 1,000 input tokens ($0.001) and 100 output tokens ($0.001): $0.002.
    await CallBudget.open(w.scope(), price, 1000, 100);
    const refused = await CallBudget.open(w.scope(), price, 1000, 100).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BudgetExceededError);
    expect((refused as Error).message).toBe(
      "This API key's daily gateway budget of $0.00300 cannot cover this call: $0.0000 is spent and $0.00200 held by calls running now (today, UTC), and this call may cost up to $0.00200 (its input and its max tokens at its model's price)",
    );
  });

  it("lets a stream within its cap run without asking the ledger again", async () => {
    const w = world(0.002);
    const budget = await CallBudget.open(w.scope(), price, 1000, 100);
    for (let chunks = 1; chunks <= 100; chunks++) {
      expect(budget.check({ outputChunks: chunks, outputBytes: chunks * 6, inputTokens: null })).toBeNull();
    }
    // Anthropic tells the input at the start: fewer tokens than counted leave more room, never less.
    expect(budget.check({ outputChunks: 100, outputBytes: 600, inputTokens: 20 })).toBeNull();
    expect(w.ledger.raises).toEqual([]);
  });

  it("raises the hold for a stream past its cap while the key has money left, then ends it", async () => {
    const w = world(0.0025);
    const budget = await CallBudget.open(w.scope(), price, 1000, 100);
    // 101 messages: past the cap, its 150 bytes count — $0.0025 with the input, which the key still has.
    expect(await budget.check({ outputChunks: 101, outputBytes: 150, inputTokens: null })).toBeNull();
    expect(w.ledger.raises).toHaveLength(1);
    const failure = await budget.check({ outputChunks: 102, outputBytes: 160, inputTokens: null });
    expect(failure).toMatchObject({
      status: 429,
      code: "budget_exceeded",
      message: expect.stringContaining("ran out during this answer"),
    });
    // What it is charged: what it may have cost, but never more than it held (all the key had).
    expect(budget.estimateUsage({ outputChunks: 102, outputBytes: 160, inputTokens: null })).toEqual({
      inputTokens: 1000,
      outputTokens: 160,
      costUsd: 0.0025,
    });
  });

  it("renews its hold while it streams, and settles once", async () => {
    const w = world(1);
    const budget = await CallBudget.open(w.scope(), price, 10, 10);
    w.clock.now += 1500;
    expect(budget.check({ outputChunks: 1, outputBytes: 1, inputTokens: null })).toBeNull();
    expect(w.ledger.raises).toHaveLength(1);
    budget.settle(0.5);
    budget.settle(0.25);
    expect(w.ledger.settled).toEqual([0.5]);
  });
});
