// The lifecycle of an external run, checked and derived without the database: given the run as stored
// and a producer's batch, either the built-in events to publish and the state they lead to, or the
// documented error for the first event that breaks a rule — all or nothing. Pure, so it is unit-tested
// on its own (lifecycle.test.ts) and shared by every way events come in (posted, AG-UI).
import { AppError, type ValidationIssue } from "@/lib/errors";
import type { Price } from "@/lib/runs/models/pricing";
import { round6 } from "@/lib/runs/models/pricing";
import { isTerminalStatus } from "@/lib/runs/schemas";
import { openGate } from "./gates";
import { patched } from "./json-patch";
import type { ExternalRunState, ExternalTurn, IngestPlan, LogEntry, NewGate, PublishedEvent } from "./plan-types";
import { isProducerEventType, type ProducerData, type ProducerEvent, producerEventSchemas } from "./schemas";
import { appendText, completeTurn, invokeTool, runningTurn, startTurn, stopTurn, type TurnContext, toolResult } from "./turns";

export type { ExternalRunState, ExternalTurn, IngestPlan, PublishedEvent } from "./plan-types";
export { priceTurn, turnKey } from "./turns";

/** Built-in events a producer may not send, because Parley itself derives them. */
const DERIVED = new Set([
  "run.created",
  "run.strategy_selected",
  "run.started",
  "run.progress",
  "run.budget_warning",
  "run.budget_exceeded",
]);

export interface PlanContext {
  now: number;
  prices: Record<string, Price>;
  /** Ids for kept log entries (sortable, so the log reads in order). */
  newLogId: () => string;
}

/** Checks and derives a whole batch; throws the first rule it breaks, having changed nothing. */
export function planIngest(
  current: ExternalRunState,
  batch: readonly { type: string; data?: unknown; where?: string }[],
  context: PlanContext,
): IngestPlan {
  const parsed = batch.map((event, i) => parseEvent(event, i));
  const plan = new Planner(structuredClone(current), context);
  parsed.forEach((event, i) => {
    plan.apply(event, batch[i]?.where ?? `events[${i}] (${event.type})`);
  });
  return plan.result();
}

/** One event checked against its schema: the producer's type and data, typed — or 422. */
export function parseEvent(event: { type: string; data?: unknown }, i: number): ProducerEvent {
  const at = `events.${i}`;
  if (!isProducerEventType(event.type)) {
    const message = DERIVED.has(event.type)
      ? `${event.type} is derived by Parley; a producer does not send it`
      : `${event.type} is not an event of a run (run.*, agent.*, tool.*, verification, step, error)`;
    throw new AppError("validation_failed", "The events are not valid", { issues: [{ path: `${at}.type`, message }] });
  }
  const checked = producerEventSchemas[event.type].safeParse(event.data ?? {});
  if (!checked.success) {
    const issues: ValidationIssue[] = checked.error.issues.map((issue) => ({
      path: [at, "data", ...issue.path].join("."),
      message: issue.message,
    }));
    throw new AppError("validation_failed", "The events are not valid", { issues });
  }
  // The schema of `event.type` parsed `data`: the pair is that member of the union.
  return { type: event.type, data: checked.data } as ProducerEvent;
}

class Planner {
  private readonly events: PublishedEvent[] = [];
  private readonly changed = new Set<string>();
  private readonly log: LogEntry[] = [];
  private readonly gates: NewGate[] = [];
  private outcome: IngestPlan["outcome"] = null;
  private readonly ctx: TurnContext;

  constructor(
    private readonly state: ExternalRunState,
    private readonly context: PlanContext,
  ) {
    this.ctx = {
      state,
      now: context.now,
      prices: context.prices,
      emit: (event) => this.events.push(event),
      changed: (turn: ExternalTurn) => this.changed.add(turn.id),
    };
  }

  result(): IngestPlan {
    const changedTurns = this.state.turns.filter((t) => this.changed.has(t.id));
    return { state: this.state, events: this.events, changedTurns, log: this.log, gates: this.gates, outcome: this.outcome };
  }

  apply(event: ProducerEvent, where: string): void {
    if (isTerminalStatus(this.state.status)) {
      throw new AppError("conflict", `${where}: the run has already ended (${this.state.status}); nothing follows its end`);
    }
    const { ctx } = this;
    switch (event.type) {
      case "agent.turn_started":
        startTurn(ctx, event.data, where);
        return;
      case "agent.token":
        appendText(ctx, "text", event.data, where);
        return;
      case "agent.reasoning":
        appendText(ctx, "reasoning", event.data, where);
        return;
      case "agent.turn_completed":
        completeTurn(ctx, event.data, where);
        return;
      case "agent.turn_failed":
        stopTurn(ctx, runningTurn(ctx, event.data.turn_id, where), event.data);
        return;
      case "tool.invoked":
        invokeTool(ctx, event.data, where);
        return;
      case "tool.result":
        toolResult(ctx, event.data, where);
        return;
      case "verification":
        this.state.verdict = event.data;
        ctx.emit({ type: "verification", data: event.data });
        return;
      case "step":
      case "error":
        ctx.emit(event);
        return;
      case "run.state":
        this.setShared(event.data, where);
        return;
      case "run.log":
        this.keep(event.data);
        return;
      case "run.awaiting_approval":
        this.gates.push(openGate(ctx, event.data, where));
        return;
      case "run.paused":
      case "run.resumed":
        this.pauseOrResume(event.type);
        return;
      default:
        this.end(event, where);
        return;
    }
  }

  private pauseOrResume(type: "run.paused" | "run.resumed"): void {
    const status = type === "run.paused" ? "paused" : "running";
    if (this.state.status === status) return;
    this.state.status = status;
    this.ctx.emit({ type, data: {} });
  }

  private setShared(d: ProducerData<"run.state">, where: string): void {
    if ("state" in d) {
      this.state.shared = d.state;
      this.state.sharedChanged = true;
      this.ctx.emit({ type: "run.state", data: { state: d.state } });
      return;
    }
    let next: unknown;
    try {
      next = patched(this.state.shared, d.patch);
    } catch (error) {
      const message = error instanceof Error ? error.message.split("\n")[0] : "the patch does not apply";
      throw new AppError("validation_failed", `${where}: the state patch does not apply`, {
        issues: [{ path: `${where}.data.patch`, message: message ?? "the patch does not apply" }],
      });
    }
    this.state.shared = next;
    this.state.sharedChanged = true;
    this.ctx.emit({ type: "run.state", data: { state: next, patch: d.patch } });
  }

  private keep(d: ProducerData<"run.log">): void {
    const entry = { id: this.context.newLogId(), source: d.source, type: d.type, data: d.data };
    this.log.push(entry);
    this.ctx.emit({ type: "run.log", data: entry });
  }

  private end(event: Extract<ProducerEvent, { type: "run.completed" | "run.failed" | "run.cancelled" }>, where: string): void {
    const running = this.state.turns.filter((t) => t.status === "running");
    if (event.type === "run.completed" && running.length > 0) {
      const ids = running.map((t) => t.id).join(", ");
      throw new AppError("conflict", `${where}: turns still running (${ids}); end them first`);
    }
    const stopped =
      event.type === "run.failed"
        ? { error_type: event.data.error_type, message: event.data.message }
        : { error_type: "cancelled", message: "The run was cancelled" };
    for (const turn of running) stopTurn(this.ctx, turn, stopped);
    const { inputTokens, outputTokens, costUsd: cost } = this.state.totals;
    const usage = { input_tokens: inputTokens, output_tokens: outputTokens, cost_usd: round6(cost) };
    const verdict = this.state.verdict;
    if (event.type === "run.completed") {
      const { success } = event.data;
      const summary = event.data.summary || lastAnswer(this.state);
      this.outcome = { status: "completed", success, summary, verdict };
      const duration_ms = Math.max(0, this.context.now - this.state.startedAtMs);
      this.ctx.emit({ type: "run.completed", data: { success, summary, usage, duration_ms } });
    } else if (event.type === "run.failed") {
      this.outcome = { status: "failed", errorType: event.data.error_type, message: event.data.message, verdict };
      this.ctx.emit({ type: "run.failed", data: { ...event.data, usage } });
    } else {
      const reason = event.data.reason ?? "The producer cancelled the run";
      this.outcome = { status: "cancelled", message: reason };
      this.ctx.emit({ type: "run.cancelled", data: { reason, usage } });
    }
    this.state.status = this.outcome.status;
  }
}

/** A run that completes with no summary is summed up by its last answer. */
function lastAnswer(state: ExternalRunState): string {
  const text = state.turns.findLast((t) => t.status === "completed" && t.text)?.text ?? "";
  return text.length > 2000 ? `${text.slice(0, 1999)}…` : text;
}
