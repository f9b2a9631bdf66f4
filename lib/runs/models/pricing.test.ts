import { describe, expect, it } from "vitest";
import { costUsd, priceOf, priceTable } from "./pricing";

const M = 1_000_000;
const usd = (table: ReturnType<typeof priceTable>, model: string, input = M, output = M) =>
  priceOf(table, model)?.costUsd({ inputTokens: input, outputTokens: output }) ?? null;

describe("a model's price", () => {
  const table = priceTable();

  it("resolves dated and aliased names to their family's price", () => {
    expect(priceOf(table, "openai:gpt-4o-2024-11-20")?.source).toBe("openai:gpt-4o");
    expect(usd(table, "openai:gpt-4o-2024-11-20")).toBeCloseTo(2.5 + 10, 9);
    expect(usd(table, "openai:gpt-4o-mini-2024-07-18")).toBeCloseTo(0.15 + 0.6, 9);
    expect(priceOf(table, "anthropic:claude-3-5-haiku-20241022")?.source).toBe("anthropic:claude-3-5-haiku-latest");
    expect(usd(table, "anthropic:claude-opus-4-1-20250805")).toBeCloseTo(15 + 75, 9);
  });

  it("prices a snapshot on its own where the provider does (gpt-4o-2024-05-13 cost more than gpt-4o)", () => {
    expect(usd(table, "openai:gpt-4o-2024-05-13")).toBeCloseTo(5 + 15, 9);
  });

  it("charges a tier's rate past its threshold (Claude Sonnet 4.5 above 200k input tokens)", () => {
    expect(usd(table, "anthropic:claude-sonnet-4-5", 100_000, 0)).toBeCloseTo(0.3, 9);
    expect(usd(table, "anthropic:claude-sonnet-4-5", 300_000, 0)).toBeCloseTo(1.8, 9);
  });

  it("charges cache reads at the cache rate", () => {
    const price = priceOf(table, "openai:gpt-4o")!;
    expect(price.costUsd({ inputTokens: M, outputTokens: 0, cacheReadTokens: M })).toBeCloseTo(1.25, 9);
  });

  it("has none for a model nobody priced, nor for compatible servers' models", () => {
    expect(priceOf(table, "openai:gpt-9-ultra")).toBeNull();
    expect(priceOf(table, "anthropic:claude-99")).toBeNull();
    expect(priceOf(table, "compatible:llama3.1")).toBeNull();
    expect(priceOf(table, "gpt-4o")).toBeNull();
    expect(costUsd(table, "compatible:llama3.1", M, M)).toBe(0);
  });

  it("prices the demo model and its variants at the simulated rates", () => {
    expect(usd(table, "demo")).toBe(5);
    expect(usd(table, "demo:swift")).toBe(5);
  });

  it("takes PARLEY_MODEL_PRICES by the name a call uses, or by its family's name", () => {
    const custom = priceTable(
      JSON.stringify({ "openai:gpt-4o": { input: 1, output: 2 }, "compatible:llama3.1": { input: 0.1, output: 0.2 } }),
    );
    expect(usd(custom, "openai:gpt-4o-2024-11-20")).toBe(3);
    expect(priceOf(custom, "openai:gpt-4o-2024-11-20")?.source).toBe("openai:gpt-4o");
    expect(usd(custom, "compatible:llama3.1")).toBeCloseTo(0.3, 9);
    // The list still prices what the overrides do not name.
    expect(usd(custom, "openai:gpt-4o-mini")).toBeCloseTo(0.75, 9);
    expect(() => priceTable(JSON.stringify({ x: { input: -1, output: 0 } }))).toThrow(/PARLEY_MODEL_PRICES/);
  });
});
