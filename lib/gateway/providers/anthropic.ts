// Anthropic messages (https://docs.anthropic.com/en/api/messages), as the gateway reads, forwards and
// observes them. Streams pass through untouched: message_start carries the input tokens, message_delta
// the output tokens and the stop reason, message_stop ends it.
import { z } from "zod";
import type { GatewayFailure } from "../errors";
import { outputOf } from "./output";
import type { AnswerSummary, ParsedCall, ProviderAdapter, StreamObserver, StreamProgress } from "./types";

/** The API version sent upstream when the caller names none. */
export const DEFAULT_ANTHROPIC_VERSION = "2023-06-01";

const requestSchema = z.looseObject({
  model: z.string().min(1, "model is required"),
  max_tokens: z.number().int().positive("max_tokens must be a positive integer"),
  messages: z.array(z.unknown()).min(1, "messages must not be empty"),
  stream: z.boolean().nullish(),
});

const blocksSchema = z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))]);
const messageSchema = z.looseObject({ role: z.string(), content: blocksSchema });

const usageSchema = z.looseObject({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  cache_creation_input_tokens: z.number().nullish(),
  cache_read_input_tokens: z.number().nullish(),
});
const eventSchema = z.looseObject({
  type: z.string(),
  message: z.looseObject({ usage: usageSchema.nullish() }).nullish(),
  delta: z
    .looseObject({
      type: z.string().optional(),
      text: z.string().optional(),
      partial_json: z.string().optional(),
      thinking: z.string().optional(),
      stop_reason: z.string().nullish(),
    })
    .nullish(),
  usage: usageSchema.nullish(),
  error: z.looseObject({ type: z.string().optional(), message: z.string().optional() }).nullish(),
});
const answerSchema = z.looseObject({
  type: z.literal("message"),
  content: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })),
  stop_reason: z.string().nullish(),
  usage: usageSchema,
});
const errorSchema = z.looseObject({ type: z.literal("error"), error: z.looseObject({ message: z.string() }) });

function textOf(content: z.infer<typeof blocksSchema>): string {
  return typeof content === "string" ? content : content.map((b) => b.text ?? "").join(" ");
}

function lastUserText(messages: unknown[]): string {
  for (const raw of [...messages].reverse()) {
    const message = messageSchema.safeParse(raw);
    if (message.success && message.data.role === "user") return textOf(message.data.content);
  }
  return "";
}

type Usage = z.infer<typeof usageSchema>;

/**
 * Anthropic's input_tokens leaves out what the prompt cache read or wrote: those are input too (and
 * charged, writes above the plain rate), so the gateway's input tokens are the sum.
 */
function inputOf(usage: Usage): Pick<AnswerSummary, "inputTokens" | "cacheReadTokens" | "cacheWriteTokens"> {
  const read = usage.cache_read_input_tokens ?? 0;
  const write = usage.cache_creation_input_tokens ?? 0;
  return {
    inputTokens: (usage.input_tokens ?? 0) + read + write,
    ...(read > 0 && { cacheReadTokens: read }),
    ...(write > 0 && { cacheWriteTokens: write }),
  };
}

/** Anthropic reports overload as 529 and most others by type; an error event mid-stream has no status. */
const STATUS_OF_TYPE: Record<string, number> = { overloaded_error: 529, rate_limit_error: 429, api_error: 500 };

class EventObserver implements StreamObserver {
  private usage: AnswerSummary = { inputTokens: 0, outputTokens: 0, finishReason: null };
  private readonly seen: StreamProgress = { outputChunks: 0, outputBytes: 0, inputTokens: null };
  private done = false;

  onMessage(event: string | undefined, data: string) {
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return {};
    }
    const parsed = eventSchema.safeParse(json);
    if (!parsed.success) return {};
    const e = parsed.data;
    switch (event ?? e.type) {
      case "message_start": {
        const usage = e.message?.usage ?? {};
        Object.assign(this.usage, inputOf(usage), { outputTokens: usage.output_tokens ?? 0 });
        this.seen.inputTokens = this.usage.inputTokens;
        return {};
      }
      case "content_block_delta":
        outputOf(this.seen, [e.delta?.text, e.delta?.partial_json, e.delta?.thinking]);
        return e.delta?.type === "text_delta" && e.delta.text ? { text: e.delta.text } : {};
      case "message_delta":
        this.usage.outputTokens = e.usage?.output_tokens ?? this.usage.outputTokens;
        // Newer streams repeat the input here; a message_delta without it keeps message_start's.
        if (e.usage?.input_tokens != null) Object.assign(this.usage, inputOf(e.usage));
        this.usage.finishReason = e.delta?.stop_reason ?? this.usage.finishReason;
        return {};
      case "message_stop":
        this.done = true;
        return {};
      case "error":
        return {
          error: { status: STATUS_OF_TYPE[e.error?.type ?? ""] ?? 502, message: e.error?.message ?? "The upstream failed" },
        };
      default:
        return {};
    }
  }

  summary(): AnswerSummary {
    return { ...this.usage };
  }

  progress(): StreamProgress {
    return { ...this.seen };
  }

  complete(): boolean {
    return this.done;
  }
}

function errorType(failure: GatewayFailure): string {
  switch (failure.status) {
    case 400:
      return "invalid_request_error";
    case 401:
      return "authentication_error";
    case 403:
      return "permission_error";
    case 404:
      return "not_found_error";
    case 413:
      return "request_too_large";
    case 429:
      return "rate_limit_error";
    case 504:
      return "timeout_error";
    case 529:
      return "overloaded_error";
    default:
      return "api_error";
  }
}

function errorBody(failure: GatewayFailure) {
  return { type: "error", error: { type: errorType(failure), message: failure.message } };
}

function parse(body: unknown): ParsedCall {
  const request = requestSchema.parse(body);
  return {
    model: request.model,
    stream: request.stream === true,
    upstreamBody: request,
    lastUserText: lastUserText(request.messages),
    maxOutputTokens: request.max_tokens,
    rewrite: null,
  };
}

export const anthropicAdapter: ProviderAdapter = {
  name: "anthropic",
  parse,
  upstreamRequest(call, target, forwarded) {
    return {
      url: `${target.baseUrl.replace(/\/+$/, "")}/v1/messages`,
      headers: {
        "Content-Type": "application/json",
        Accept: call.stream ? "text/event-stream" : "application/json",
        "anthropic-version": forwarded["anthropic-version"] ?? DEFAULT_ANTHROPIC_VERSION,
        ...(forwarded["anthropic-beta"] && { "anthropic-beta": forwarded["anthropic-beta"] }),
        ...(target.apiKey && { "x-api-key": target.apiKey }),
      },
      body: JSON.stringify(call.upstreamBody),
    };
  },
  // max_tokens is required of every caller.
  withOutputCap: (call) => call,
  observer: () => new EventObserver(),
  readAnswer(json) {
    const answer = answerSchema.safeParse(json);
    if (!answer.success) return null;
    return {
      text: answer.data.content.map((b) => (b.type === "text" ? (b.text ?? "") : "")).join(""),
      ...inputOf(answer.data.usage),
      outputTokens: answer.data.usage.output_tokens ?? 0,
      finishReason: answer.data.stop_reason ?? null,
    };
  },
  errorMessage: (json) => errorSchema.safeParse(json).data?.error.message ?? null,
  errorBody,
  streamErrorFrame: (failure) => `event: error\ndata: ${JSON.stringify(errorBody(failure))}\n\n`,
};
