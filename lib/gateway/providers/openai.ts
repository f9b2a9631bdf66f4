// OpenAI chat completions (https://platform.openai.com/docs/api-reference/chat), as the gateway reads,
// forwards and observes them. A streaming call always asks the upstream for usage
// (`stream_options.include_usage`) so its cost is exact; a caller that did not ask gets the stream it would
// have got without it (the usage chunk and the `usage: null` fields removed).
import { z } from "zod";
import type { GatewayFailure } from "../errors";
import { outputOf } from "./output";
import type { AnswerSummary, ParsedCall, ProviderAdapter, StreamObserver, StreamProgress } from "./types";

const requestSchema = z.looseObject({
  model: z.string().min(1, "model is required"),
  messages: z.array(z.unknown()).min(1, "messages must not be empty"),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
});
/** The caller's output cap; anything odd is left for the upstream to refuse (and counts as no cap here). */
const capSchema = z.looseObject({
  max_completion_tokens: z.number().int().positive().nullish().catch(null),
  max_tokens: z.number().int().positive().nullish().catch(null),
  n: z.number().int().positive().nullish().catch(null),
});

const contentSchema = z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))]);
const messageSchema = z.looseObject({ role: z.string(), content: contentSchema.nullish() });

const usageSchema = z.looseObject({
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  prompt_tokens_details: z.looseObject({ cached_tokens: z.number().nullish() }).nullish(),
});
const argumentsSchema = z.looseObject({ arguments: z.string().nullish() }).nullish();
const deltaSchema = z.looseObject({
  content: z.string().nullish(),
  refusal: z.string().nullish(),
  /** What reasoning models of compatible servers stream besides the answer. */
  reasoning_content: z.string().nullish(),
  reasoning: z.string().nullish(),
  tool_calls: z.array(z.looseObject({ function: argumentsSchema })).nullish(),
  function_call: argumentsSchema,
});
const chunkSchema = z.looseObject({
  choices: z.array(z.looseObject({ delta: deltaSchema.nullish(), finish_reason: z.string().nullish() })).nullish(),
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

function summaryOf(usage: z.infer<typeof usageSchema>) {
  const cached = usage.prompt_tokens_details?.cached_tokens ?? 0;
  return {
    inputTokens: usage.prompt_tokens,
    outputTokens: usage.completion_tokens,
    ...(cached > 0 && { cacheReadTokens: cached }),
  };
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
  const cap = capSchema.parse(body);
  const maxTokens = cap.max_completion_tokens ?? cap.max_tokens;
  return {
    model: request.model,
    stream,
    upstreamBody,
    lastUserText: lastUserText(request.messages),
    maxOutputTokens: maxTokens ? maxTokens * (cap.n ?? 1) : null,
    rewrite: stream && !callerWantsUsage ? stripUsage : null,
  };
}

/** OpenAI's own name for the cap (the only one its reasoning models take); compatible servers know max_tokens. */
function withOutputCap(call: ParsedCall, maxTokens: number, upstream: string): ParsedCall {
  const field = upstream === "openai" ? "max_completion_tokens" : "max_tokens";
  const choices = capSchema.parse(call.upstreamBody).n ?? 1;
  return { ...call, upstreamBody: { ...call.upstreamBody, [field]: maxTokens }, maxOutputTokens: maxTokens * choices };
}

type Delta = z.infer<typeof deltaSchema>;
const outputPiecesOf = (d: Delta) => [
  d.content,
  d.refusal,
  d.reasoning_content,
  d.reasoning,
  d.function_call?.arguments,
  ...(d.tool_calls ?? []).map((t) => t.function?.arguments),
];

class ChunkObserver implements StreamObserver {
  private usage: AnswerSummary = { inputTokens: 0, outputTokens: 0, finishReason: null };
  private readonly seen: StreamProgress = { outputChunks: 0, outputBytes: 0, inputTokens: null };
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
      Object.assign(this.usage, summaryOf(chunk.data.usage));
      this.seen.inputTokens = this.usage.inputTokens;
    }
    let text = "";
    for (const choice of chunk.data.choices ?? []) {
      text += choice.delta?.content ?? "";
      if (choice.delta) outputOf(this.seen, outputPiecesOf(choice.delta));
      if (choice.finish_reason) this.usage.finishReason = choice.finish_reason;
    }
    return text ? { text } : {};
  }

  summary(): AnswerSummary {
    return { ...this.usage };
  }

  progress(): StreamProgress {
    return { ...this.seen };
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
    case "unavailable":
      return { type: "server_error", code: "unavailable" };
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
  withOutputCap,
  observer: () => new ChunkObserver(),
  readAnswer(json) {
    const answer = completionSchema.safeParse(json);
    if (!answer.success) return null;
    const first = answer.data.choices[0];
    return {
      text: answer.data.choices.map((c) => c.message?.content ?? "").join(""),
      inputTokens: 0,
      outputTokens: 0,
      ...(answer.data.usage && summaryOf(answer.data.usage)),
      finishReason: first?.finish_reason ?? null,
    };
  },
  errorMessage: (json) => errorSchema.safeParse(json).data?.error.message ?? null,
  errorBody,
  streamErrorFrame: (failure) => `data: ${JSON.stringify(errorBody(failure))}\n\n`,
};
