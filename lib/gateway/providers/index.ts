// The providers the gateway speaks, by name.
import type { GatewayProvider } from "../events";
import { anthropicAdapter } from "./anthropic";
import { openaiAdapter } from "./openai";
import type { ProviderAdapter } from "./types";

export const ADAPTERS: Record<GatewayProvider, ProviderAdapter> = { openai: openaiAdapter, anthropic: anthropicAdapter };
