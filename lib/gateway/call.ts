import "server-only";
// One model call through the gateway: read the caller's request in its provider's format, check the key's
// limits, reach the upstream (or the demo model), and hand the answer back as the upstream sent it —
// streamed through at the caller's pace, or whole — while the tap announces and records the call.
import type { ApiKeyPrincipal } from "@/lib/auth/api-keys";
import { env } from "@/lib/env";
import { sortableId } from "@/lib/ids";
import { readCapped } from "@/lib/read-capped";
import { flatPrice, type ModelPrice, type Price, priceOf } from "@/lib/runs/models/pricing";
import { CallBudget, inputTokensBound } from "./call-budget";
import { demoReply } from "./demo-upstream";
import { failureOf, type GatewayFailure, ModelNotPricedError } from "./errors";
import type { GatewayProvider } from "./events";
import { utcDay } from "./format";
import type { BudgetLedger } from "./ledger";
import { admitCall, limitsOf } from "./limits";
import { type StreamEnd, TappedStream } from "./pipe";
import { ADAPTERS } from "./providers";
import type { AnswerSummary, ForwardedHeaders, ParsedCall, ProviderAdapter, StreamObserver } from "./providers/types";
import { budgetLedger, holdRenewMs, prices, tapEnvironment } from "./runtime";
import { assertSessionExists } from "./session";
import { RequestTap, type TapEnvironment } from "./tap";
import {
  type GatewayReply,
  priceKey,
  sendUpstream,
  type Upstream,
  type UpstreamReply,
  UpstreamUnreachable,
  upstreamFor,
} from "./upstream";

export interface GatewayCall {
  provider: GatewayProvider;
  principal: ApiKeyPrincipal;
  /** `X-Parley-Agent`; null: the key's name. */
  agent: string | null;
  /** `X-Parley-Session`. */
  sessionId: string | null;
  body: unknown;
  forwarded: ForwardedHeaders;
  /** The caller went away. */
  signal: AbortSignal;
}

/** What a call needs from the world; the defaults are the server's, tests pass their own. */
export interface GatewayDeps {
  tap: TapEnvironment;
  prices: Record<string, Price>;
  /** Counts the call against the key's requests per minute, or throws the 429. */
  admit(principal: ApiKeyPrincipal): Promise<void>;
  /** The key's daily budget in USD, or null. */
  budgetOf(principal: ApiKeyPrincipal): number | null;
  ledger: BudgetLedger;
  /** The output cap a call on a key with a budget is given when it names none (PARLEY_GATEWAY_DEFAULT_MAX_TOKENS). */
  defaultMaxTokens: number;
  /** How often a running call renews its budget hold. */
  holdRenewMs: number;
  assertSession(sessionId: string): Promise<void>;
  upstreamFor(provider: GatewayProvider, model: string): Upstream;
  /** The upstream silent this long (before its headers, or between chunks) fails the call. */
  idleTimeoutMs: number;
  demoTokenMs: number;
}

export function serverDeps(): GatewayDeps {
  return {
    tap: tapEnvironment(),
    prices: prices(),
    admit: admitCall,
    budgetOf: (principal) => limitsOf(principal).budgetUsd,
    ledger: budgetLedger(),
    defaultMaxTokens: env.PARLEY_GATEWAY_DEFAULT_MAX_TOKENS,
    holdRenewMs: holdRenewMs(),
    assertSession: assertSessionExists,
    upstreamFor,
    idleTimeoutMs: env.PARLEY_TURN_TIMEOUT_MS,
    demoTokenMs: env.PARLEY_DEMO_TOKEN_MS,
  };
}

/** Everything one call's steps share. */
interface Flow {
  c: GatewayCall;
  deps: GatewayDeps;
  adapter: ProviderAdapter;
  call: ParsedCall;
  upstream: Upstream;
  tap: RequestTap;
  startedAt: number;
  /** Null: nobody priced the model (then the key has no budget). */
  price: ModelPrice | null;
  /** The call's hold on its key's budget, when the key has one. */
  budget: CallBudget | null;
}

/** The caller's answer — or a thrown AppError/ZodError for Parley's own refusals (the edge shapes it). */
export async function callModel(c: GatewayCall, deps: GatewayDeps = serverDeps()): Promise<GatewayReply> {
  const adapter = ADAPTERS[c.provider];
  let call = adapter.parse(c.body);
  if (c.sessionId) await deps.assertSession(c.sessionId);
  const upstream = deps.upstreamFor(c.provider, call.model);
  const price = priceOf(deps.prices, priceKey(upstream.kind, call.model));
  const limitUsd = deps.budgetOf(c.principal);
  if (limitUsd !== null) {
    if (!price) throw new ModelNotPricedError(priceKey(upstream.kind, call.model));
    // A budget needs a worst case, so the upstream is asked to keep one.
    if (call.maxOutputTokens === null) call = adapter.withOutputCap(call, deps.defaultMaxTokens, upstream.kind);
  }
  const startedAt = deps.tap.now();
  const tap = new RequestTap(
    {
      requestId: sortableId("gw"),
      provider: c.provider,
      upstream: upstream.kind,
      model: call.model,
      agent: c.agent ?? c.principal.name,
      keyId: c.principal.keyId,
      sessionId: c.sessionId,
      stream: call.stream,
      prompt: c.body,
      startedAt,
      price: flatPrice(deps.prices, priceKey(upstream.kind, call.model)),
    },
    deps.tap,
  );
  tap.started();
  const flow: Flow = { c, deps, adapter, call, upstream, tap, startedAt, price, budget: null };
  try {
    await deps.admit(c.principal);
    if (limitUsd !== null && price) flow.budget = await holdBudget(flow, price, limitUsd);
    const reply = await reach(flow);
    if ("failure" in reply) return reply.failure;
    if (reply.status >= 400) return await relayError(flow, reply);
    const isStream = reply.headers["content-type"]?.startsWith("text/event-stream") ?? false;
    return isStream ? relayStream(flow, reply) : await relayAnswer(flow, reply);
  } catch (error) {
    // Whatever stopped the call (a limit, a bug), the tap says how it ended; the first ending counts.
    const failure = c.signal.aborted ? CALLER_GONE : failureOf(error);
    tap.failed(failure.status, failure.message, undefined, failure.code === "budget_exceeded" ? "budget_exceeded" : undefined);
    throw error;
  }
}

/** Holds the call's worst case on its key's day (or throws the 429); the hold settles when the tap ends the call. */
async function holdBudget(f: Flow, price: ModelPrice, limitUsd: number): Promise<CallBudget> {
  const scope = {
    ledger: f.deps.ledger,
    keyId: f.c.principal.keyId,
    day: utcDay(f.startedAt),
    callId: f.tap.requestId,
    limitUsd,
    renewMs: f.deps.holdRenewMs,
    now: f.deps.tap.now,
  };
  const budget = await CallBudget.open(
    scope,
    price,
    inputTokensBound(f.c.body),
    f.call.maxOutputTokens ?? f.deps.defaultMaxTokens,
  );
  f.tap.whenEnded((costUsd) => budget.settle(costUsd));
  return budget;
}

const CALLER_GONE: GatewayFailure = { status: 499, code: "bad_request", message: "The caller closed the connection" };

type Reached = UpstreamReply | { failure: GatewayReply };

/** The upstream's (or the demo model's) reply, or the failure reply when it cannot be reached. */
async function reach(f: Flow): Promise<Reached> {
  const { c, deps, call, upstream, tap } = f;
  try {
    if (upstream.kind === "demo") {
      const agent = c.agent ?? c.principal.name;
      return await demoReply({
        provider: c.provider,
        call,
        agent,
        requestId: tap.requestId,
        tokenMs: deps.demoTokenMs,
        signal: c.signal,
      });
    }
    const request = f.adapter.upstreamRequest(call, upstream, c.forwarded);
    return await sendUpstream(request, { signal: c.signal, headersTimeoutMs: deps.idleTimeoutMs });
  } catch (error) {
    if (c.signal.aborted) return { failure: fail(f, CALLER_GONE) };
    if (!(error instanceof UpstreamUnreachable)) throw error;
    const status = error.timedOut ? 504 : 502;
    return {
      failure: fail(f, { status, code: error.timedOut ? "upstream_timeout" : "upstream_failed", message: error.message }),
    };
  }
}

function fail(f: Flow, failure: GatewayFailure): GatewayReply {
  f.tap.failed(failure.status, failure.message);
  return {
    status: failure.status,
    headers: { "content-type": "application/json", "x-parley-request-id": f.tap.requestId },
    body: JSON.stringify(f.adapter.errorBody(failure)),
  };
}

const headersOf = (f: Flow, reply: UpstreamReply) => ({ ...reply.headers, "x-parley-request-id": f.tap.requestId });

/** The upstream's whole body; a connection lost while reading it fails the call with 502. */
async function bodyOf(f: Flow, reply: UpstreamReply, maxBytes: number): Promise<string | GatewayReply> {
  try {
    return reply.body ? (await readCapped(reply.body, maxBytes)).text : "";
  } catch (error) {
    if (f.c.signal.aborted) throw error;
    return fail(f, { status: 502, code: "upstream_failed", message: "The upstream connection was lost before its answer ended" });
  }
}

/**
 * The upstream refusing the server's own key is the server's problem, not the caller's (whose key is a
 * Parley key): it becomes a 502, and the upstream's message — which may quote part of that key — stays here.
 */
function refusedCredentials(f: Flow, reply: UpstreamReply, text: string): GatewayReply {
  console.error(`the ${f.upstream.kind} upstream refused the server's credentials (${reply.status}): ${text.slice(0, 500)}`);
  const message = `The ${f.upstream.kind} upstream refused the server's credentials for it (${reply.status}); the server's log says why`;
  return fail(f, { status: 502, code: "upstream_failed", message });
}

/** An upstream error goes back as it came — status, body, provider shape — and ends the call as failed. */
async function relayError(f: Flow, reply: UpstreamReply): Promise<GatewayReply> {
  const text = await bodyOf(f, reply, 1024 * 1024);
  if (typeof text !== "string") return text;
  if (reply.status === 401 || reply.status === 403) return refusedCredentials(f, reply, text);
  f.tap.failed(reply.status, f.adapter.errorMessage(parseJson(text)) ?? `The upstream answered ${reply.status}`);
  return { status: reply.status, headers: headersOf(f, reply), body: text };
}

async function relayAnswer(f: Flow, reply: UpstreamReply): Promise<GatewayReply> {
  const text = await bodyOf(f, reply, 64 * 1024 * 1024);
  if (typeof text !== "string") return text;
  const answer = f.adapter.readAnswer(parseJson(text));
  if (!answer) f.tap.failed(502, "The upstream's answer is not in the provider's format");
  else {
    f.tap.text(answer.text);
    f.tap.completed({ ...usageOf(f, answer), ttfbMs: null });
  }
  return { status: reply.status, headers: headersOf(f, reply), body: text };
}

function relayStream(f: Flow, reply: UpstreamReply): GatewayReply {
  let ttfbMs: number | null = null;
  const body = reply.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
  const observer = f.adapter.observer();
  const { budget } = f;
  const piped = new TappedStream(body.getReader(), {
    observer,
    rewrite: f.call.rewrite,
    errorFrame: (failure) => f.adapter.streamErrorFrame(failure),
    idleTimeoutMs: f.deps.idleTimeoutMs,
    check: budget ? () => budget.check(observer.progress()) : null,
    signal: f.c.signal,
    onFirstByte: () => {
      ttfbMs = f.deps.tap.now() - f.startedAt;
    },
    onText: (text) => f.tap.text(text),
    onEnd: (end) => streamEnded(f, end, ttfbMs, observer),
  });
  // no-transform: compressing the stream (Next.js would) holds chunks back and costs the callers' CPU.
  const headers = { ...headersOf(f, reply), "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" };
  return { status: reply.status, headers, body: piped.readable };
}

function streamEnded(f: Flow, end: StreamEnd, ttfbMs: number | null, observer: StreamObserver): void {
  let usage = { ...usageOf(f, end.summary), ttfbMs };
  if (end.kind === "completed") {
    f.tap.completed(usage);
    return;
  }
  // A stream that did not finish never told its whole usage: on a key with a budget it is charged what it may have cost.
  const estimate = f.budget?.estimateUsage(observer.progress());
  if (estimate && estimate.costUsd > usage.costUsd) usage = { ...usage, ...estimate, costUsd: round10(estimate.costUsd) };
  if (end.kind === "cancelled") f.tap.failed(499, "The caller closed the connection", usage);
  else f.tap.failed(end.status, end.message, usage, end.budgetExceeded ? "budget_exceeded" : undefined);
}

const round10 = (usd: number) => Math.round(usd * 1e10) / 1e10;

function usageOf(f: Flow, s: AnswerSummary) {
  return {
    inputTokens: s.inputTokens,
    outputTokens: s.outputTokens,
    costUsd: round10(f.price?.costUsd(s) ?? 0),
    finishReason: s.finishReason,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
