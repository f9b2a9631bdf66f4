import "server-only";
// Which model an agent talks to: a provider of the Vercel AI SDK chosen by env, or the demo model.
import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createDemoModel } from "./demo-model";

/** The providers agents can use besides the demo model, in order of preference, each with its default model. */
const PROVIDERS = [
  {
    name: "openai",
    setting: "OPENAI_API_KEY",
    configured: () => Boolean(env.OPENAI_API_KEY),
    defaultModel: "openai:gpt-4o-mini",
  },
  {
    name: "anthropic",
    setting: "ANTHROPIC_API_KEY",
    configured: () => Boolean(env.ANTHROPIC_API_KEY),
    defaultModel: "anthropic:claude-3-5-haiku-latest",
  },
  {
    name: "compatible",
    setting: "OPENAI_COMPATIBLE_BASE_URL",
    configured: () => Boolean(env.OPENAI_COMPATIBLE_BASE_URL),
    defaultModel: "compatible:default",
  },
] as const;

/** The default model of each configured provider (a race between providers uses them all). */
export function configuredModels(): string[] {
  return PROVIDERS.filter((p) => p.configured()).map((p) => p.defaultModel);
}

/** The model agents use when a run names none: env's choice, else the first configured provider, else demo. */
export function defaultModelId(): string {
  return env.PARLEY_DEFAULT_MODEL || (configuredModels()[0] ?? "demo");
}

/** Refuses, before a run starts, a model whose provider is not configured. */
export function assertModelAvailable(modelId: string): void {
  const [name] = modelId.split(":");
  const missing = PROVIDERS.find((p) => p.name === name && !p.configured())?.setting;
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
