// One model call of a turn, streamed through the AI SDK: the text into the turn and its token batcher,
// the idle timer re-armed on every delta, stopped the moment the turn is aborted.
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { streamText } from "ai";
import { modelCallTelemetry } from "@/lib/telemetry/run-trace";
import type { RunSpec } from "./environment";
import { cancelledStop } from "./run-stop";
import type { TurnRecord, TurnSpec } from "./turn-record";
import { type IdleTimer, type TokenBatcher, untilAborted } from "./turn-stream";

export interface ModelCall {
  signal: AbortSignal;
  idle: IdleTimer;
  tokens: TokenBatcher;
  /** After each delta (the budget check). */
  onText: () => Promise<void>;
}

/** Streams the model's answer into `turn.text` and token events; resolves to the provider's usage. */
export async function streamModel(
  model: LanguageModelV3,
  run: Pick<RunSpec, "task" | "config">,
  turn: TurnRecord,
  spec: TurnSpec,
  call: ModelCall,
): Promise<{ inputTokens?: number; outputTokens?: number }> {
  const result = streamText({
    model,
    system: spec.system,
    prompt: spec.prompt,
    abortSignal: call.signal,
    maxRetries: 1,
    experimental_telemetry: modelCallTelemetry(spec.agent),
    providerOptions: {
      parley: {
        ...spec.brief,
        notes: spec.notes?.map((n) => ({ author: n.displayName, content: n.content })),
        instruction: spec.instruction,
        agent: spec.agent,
        role: spec.role,
        round: spec.round,
        task: run.task,
        seed: run.config.seed,
      },
    },
  });
  for await (const part of untilAborted(result.fullStream, call.signal)) {
    if (part.type === "text-delta") {
      call.idle.arm();
      turn.text += part.text;
      call.tokens.add(part.text);
      await call.onText();
    } else if (part.type === "error") {
      throw part.error;
    } else if (part.type === "abort") {
      throw call.signal.reason ?? cancelledStop("The turn was cancelled");
    }
  }
  call.tokens.flush();
  return result.totalUsage;
}
