// What the gateway needs to know about a provider's wire format: how to read a request, what to send
// upstream, what an answer says (text, usage, finish reason — streamed or whole), and how that provider
// shapes its errors. One interface, two implementations (OpenAI chat completions, Anthropic messages),
// one contract suite (tests/support/gateway-provider-contract.ts). Pure: no I/O.

import type { GatewayFailure } from "../errors";
import type { GatewayProvider, GatewayUpstream } from "../events";

/** A caller's request as the gateway understands it. */
export interface ParsedCall {
  model: string;
  stream: boolean;
  /** The body to send upstream: the caller's, plus what the gateway needs (usage in streams). */
  upstreamBody: Record<string, unknown>;
  /** The text the demo model answers (the last user message). */
  lastUserText: string;
  /** The most output tokens the caller allows (its max_tokens / max_completion_tokens, times its choices), if it says. */
  maxOutputTokens: number | null;
  /**
   * Rewrites one SSE message's data before the caller gets it (null: drop it) — only where the gateway
   * changed the upstream request; otherwise the upstream's bytes pass through untouched.
   */
  rewrite: ((data: string) => string | null) | null;
}

/** Where and how to reach the upstream. */
export interface UpstreamTarget {
  baseUrl: string;
  apiKey: string | null;
}

/** The documented caller headers a provider passes upstream. */
export type ForwardedHeaders = Record<string, string>;

export interface UpstreamRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** What a finished answer said, as far as the tap is concerned. */
export interface AnswerSummary {
  /** Every input token, those read from or written to the prompt cache included. */
  inputTokens: number;
  outputTokens: number;
  finishReason: string | null;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
}

/** How far a stream has got, before the provider tells its usage (at its end, or for Anthropic's input, its start). */
export interface StreamProgress {
  /** Messages that carried output (text, tool arguments, reasoning): each is at least one token. */
  outputChunks: number;
  /** Their UTF-8 bytes: no token is shorter than a byte. */
  outputBytes: number;
  /** The input tokens, once the provider has said. */
  inputTokens: number | null;
}

/** Reads a streaming answer one SSE message at a time. */
export interface StreamObserver {
  /** The text this message adds, and an error when the upstream reported one in the stream. */
  onMessage(event: string | undefined, data: string): { text?: string; error?: { status: number; message: string } };
  summary(): AnswerSummary;
  progress(): StreamProgress;
  /** Whether the provider's end of stream was seen ([DONE] / a finish reason; message_stop). */
  complete(): boolean;
}

export interface ProviderAdapter {
  name: GatewayProvider;
  /** The caller's body — or a ZodError (answered 400 in this provider's shape). */
  parse(body: unknown): ParsedCall;
  upstreamRequest(call: ParsedCall, target: UpstreamTarget, forwarded: ForwardedHeaders): UpstreamRequest;
  /** The call with an output cap the upstream is asked to keep (the caller set none); `compatible`: servers that know only max_tokens. */
  withOutputCap(call: ParsedCall, maxTokens: number, upstream: GatewayUpstream): ParsedCall;
  observer(): StreamObserver;
  /** A whole (non-streaming) answer: its text and summary, or null when it is not this provider's shape. */
  readAnswer(json: unknown): (AnswerSummary & { text: string }) | null;
  /** The message of an error body in this provider's shape, if it is one. */
  errorMessage(json: unknown): string | null;
  errorBody(failure: GatewayFailure): unknown;
  /** An error in the middle of a stream, as this provider sends it (the SDKs raise it). */
  streamErrorFrame(failure: GatewayFailure): string;
}
