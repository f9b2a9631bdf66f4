// A model's price as every view computes with it — the run page, the terminal, the gateway's views and a
// run's budget: flat USD per million input and output tokens. Client-safe: the price list itself
// (lib/runs/models/pricing.ts) stays on the server, which hands views the flat rates they need.

export interface Price {
  input: number;
  output: number;
}

/** A model's flat price in a table of them (demo variants share `demo`'s); null when it has none. */
export function priceIn(table: Readonly<Record<string, Price>>, model: string): Price | null {
  return table[model] ?? (model.startsWith("demo") ? table.demo : undefined) ?? null;
}

/**
 * What a call still streaming has cost so far, estimated: the tokens streamed so far out (and, when known,
 * `promptTokens` in) at the model's price. The provider's figures replace it when the call ends.
 */
export function streamingCostUsd(price: Price | null | undefined, outputTokens: number, promptTokens = 0): number {
  if (!price || outputTokens <= 0) return 0;
  return (promptTokens * price.input + outputTokens * price.output) / 1_000_000;
}

/** Money as events and the database carry it: rounded to a millionth of a dollar. */
export const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
