import "server-only";
// Which model an agent talks to: a provider of the Vercel AI SDK chosen by env, or the demo model.
import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createDemoModel } from "./demo-model";

/** The model agents use when a run names none: env's choice, else the first configured provider, else demo. */
export function defaultModelId(): string {
  if (env.PARLEY_DEFAULT_MODEL) return env.PARLEY_DEFAULT_MODEL;
  if (env.OPENAI_API_KEY) return "openai:gpt-4o-mini";
  if (env.ANTHROPIC_API_KEY) return "anthropic:claude-3-5-haiku-latest";
  if (env.OPENAI_COMPATIBLE_BASE_URL) return "compatible:default";
  return "demo";
}

export function isDemo(modelId: string): boolean {
  return modelId === "demo" || modelId.startsWith("demo:");
}

/** Refuses, before a run starts, a model whose provider is not configured. */
export function assertModelAvailable(modelId: string): void {
  const [provider] = modelId.split(":");
  const missing =
    (provider === "openai" && !env.OPENAI_API_KEY && "OPENAI_API_KEY") ||
    (provider === "anthropic" && !env.ANTHROPIC_API_KEY && "ANTHROPIC_API_KEY") ||
    (provider === "compatible" && !env.OPENAI_COMPATIBLE_BASE_URL && "OPENAI_COMPATIBLE_BASE_URL");
  if (missing)
    throw new AppError("validation_failed", `Model ${modelId} needs ${missing} to be set on the server`, {
      issues: [{ path: "model", message: `${missing} is not set` }],
    });
}

export function resolveModel(modelId: string): LanguageModelV3 {
  const [provider, ...rest] = modelId.split(":");
  const name = rest.join(":");
  switch (provider) {
    case "demo":
      return createDemoModel(modelId, { tokenMs: env.PARLEY_DEMO_TOKEN_MS });
    case "openai":
      return createOpenAI({ apiKey: env.OPENAI_API_KEY })(name);
    case "anthropic":
      return createAnthropic({ apiKey: env.ANTHROPIC_API_KEY })(name);
    case "compatible":
      return createOpenAICompatible({
        name: "compatible",
        baseURL: env.OPENAI_COMPATIBLE_BASE_URL ?? "",
        apiKey: env.OPENAI_COMPATIBLE_API_KEY,
        includeUsage: true,
      })(name);
    default:
      throw new AppError("validation_failed", `Unknown model provider in ${modelId}`);
  }
}
