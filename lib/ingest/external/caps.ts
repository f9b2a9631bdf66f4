// What one external run may hold: the producer events it takes, the log entries it keeps and the bytes
// its rows store (turns' text, reasoning and tool calls, log entries, shared state, the AG-UI cursor).
// A batch that would take the run past a cap is refused whole with 413 — nothing of it is written — while
// a batch that adds nothing the cap counts (ending a turn or the run) still passes, so a producer can
// always finish what it started. Pure: ingest.ts reads the counts and writes them with the batch.
import { AppError } from "@/lib/errors";
import type { ExternalRunState, IngestPlan } from "./plan-types";

export interface RunCaps {
  events: number;
  logEntries: number;
  bytes: number;
}

/** What the run's row says it holds so far (runs.ingest_events, log_entries, log_bytes). */
export interface RunHoldings {
  events: number;
  logEntries: number;
  logBytes: number;
}

/** Events that only end something: they add nothing a cap protects against. */
const ENDINGS = new Set(["agent.turn_completed", "agent.turn_failed", "run.completed", "run.failed", "run.cancelled"]);

const bytesOf = (value: unknown) => (value === undefined || value === null ? 0 : Buffer.byteLength(JSON.stringify(value)));

/** Bytes the run's turns, shared state and stream cursor take in their rows (as UTF-8 / JSON). */
export function rowBytes(state: ExternalRunState, cursor: unknown): number {
  let total = bytesOf(state.shared) + bytesOf(cursor);
  for (const t of state.turns) {
    total += Buffer.byteLength(t.text) + Buffer.byteLength(t.reasoning) + Buffer.byteLength(t.promptPreview);
    total += bytesOf(t.tools) + (t.error ? Buffer.byteLength(t.error) : 0);
  }
  return total;
}

export interface CapCheck {
  held: RunHoldings;
  /** The run's turns and state before the batch, and its stream cursor. */
  before: ExternalRunState;
  cursorBefore: unknown;
  plan: IngestPlan;
  /** The cursor the batch leaves (undefined: unchanged). */
  cursorAfter: unknown;
  items: readonly { type: string }[];
}

/** The run's holdings after the batch — or 413 naming the cap it would cross. */
export function checkCaps(check: CapCheck, caps: RunCaps): RunHoldings {
  const { held, plan, items } = check;
  const counted = items.filter((i) => !ENDINGS.has(i.type)).length;
  const logBytes = plan.log.reduce(
    (sum, e) => sum + Buffer.byteLength(e.source) + Buffer.byteLength(e.type) + bytesOf(e.data),
    0,
  );
  const after = {
    events: held.events + counted,
    logEntries: held.logEntries + plan.log.length,
    logBytes: held.logBytes + logBytes,
  };
  if (counted > 0 && after.events > caps.events) {
    throw tooMuch(`an external run takes at most ${caps.events} events (PARLEY_EXTERNAL_MAX_EVENTS); it has ${held.events}`);
  }
  if (plan.log.length > 0 && after.logEntries > caps.logEntries) {
    throw tooMuch(
      `an external run keeps at most ${caps.logEntries} log entries (PARLEY_EXTERNAL_MAX_LOG_ENTRIES); it has ${held.logEntries}`,
    );
  }
  const cursorAfter = check.cursorAfter === undefined ? check.cursorBefore : check.cursorAfter;
  const storedBefore = held.logBytes + rowBytes(check.before, check.cursorBefore);
  const storedAfter = after.logBytes + rowBytes(plan.state, cursorAfter);
  if (storedAfter > caps.bytes && storedAfter > storedBefore) {
    throw tooMuch(
      `an external run stores at most ${caps.bytes} bytes (PARLEY_EXTERNAL_MAX_BYTES); it holds ${storedBefore} and this batch would make it ${storedAfter}`,
    );
  }
  return after;
}

const tooMuch = (why: string) =>
  new AppError(
    "payload_too_large",
    `This batch was refused and nothing of it was written: ${why}. End the run, or start another`,
  );
