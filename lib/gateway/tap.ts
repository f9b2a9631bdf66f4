// One call's tap: announces it (started → coalesced text deltas → completed | failed, exactly once) on the
// `gateway` channel and its session's channel, and records it. Everything here only *queues* work — the
// caller's stream calls it inline and never waits for the hub or the database. Independent of both, so
// it is tested with fakes (like the runs engine's RunEnvironment).
import { hubChannel, sessionChannel } from "@/lib/events/envelope";
import type { EventData } from "@/lib/events/schemas";
import type { Price } from "@/lib/runs/models/pricing";
import { GATEWAY_CHANNEL, type GatewayProvider, type GatewayUpstream, type gatewayEventSchemas } from "./events";
import { formatLatency, formatUsd } from "./format";
import type { TapQueue } from "./tap-queue";

type GatewayEventType = keyof typeof gatewayEventSchemas;

export interface CallInfo {
  requestId: string;
  provider: GatewayProvider;
  upstream: GatewayUpstream;
  model: string;
  agent: string;
  keyId: string;
  sessionId: string | null;
  stream: boolean;
  /** The caller's request body, kept only with PARLEY_GATEWAY_RECORD=full. */
  prompt: unknown;
  /** When the gateway received the call (ms since the epoch). */
  startedAt: number;
  /** The model's price (per million tokens), announced so watchers can estimate a call while it streams. */
  price?: Price | null;
}

export interface Completion {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  finishReason: string | null;
  ttfbMs: number | null;
}

export interface StartedRecord {
  id: string;
  keyId: string;
  provider: GatewayProvider;
  upstream: GatewayUpstream;
  model: string;
  agent: string;
  sessionId: string | null;
  stream: boolean;
  prompt: unknown;
  createdAt: Date;
}

/** Why a call failed, where the tap tells more than its status. */
export type FailureReason = "budget_exceeded";

export interface FinishedRecord extends Omit<Completion, "finishReason"> {
  keyId: string;
  status: "completed" | "failed" | FailureReason;
  httpStatus: number;
  finishReason: string | null;
  latencyMs: number;
  error: string | null;
  preview: string;
  completion: string | null;
  finishedAt: Date;
}

/** Where a call's record goes (the database, in lib/gateway/records.ts). Must not block or throw. */
export interface GatewayRecorder {
  started(record: StartedRecord): void;
  finished(id: string, record: FinishedRecord): void;
}

export interface TapEnvironment {
  queue: Pick<TapQueue, "offer">;
  recorder: GatewayRecorder;
  /** Text deltas are coalesced into one event per this many ms (PARLEY_TOKEN_FLUSH_MS). */
  flushMs: number;
  record: "preview" | "full";
  /** A line in the chat of the session a call is attached to, when the call ends. */
  sessionNote(sessionId: string, text: string): void;
  now(): number;
}

export const PREVIEW_CHARS = 280;
const MAX_FULL_CHARS = 1_000_000;
/** A text delta event carries at most this much; more is sent as several. */
const MAX_DELTA_CHARS = 16 * 1024;

export class RequestTap {
  private pendingText = "";
  private timer: ReturnType<typeof setTimeout> | null = null;
  private kept = "";
  private droppedDeltas = 0;
  private ended = false;
  private endListener: ((costUsd: number) => void) | null = null;

  constructor(
    private readonly info: CallInfo,
    private readonly env: TapEnvironment,
  ) {}

  get requestId(): string {
    return this.info.requestId;
  }

  /** Told once, with what the call cost, when it ends however it ends (its budget hold settles there). */
  whenEnded(listener: (costUsd: number) => void): void {
    this.endListener = listener;
  }

  started(): void {
    const { info } = this;
    this.publish("gateway.request_started", {
      request_id: info.requestId,
      provider: info.provider,
      model: info.model,
      agent: info.agent,
      session_id: info.sessionId,
      stream: info.stream,
      upstream: info.upstream,
      started_at: new Date(info.startedAt).toISOString(),
      ...(info.price !== undefined && { price: info.price }),
    });
    this.env.recorder.started({
      id: info.requestId,
      keyId: info.keyId,
      provider: info.provider,
      upstream: info.upstream,
      model: info.model,
      agent: info.agent,
      sessionId: info.sessionId,
      stream: info.stream,
      prompt: this.env.record === "full" ? info.prompt : null,
      createdAt: new Date(info.startedAt),
    });
  }

  /** Text the caller just got. */
  text(delta: string): void {
    if (this.ended || !delta) return;
    const limit = this.env.record === "full" ? MAX_FULL_CHARS : PREVIEW_CHARS;
    if (this.kept.length < limit) this.kept += delta.slice(0, limit - this.kept.length);
    this.pendingText += delta;
    if (this.env.flushMs === 0 || this.pendingText.length >= MAX_DELTA_CHARS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.env.flushMs);
  }

  completed(c: Completion): void {
    if (!this.end()) return;
    const latencyMs = this.latency();
    this.publish("gateway.completed", {
      request_id: this.info.requestId,
      input_tokens: c.inputTokens,
      output_tokens: c.outputTokens,
      cost_usd: c.costUsd,
      latency_ms: latencyMs,
      finish_reason: c.finishReason,
      ...(c.ttfbMs !== null && { ttfb_ms: c.ttfbMs }),
      ...(this.droppedDeltas > 0 && { dropped_deltas: this.droppedDeltas }),
    });
    this.finish({ ...c, status: "completed", httpStatus: 200, latencyMs, error: null });
    this.note(
      `${c.inputTokens + c.outputTokens} tokens · ${formatUsd(c.costUsd)} · ${formatLatency(latencyMs)}${c.finishReason ? ` · ${c.finishReason}` : ""}`,
    );
  }

  failed(status: number, message: string, usage?: Partial<Completion>, reason?: FailureReason): void {
    if (!this.end()) return;
    const latencyMs = this.latency();
    const inputTokens = usage?.inputTokens ?? 0;
    const outputTokens = usage?.outputTokens ?? 0;
    const costUsd = usage?.costUsd ?? 0;
    this.publish("gateway.failed", {
      request_id: this.info.requestId,
      status,
      message,
      latency_ms: latencyMs,
      ...(reason && { reason }),
      ...(costUsd > 0 && { input_tokens: inputTokens, output_tokens: outputTokens, cost_usd: costUsd }),
    });
    this.finish({
      inputTokens,
      outputTokens,
      costUsd,
      ttfbMs: usage?.ttfbMs ?? null,
      finishReason: null,
      status: reason ?? "failed",
      httpStatus: status,
      latencyMs,
      error: message,
    });
    this.note(`failed (${status}): ${message}`);
  }

  /** Flushes what text is waiting and marks the call ended; false when it had already ended. */
  private end(): boolean {
    if (this.ended) return false;
    this.flush();
    this.ended = true;
    return true;
  }

  private latency(): number {
    return Math.max(0, this.env.now() - this.info.startedAt);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (let i = 0; i < this.pendingText.length; i += MAX_DELTA_CHARS) {
      const text = this.pendingText.slice(i, i + MAX_DELTA_CHARS);
      if (!this.publish("gateway.text_delta", { request_id: this.info.requestId, text }, { droppable: true })) {
        this.droppedDeltas++;
      }
    }
    this.pendingText = "";
  }

  private finish(r: Omit<FinishedRecord, "keyId" | "preview" | "completion" | "finishedAt">): void {
    this.env.recorder.finished(this.info.requestId, {
      ...r,
      keyId: this.info.keyId,
      preview: this.kept.slice(0, PREVIEW_CHARS),
      completion: this.env.record === "full" ? this.kept : null,
      finishedAt: new Date(this.env.now()),
    });
    this.endListener?.(r.costUsd);
  }

  private note(outcome: string): void {
    const { sessionId, agent, provider, model } = this.info;
    if (sessionId) this.env.sessionNote(sessionId, `Model call by ${agent} (${provider} · ${model}): ${outcome} — /gateway`);
  }

  private publish<T extends GatewayEventType>(type: T, data: EventData<T>, options = { droppable: false }): boolean {
    const channels = [hubChannel(GATEWAY_CHANNEL), ...(this.info.sessionId ? [sessionChannel(this.info.sessionId)] : [])];
    let offered = true;
    for (const channel of channels) offered = this.env.queue.offer(channel, { type, data }, options) && offered;
    return offered;
  }
}
