// OpenAI chat completions (https://platform.openai.com/docs/api-reference/chat), as the gateway reads,
// forwards and observes them. A streaming call always asks the upstream for usage
// (`stream_options.include_usage`) so its cost is exact; a caller that did not ask gets the stream it would
// have got without it (the usage chunk and the `usage: null` fields removed).
import { z } from "zod";
import type { GatewayFailure } from "../errors";
import type { AnswerSummary, ParsedCall, ProviderAdapter, StreamObserver } from "./types";

const requestSchema = z.looseObject({
  model: z.string().min(1, "model is required"),
  messages: z.array(z.unknown()).min(1, "messages must not be empty"),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
});

const contentSchema = z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))]);
const messageSchema = z.looseObject({ role: z.string(), content: contentSchema.nullish() });

const usageSchema = z.looseObject({ prompt_tokens: z.number(), completion_tokens: z.number() });
const chunkSchema = z.looseObject({
  choices: z
    .array(
      z.looseObject({
        delta: z.looseObject({ content: z.string().nullish() }).nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: usageSchema.nullish(),
  error: z.looseObject({ message: z.string().optional() }).nullish(),
});
const completionSchema = z.looseObject({
  choices: z.array(
    z.looseObject({
      message: z.looseObject({ content: z.string().nullish() }).nullish(),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: usageSchema.nullish(),
});
const errorSchema = z.looseObject({ error: z.looseObject({ message: z.string() }) });

function textOf(content: z.infer<typeof contentSchema> | null | undefined): string {
  if (!content) return "";
  if (typeof content === "string") return content;
  return content.map((part) => part.text ?? "").join(" ");
}

function lastUserText(messages: unknown[]): string {
  for (const raw of [...messages].reverse()) {
    const message = messageSchema.safeParse(raw);
    if (message.success && message.data.role === "user") return textOf(message.data.content);
  }
  return "";
}

/** Removes from one chunk what `include_usage` added, for a caller that did not ask for it. */
function stripUsage(data: string): string | null {
  if (data.trim() === "[DONE]") return data;
  let chunk: unknown;
  try {
    chunk = JSON.parse(data);
  } catch {
    return data;
  }
  const parsed = chunkSchema.safeParse(chunk);
  if (!parsed.success || typeof chunk !== "object" || chunk === null || !("usage" in chunk)) return data;
  if (parsed.data.usage && (parsed.data.choices?.length ?? 0) === 0) return null;
  if (parsed.data.usage) return data;
  const { usage: _usage, ...rest } = chunk;
  return JSON.stringify(rest);
}

function parse(body: unknown): ParsedCall {
  const request = requestSchema.parse(body);
  const stream = request.stream === true;
  const callerWantsUsage = request.stream_options?.include_usage === true;
  const upstreamBody = stream ? { ...request, stream_options: { ...request.stream_options, include_usage: true } } : request;
  return {
    model: request.model,
    stream,
    upstreamBody,
    lastUserText: lastUserText(request.messages),
    rewrite: stream && !callerWantsUsage ? stripUsage : null,
  };
}

class ChunkObserver implements StreamObserver {
  private usage: AnswerSummary = { inputTokens: 0, outputTokens: 0, finishReason: null };
  private done = false;

  onMessage(_event: string | undefined, data: string) {
    if (data.trim() === "[DONE]") {
      this.done = true;
      return {};
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return {};
    }
    const chunk = chunkSchema.safeParse(json);
    if (!chunk.success) return {};
    if (chunk.data.error) return { error: { status: 502, message: chunk.data.error.message ?? "The upstream failed" } };
    if (chunk.data.usage) {
      this.usage.inputTokens = chunk.data.usage.prompt_tokens;
      this.usage.outputTokens = chunk.data.usage.completion_tokens;
    }
    let text = "";
    for (const choice of chunk.data.choices ?? []) {
      text += choice.delta?.content ?? "";
      if (choice.finish_reason) this.usage.finishReason = choice.finish_reason;
    }
    return text ? { text } : {};
  }

  summary(): AnswerSummary {
    return { ...this.usage };
  }

  complete(): boolean {
    return this.done || this.usage.finishReason !== null;
  }
}

/** OpenAI's `type` and `code` for each failure; 429s use OpenAI's own values, so apps handle them as usual. */
function errorKind(failure: GatewayFailure): { type: string; code: string | null } {
  switch (failure.code) {
    case "budget_exceeded":
      return { type: "insufficient_quota", code: "insufficient_quota" };
    case "rate_limited":
      return { type: "requests", code: "rate_limit_exceeded" };
    case "unauthorized":
      return { type: "invalid_request_error", code: "invalid_api_key" };
    case "forbidden":
      return { type: "request_forbidden", code: "missing_scope" };
    case "upstream_failed":
    case "upstream_timeout":
    case "internal":
      return { type: "server_error", code: failure.code };
    default:
      return { type: "invalid_request_error", code: failure.code };
  }
}

function errorBody(failure: GatewayFailure) {
  return { error: { message: failure.message, ...errorKind(failure), param: null } };
}

export const openaiAdapter: ProviderAdapter = {
  name: "openai",
  parse,
  upstreamRequest(call, target) {
    return {
      url: `${target.baseUrl.replace(/\/+$/, "")}/chat/completions`,
      headers: {
        "Content-Type": "application/json",
        Accept: call.stream ? "text/event-stream" : "application/json",
        ...(target.apiKey && { Authorization: `Bearer ${target.apiKey}` }),
      },
      body: JSON.stringify(call.upstreamBody),
    };
  },
  observer: () => new ChunkObserver(),
  readAnswer(json) {
    const answer = completionSchema.safeParse(json);
    if (!answer.success) return null;
    const first = answer.data.choices[0];
    return {
      text: answer.data.choices.map((c) => c.message?.content ?? "").join(""),
      inputTokens: answer.data.usage?.prompt_tokens ?? 0,
      outputTokens: answer.data.usage?.completion_tokens ?? 0,
      finishReason: first?.finish_reason ?? null,
    };
  },
  errorMessage: (json) => errorSchema.safeParse(json).data?.error.message ?? null,
  errorBody,
  streamErrorFrame: (failure) => `data: ${JSON.stringify(errorBody(failure))}\n\n`,
};
