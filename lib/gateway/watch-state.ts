// What a watcher of the gateway (the /gateway page, `parley gateway`) builds from a snapshot and the
// `gateway` channel: the calls with their text as it arrives, and the last hour's totals per agent and
// per model. Pure and idempotent: an event at or before the last cursor applied changes nothing.
import { compareCursors, isCursor } from "@/lib/events/cursor";
import type { Envelope } from "@/lib/events/envelope";
import { asBuiltinEvent, type EventOf } from "@/lib/events/schemas";
import { streamingCostUsd } from "@/lib/runs/models/price";
import { estimateTokens } from "@/lib/runs/text";
import type { GatewayCallView, GatewaySnapshot, TotalsRow } from "./views";

export interface GatewayWatch {
  /** By request id, in the order they started. */
  calls: Map<string, GatewayCallView>;
  /** Calls the snapshot's totals already include. */
  counted: ReadonlySet<string>;
  base: { by_agent: TotalsRow[]; by_model: TotalsRow[] };
  windowS: number;
  cursor: string | null;
  /** The stream asked for a fresh snapshot (its history is gone). */
  resets: number;
}

/** Calls kept, at most (the oldest finished ones go first). */
const MAX_CALLS = 200;
/** Text kept per call: its tail. */
const MAX_TEXT = 20_000;

export function emptyWatch(): GatewayWatch {
  return { calls: new Map(), counted: new Set(), base: { by_agent: [], by_model: [] }, windowS: 3600, cursor: null, resets: 0 };
}

export function watchFromSnapshot(s: GatewaySnapshot, previous?: GatewayWatch): GatewayWatch {
  const calls = new Map([...s.requests].reverse().map((r) => [r.request_id, r]));
  for (const [id, live] of previous?.calls ?? []) calls.set(id, newer(calls.get(id), live));
  const byStart = [...calls].sort(([, a], [, b]) => a.started_at.localeCompare(b.started_at));
  return {
    calls: trim(new Map(byStart)),
    counted: new Set(s.requests.filter((r) => r.status !== "streaming").map((r) => r.request_id)),
    base: { by_agent: s.totals.by_agent, by_model: s.totals.by_model },
    windowS: s.totals.window_s,
    cursor: previous?.cursor ?? s.last_event_id,
    resets: previous?.resets ?? 0,
  };
}

/** The stream's view of a call unless the snapshot's is further along; the longer text either way. */
function newer(stored: GatewayCallView | undefined, live: GatewayCallView): GatewayCallView {
  if (!stored) return live;
  const base = stored.status !== "streaming" && live.status === "streaming" ? stored : live;
  return { ...base, text: live.text.length > stored.text.length ? live.text : stored.text };
}

function started(state: GatewayWatch, e: EventOf<"gateway.request_started">): Map<string, GatewayCallView> | null {
  const d = e.data;
  if (state.calls.has(d.request_id)) return null;
  const call: GatewayCallView = {
    request_id: d.request_id,
    provider: d.provider,
    upstream: d.upstream ?? "demo",
    model: d.model,
    agent: d.agent,
    session_id: d.session_id ?? null,
    stream: d.stream ?? true,
    status: "streaming",
    http_status: null,
    finish_reason: null,
    input_tokens: 0,
    output_tokens: 0,
    cost_usd: 0,
    ttfb_ms: null,
    latency_ms: null,
    error: null,
    text: "",
    started_at: d.started_at ?? e.ts,
    price: d.price ?? null,
  };
  return trim(new Map(state.calls).set(d.request_id, call));
}

function patch(state: GatewayWatch, id: string, change: (c: GatewayCallView) => GatewayCallView | null) {
  const call = state.calls.get(id);
  const next = call && change(call);
  return next ? new Map(state.calls).set(id, next) : null;
}

function calls(state: GatewayWatch, envelope: Envelope): Map<string, GatewayCallView> | null {
  const e = asBuiltinEvent(envelope);
  switch (e?.type) {
    case "gateway.request_started":
      return started(state, e);
    case "gateway.text_delta":
      return patch(state, e.data.request_id, (c) =>
        c.status === "streaming" ? { ...c, text: (c.text + e.data.text).slice(-MAX_TEXT) } : null,
      );
    case "gateway.completed": {
      const d = e.data;
      return patch(state, d.request_id, (c) =>
        c.status !== "streaming"
          ? null
          : {
              ...c,
              status: "completed",
              http_status: 200,
              finish_reason: d.finish_reason,
              input_tokens: d.input_tokens,
              output_tokens: d.output_tokens,
              cost_usd: d.cost_usd,
              latency_ms: d.latency_ms,
              ttfb_ms: d.ttfb_ms ?? null,
            },
      );
    }
    case "gateway.failed": {
      const d = e.data;
      return patch(state, d.request_id, (c) =>
        c.status !== "streaming"
          ? null
          : {
              ...c,
              status: d.reason ?? "failed",
              http_status: d.status,
              error: d.message,
              latency_ms: d.latency_ms ?? null,
              input_tokens: d.input_tokens ?? c.input_tokens,
              output_tokens: d.output_tokens ?? c.output_tokens,
              cost_usd: d.cost_usd ?? c.cost_usd,
            },
      );
    }
    default:
      return null;
  }
}

export function applyGatewayEvent(state: GatewayWatch, envelope: Envelope): GatewayWatch {
  if (envelope.type === "stream.reset") return { ...state, cursor: envelope.id, resets: state.resets + 1 };
  if (!isCursor(envelope.id) || (state.cursor && compareCursors(envelope.id, state.cursor) <= 0)) return state;
  const next = calls(state, envelope);
  return next ? { ...state, calls: next, cursor: envelope.id } : { ...state, cursor: envelope.id };
}

function trim(calls: Map<string, GatewayCallView>): Map<string, GatewayCallView> {
  if (calls.size <= MAX_CALLS) return calls;
  const out = new Map(calls);
  for (const [id, call] of calls) {
    if (out.size <= MAX_CALLS) break;
    if (call.status !== "streaming") out.delete(id);
  }
  return out;
}

/**
 * A call's tokens out and cost: as reported once it ended; while it streams, its text so far at the
 * model's announced price (lib/runs/pricing.ts) — an estimate, its input still unknown.
 */
export function callUsage(c: GatewayCallView): { output_tokens: number; cost_usd: number; estimated: boolean } {
  if (c.status !== "streaming") return { output_tokens: c.output_tokens, cost_usd: c.cost_usd, estimated: false };
  const output = estimateTokens(c.text);
  const cost = streamingCostUsd(c.price, output);
  return { output_tokens: output, cost_usd: cost, estimated: true };
}

/** Calls still streaming, newest first. */
export const activeCalls = (s: GatewayWatch) => [...s.calls.values()].filter((c) => c.status === "streaming").reverse();

/** The latest calls, newest first. */
export const recentCalls = (s: GatewayWatch, limit = 50) => [...s.calls.values()].reverse().slice(0, limit);

function addTo(rows: TotalsRow[], name: string, c: GatewayCallView): TotalsRow[] {
  const found = rows.find((r) => r.name === name);
  const add = (r: TotalsRow): TotalsRow => ({
    name: r.name,
    requests: r.requests + 1,
    input_tokens: r.input_tokens + c.input_tokens,
    output_tokens: r.output_tokens + c.output_tokens,
    cost_usd: r.cost_usd + c.cost_usd,
  });
  const empty = { name, requests: 0, input_tokens: 0, output_tokens: 0, cost_usd: 0 };
  return found ? rows.map((r) => (r === found ? add(r) : r)) : [...rows, add(empty)];
}

/** The snapshot's totals plus every call that finished since, most expensive first. */
export function totals(s: GatewayWatch): { by_agent: TotalsRow[]; by_model: TotalsRow[] } {
  let byAgent = s.base.by_agent;
  let byModel = s.base.by_model;
  for (const c of s.calls.values()) {
    if (c.status === "streaming" || s.counted.has(c.request_id)) continue;
    byAgent = addTo(byAgent, c.agent, c);
    byModel = addTo(byModel, c.model, c);
  }
  const order = (a: TotalsRow, b: TotalsRow) => b.cost_usd - a.cost_usd || b.requests - a.requests;
  return { by_agent: [...byAgent].sort(order), by_model: [...byModel].sort(order) };
}
