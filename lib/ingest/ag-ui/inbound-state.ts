// Where an AG-UI producer's stream stands between two batches — open messages, steps, subagents, tool
// calls being streamed — stored with the run (runs.ingest_cursor) so a stream may arrive in any number of
// requests. Also how an AG-UI event is checked: by @ag-ui/core's own schemas.
import type { AGUIEvent } from "@ag-ui/core";
import { EventSchemas } from "@ag-ui/core/schemas";
import { z } from "zod";
import { AppError } from "@/lib/errors";

const text = z.string();

export const inboundStateSchema = z.object({
  /** Open STEP_STARTED names, innermost last. */
  steps: z.array(text).default([]),
  /** Active subagents: subagentRunId → name. */
  subagents: z.record(text, text).default({}),
  /** Open text messages: AG-UI message id → the turn it streams into, and its agent. */
  open: z.record(text, z.object({ turn: text, agent: text })).default({}),
  /** Reasoning messages: id → the turn they reason for. */
  reasoning: z.record(text, text).default({}),
  /** A turn opened by reasoning, waiting for its agent's text: agent → turn. */
  pending: z.record(text, text).default({}),
  /** The message a TEXT_MESSAGE_CHUNK opened (closed by the next other event). */
  chunk: text.nullable().default(null),
  /** Tool calls whose arguments are streaming: id → name, arguments so far, the turn that makes it. */
  tools: z.record(text, z.object({ name: text, args: text, turn: text.nullable(), agent: text })).default({}),
  /** The tool call a TOOL_CALL_CHUNK opened. */
  toolChunk: text.nullable().default(null),
  /** Each agent's latest turn: where a tool call with no parent message belongs. */
  lastTurn: z.record(text, text).default({}),
  /** The `id:` of the last SSE frame taken in: frames at or before it are not taken twice. */
  lastId: text.nullable().default(null),
});
export type InboundState = z.infer<typeof inboundStateSchema>;

export function inboundState(stored: unknown): InboundState {
  const parsed = inboundStateSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : inboundStateSchema.parse({});
}

/**
 * An AG-UI event as checked: one of the protocol's events, typed by @ag-ui/core's own schemas — or an event
 * of a type the protocol does not know (kept in the run's log, not dropped). `raw` is the object as it came.
 */
export type AgUiInput =
  | { known: true; event: AGUIEvent; raw: Record<string, unknown> }
  | { known: false; type: string; raw: Record<string, unknown> };

const KNOWN: ReadonlySet<string> = new Set(EventSchemas.options.map((o) => o.shape.type.value));

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Checks one AG-UI event: a known type must match its schema (422 naming the field), anything else must
 * at least be an object with a type — it is kept in the run's log, not dropped.
 */
export function checkAgUiEvent(value: unknown, index: number): AgUiInput {
  const at = `events.${index}`;
  if (!isRecord(value) || typeof value.type !== "string") {
    throw new AppError("validation_failed", "The AG-UI events are not valid", {
      issues: [{ path: `${at}.type`, message: "an AG-UI event is an object with a string type" }],
    });
  }
  if (!KNOWN.has(value.type)) return { known: false, type: value.type, raw: value };
  const parsed = EventSchemas.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: [at, ...i.path.map(String)].join("."), message: i.message }));
    throw new AppError("validation_failed", `The AG-UI events are not valid: ${value.type} at ${at}`, { issues });
  }
  return { known: true, event: parsed.data, raw: value };
}

/** Orders SSE ids: integers by value, `<ms>-<seq>` cursors by their parts, anything else not at all. */
export function isAfter(id: string, last: string | null): boolean {
  if (last === null) return true;
  const a = idParts(id);
  const b = idParts(last);
  if (!a || !b) return id !== last;
  return a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
}

function idParts(id: string): [number, number] | null {
  const m = /^(\d{1,15})(?:-(\d{1,15}))?$/.exec(id);
  return m ? [Number(m[1]), Number(m[2] ?? 0)] : null;
}
