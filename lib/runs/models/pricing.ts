// What a model call costs, in USD. OpenAI's and Anthropic's models are priced from a maintained price list
// (@pydantic/genai-prices: bundled with the package, never fetched), which resolves dated and aliased names
// to their family (`gpt-4o-2024-11-20` → gpt-4o, `claude-3-5-haiku-20241022` → claude-3-5-haiku) and
// prices a snapshot on its own where it differs (`gpt-4o-2024-05-13`), with tiers and cache rates.
// PARLEY_MODEL_PRICES (USD per million tokens) overrides a model by the name a call uses or by its
// family's name, and prices everything the list does not know (compatible servers, local models).
import { calcPrice } from "@pydantic/genai-prices";
import { z } from "zod";
import type { Price } from "./price";

export type { Price } from "./price";
export { round6 } from "./price";

export interface TokenUsage {
  /** Every input token, cached ones included. */
  inputTokens: number;
  outputTokens: number;
  /** Of the input tokens, those read from or written to the provider's prompt cache. */
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
}

export interface ModelPrice {
  /** The name the price was found under: the table's (`openai:gpt-4o`, `demo`) or the list's family. */
  source: string;
  costUsd(usage: TokenUsage): number;
}

/** The demo model's prices are simulated so budgets can be tried out. */
const BUILT_IN: Record<string, Price> = { demo: { input: 1, output: 4 } };

/** Parley's provider prefixes the price list knows, as its provider ids. */
const LISTED_PROVIDERS = new Set(["openai", "anthropic"]);

const overridesSchema = z.record(z.string(), z.object({ input: z.number().nonnegative(), output: z.number().nonnegative() }));

export function priceTable(overridesJson?: string): Record<string, Price> {
  if (!overridesJson) return BUILT_IN;
  const parsed = overridesSchema.safeParse(JSON.parse(overridesJson));
  if (!parsed.success) throw new Error('PARLEY_MODEL_PRICES must be {"<model>": {"input": n, "output": n}}');
  return { ...BUILT_IN, ...parsed.data };
}

function flat(source: string, price: Price): ModelPrice {
  return {
    source,
    // The table has one input rate: cached tokens are charged at it (never less than the provider does).
    costUsd: (u) => (u.inputTokens * price.input + u.outputTokens * price.output) / 1_000_000,
  };
}

function listed(provider: string, name: string, family: string): ModelPrice {
  return {
    source: family,
    costUsd(u) {
      const usage = {
        input_tokens: u.inputTokens,
        output_tokens: u.outputTokens,
        ...(u.cacheReadTokens && { cache_read_tokens: u.cacheReadTokens }),
        ...(u.cacheWriteTokens && { cache_write_tokens: u.cacheWriteTokens }),
      };
      return calcPrice(usage, name, { providerId: provider })?.total_price ?? 0;
    },
  };
}

function resolve(table: Record<string, Price>, model: string): ModelPrice | null {
  const exact = table[model] ?? (model.startsWith("demo") ? table.demo : undefined);
  if (exact) return flat(model, exact);
  const colon = model.indexOf(":");
  const provider = model.slice(0, colon);
  const name = model.slice(colon + 1);
  if (colon < 0 || !LISTED_PROVIDERS.has(provider) || !name) return null;
  const found = calcPrice({ input_tokens: 0, output_tokens: 0 }, name, { providerId: provider });
  if (!found) return null;
  const family = `${provider}:${found.model.id}`;
  const override = table[family];
  return override ? flat(family, override) : listed(provider, name, family);
}

/** Resolutions per table and model name: names come from callers, so the cache is bounded. */
const resolved = new WeakMap<Record<string, Price>, Map<string, ModelPrice | null>>();
const MAX_CACHED = 2000;

/** The price of a model as Parley names it (`openai:gpt-4o-2024-11-20`, `compatible:llama3.1`, `demo`), or null. */
export function priceOf(table: Record<string, Price>, model: string): ModelPrice | null {
  let cache = resolved.get(table);
  if (!cache) {
    cache = new Map();
    resolved.set(table, cache);
  }
  const hit = cache.get(model);
  if (hit !== undefined) return hit;
  const price = resolve(table, model);
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(model, price);
  return price;
}

/** Runs and producers' turns: a model without a price (a local Ollama model, say) counts nothing. */
export function costUsd(table: Record<string, Price>, model: string, inputTokens: number, outputTokens: number): number {
  return priceOf(table, model)?.costUsd({ inputTokens, outputTokens }) ?? 0;
}

/**
 * A model's price as flat rates (USD per million input and output tokens) for views and estimates: its
 * base rates, before tiers and cache discounts; null when it has no price.
 */
export function flatPrice(table: Record<string, Price>, model: string): Price | null {
  const price = priceOf(table, model);
  if (!price) return null;
  return {
    input: price.costUsd({ inputTokens: 1_000_000, outputTokens: 0 }),
    output: price.costUsd({ inputTokens: 0, outputTokens: 1_000_000 }),
  };
}
