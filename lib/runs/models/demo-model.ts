// The built-in demo model: a real AI SDK language model (LanguageModelV3) that streams role-aware,
// deterministic text token by token with human-like pacing — so Parley works with no API key.
import type { LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { type DemoBrief, demoBriefSchema } from "./demo-brief";
import { demoText, demoTokens, hashSeed, prng } from "./demo-text";

export interface DemoModelOptions {
  /** Mean milliseconds between tokens; variants are faster or slower. */
  tokenMs: number;
}

export function isDemo(modelId: string): boolean {
  return modelId === "demo" || modelId.startsWith("demo:");
}

/** Whether a run is labelled "demo": any of its agents uses the demo model. */
export const usesDemoModel = (agents: readonly { model: string }[]) => agents.some((a) => isDemo(a.model));

const VARIANT_PACE: Record<string, number> = { swift: 0.5, steady: 1, thorough: 1.6 };

/** The brief travels in providerOptions.parley; without it the demo answers the last user message. */
function briefOf(options: LanguageModelV3CallOptions): DemoBrief {
  const given = demoBriefSchema.partial().safeParse(options.providerOptions?.parley).data;
  const lastUser = [...options.prompt].reverse().find((m) => m.role === "user");
  const prompt =
    lastUser && Array.isArray(lastUser.content) ? lastUser.content.map((p) => ("text" in p ? p.text : "")).join(" ") : "";
  return {
    role: given?.role ?? "assistant",
    agent: given?.agent ?? "demo",
    task: given?.task ?? prompt,
    round: given?.round ?? 1,
    seed: given?.seed ?? 1,
    stance: given?.stance,
    respondsTo: given?.respondsTo,
    notes: given?.notes,
    instruction: given?.instruction,
  };
}

const estimateTokens = (text: string) => Math.max(1, Math.round(text.length / 4));

export function createDemoModel(modelId: string, options: DemoModelOptions): LanguageModelV3 {
  const variant = modelId.split(":")[1] ?? "steady";
  const pace = VARIANT_PACE[variant] ?? 1;
  return {
    specificationVersion: "v3",
    provider: "parley-demo",
    modelId,
    supportedUrls: {},
    async doGenerate(callOptions) {
      const text = demoText(briefOf(callOptions));
      const promptText = JSON.stringify(callOptions.prompt);
      return {
        content: [{ type: "text", text }],
        finishReason: { unified: "stop", raw: "stop" },
        usage: usage(estimateTokens(promptText), demoTokens(text).length),
        warnings: [],
      };
    },
    async doStream(callOptions) {
      const brief = briefOf(callOptions);
      const tokens = demoTokens(demoText(brief));
      const inputTokens = estimateTokens(JSON.stringify(callOptions.prompt));
      const stream = pacedStream(
        { modelId, brief, tokens, inputTokens, msPerToken: options.tokenMs * pace },
        callOptions.abortSignal,
      );
      return { stream };
    },
  };
}

/**
 * The answer's tokens as a model's stream parts, one at a time with human-like pacing (seeded by the
 * brief, so a run replays alike); aborting `signal` errors the stream at once.
 */
function pacedStream(
  o: { modelId: string; brief: DemoBrief; tokens: string[]; inputTokens: number; msPerToken: number },
  signal: AbortSignal | undefined,
): ReadableStream<LanguageModelV3StreamPart> {
  const { modelId, brief, tokens, inputTokens } = o;
  const rand = prng(hashSeed(brief.seed, brief.agent, brief.round, "pace"));
  let i = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  return new ReadableStream<LanguageModelV3StreamPart>({
    start(controller) {
      controller.enqueue({ type: "stream-start", warnings: [] });
      controller.enqueue({
        type: "response-metadata",
        id: `demo-${brief.agent}-${brief.round}`,
        modelId,
        timestamp: new Date(0),
      });
      controller.enqueue({ type: "text-start", id: "t" });
      const onAbort = () => {
        if (timer) clearTimeout(timer);
        controller.error(signal?.reason ?? new DOMException("aborted", "AbortError"));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      const next = () => {
        const token = tokens[i++];
        if (token === undefined) {
          signal?.removeEventListener("abort", onAbort);
          controller.enqueue({ type: "text-end", id: "t" });
          controller.enqueue({
            type: "finish",
            finishReason: { unified: "stop", raw: "stop" },
            usage: usage(inputTokens, tokens.length),
          });
          controller.close();
          return;
        }
        controller.enqueue({ type: "text-delta", id: "t", delta: token });
        // Pacing like a model: mostly steady, now and then a pause (a "thought").
        const jitter = rand() < 0.04 ? 6 : 0.4 + rand() * 1.2;
        timer = setTimeout(next, o.msPerToken * jitter);
      };
      next();
    },
    cancel() {
      if (timer) clearTimeout(timer);
    },
  });
}

function usage(input: number, output: number) {
  return {
    inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: output, text: output, reasoning: 0 },
  };
}
