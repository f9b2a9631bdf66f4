// What a model call costs: USD per million input and output tokens, overridable with PARLEY_MODEL_PRICES.
import { z } from "zod";

export interface Price {
  input: number;
  output: number;
}

/** List prices at the time of writing; the demo model's are simulated so budgets can be tried out. */
const BUILT_IN: Record<string, Price> = {
  demo: { input: 1, output: 4 },
  "openai:gpt-4o": { input: 2.5, output: 10 },
  "openai:gpt-4o-mini": { input: 0.15, output: 0.6 },
  "openai:gpt-4.1": { input: 2, output: 8 },
  "openai:gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "openai:o4-mini": { input: 1.1, output: 4.4 },
  "anthropic:claude-3-5-haiku-latest": { input: 0.8, output: 4 },
  "anthropic:claude-sonnet-4-5": { input: 3, output: 15 },
  "anthropic:claude-opus-4-1": { input: 15, output: 75 },
};

const overridesSchema = z.record(z.string(), z.object({ input: z.number().nonnegative(), output: z.number().nonnegative() }));

export function priceTable(overridesJson?: string): Record<string, Price> {
  if (!overridesJson) return BUILT_IN;
  const parsed = overridesSchema.safeParse(JSON.parse(overridesJson));
  if (!parsed.success) throw new Error('PARLEY_MODEL_PRICES must be {"<model>": {"input": n, "output": n}}');
  return { ...BUILT_IN, ...parsed.data };
}

/** A model's price in the table; null for unknown models (a local Ollama model, say): they cost nothing. */
export function priceOf(table: Record<string, Price>, model: string): Price | null {
  return table[model] ?? (model.startsWith("demo") ? table.demo : undefined) ?? null;
}

export function costUsd(table: Record<string, Price>, model: string, inputTokens: number, outputTokens: number): number {
  const price = priceOf(table, model);
  if (!price) return 0;
  return (inputTokens * price.input + outputTokens * price.output) / 1_000_000;
}

/**
 * What a call still streaming has cost so far, estimated: the tokens streamed so far out (and, when
 * known, `promptTokens` in) at the model's price. The provider's figures replace it when the call ends.
 * One rule for the run's budget, the run page, the terminal and the gateway's views.
 */
export function streamingCostUsd(table: Record<string, Price>, model: string, outputTokens: number, promptTokens = 0): number {
  return outputTokens > 0 ? costUsd(table, model, promptTokens, outputTokens) : 0;
}

/** Money as events and the database carry it: rounded to a millionth of a dollar. */
export const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
