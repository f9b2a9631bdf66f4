// The lifecycle of an external run, checked and derived without the database: given the run as stored
// and a producer's batch, either the built-in events to publish and the state they lead to, or the
// documented error for the first event that breaks a rule — all or nothing. Pure, so it is unit-tested
// on its own (lifecycle.test.ts) and shared by every way events come in (posted, AG-UI).
import { AppError, type ValidationIssue } from "@/lib/errors";
import type { BuiltinEventType, EventData } from "@/lib/events/schemas";
import type { RunOutcome, RunTotals } from "@/lib/runs/environment";
import { costUsd, type Price, round6 } from "@/lib/runs/pricing";
import type { AgentSpec, RunStatus, Verdict } from "@/lib/runs/schemas";
import { isTerminalStatus } from "@/lib/runs/schemas";
import { totalSteps } from "@/lib/runs/steps";
import { estimateTokens } from "@/lib/runs/text";
import { preview, type TurnRecord } from "@/lib/runs/turn-record";
import { isProducerEventType, type ProducerEvent, producerEventSchemas } from "./schemas";

export type ExternalTurn = TurnRecord & { startedAtMs: number };

/** An external run as the checker needs it: rebuilt from its stored row and turns before each batch. */
export interface ExternalRunState {
  runId: string;
  status: RunStatus;
  startedAtMs: number;
  agents: AgentSpec[];
  turns: ExternalTurn[];
  totals: RunTotals;
  verdict: Verdict | null;
}

export type PublishedEvent = { [T in BuiltinEventType]: { type: T; data: EventData<T> } }[BuiltinEventType];

export interface IngestPlan {
  state: ExternalRunState;
  events: PublishedEvent[];
  /** Turns started or changed by the batch (their rows are written). */
  changedTurns: ExternalTurn[];
  /** Set when the batch ended the run. */
  outcome: RunOutcome | null;
}

/** Built-in events a producer may not send, because Parley itself derives them. */
const DERIVED = new Set([
  "run.created",
  "run.strategy_selected",
  "run.started",
  "run.progress",
  "run.budget_warning",
  "run.budget_exceeded",
]);

/** The stored id of a producer's turn: unique across runs, and the prefix of its tools' call ids. */
export const turnKey = (runId: string, turnId: string) => (turnId.startsWith(`${runId}_`) ? turnId : `${runId}_${turnId}`);

/** Checks and derives a whole batch; throws the first rule it breaks, having changed nothing. */
export function planIngest(
  current: ExternalRunState,
  batch: readonly { type: string; data: unknown }[],
  context: { now: number; prices: Record<string, Price> },
): IngestPlan {
  const parsed = batch.map((event, i) => parseEvent(event, i));
  const plan = new Planner(structuredClone(current), context);
  parsed.forEach((event, i) => {
    plan.apply(event, `events[${i}] (${event.type})`);
  });
  return plan.result();
}

function parseEvent(event: { type: string; data: unknown }, i: number): ProducerEvent {
  const at = `events.${i}`;
  if (!isProducerEventType(event.type)) {
    const message = DERIVED.has(event.type)
      ? `${event.type} is derived by Parley; a producer does not send it`
      : `${event.type} is not an event of a run (run.*, agent.*, tool.*, verification, step, error)`;
    throw new AppError("validation_failed", "The events are not valid", { issues: [{ path: `${at}.type`, message }] });
  }
  const checked = producerEventSchemas[event.type].safeParse(event.data);
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

/** Cost from the price table, which names models `provider:model`; a bare `gpt-4o` is looked up too. */
export function priceTurn(prices: Record<string, Price>, model: string, input: number, output: number): number {
  const known = [model, `openai:${model}`, `anthropic:${model}`].find((key) => Object.hasOwn(prices, key));
  return costUsd(prices, known ?? model, input, output);
}

class Planner {
  private readonly events: PublishedEvent[] = [];
  private readonly changed = new Set<string>();
  private outcome: RunOutcome | null = null;

  constructor(
    private readonly state: ExternalRunState,
    private readonly context: { now: number; prices: Record<string, Price> },
  ) {}

  result(): IngestPlan {
    const changedTurns = this.state.turns.filter((t) => this.changed.has(t.id));
    return { state: this.state, events: this.events, changedTurns, outcome: this.outcome };
  }

  apply(event: ProducerEvent, where: string): void {
    if (isTerminalStatus(this.state.status)) {
      throw new AppError("conflict", `${where}: the run has already ended (${this.state.status}); nothing follows its end`);
    }
    switch (event.type) {
      case "agent.turn_started":
        this.startTurn(event.data, where);
        return;
      case "agent.token": {
        const turn = this.runningTurn(event.data.turn_id, where);
        turn.text += event.data.text;
        this.changed.add(turn.id);
        this.emit({ type: "agent.token", data: { turn_id: turn.id, agent: turn.agent, text: event.data.text } });
        return;
      }
      case "agent.turn_completed":
        this.completeTurn(event.data, where);
        return;
      case "agent.turn_failed": {
        const turn = this.runningTurn(event.data.turn_id, where);
        this.stopTurn(turn, event.data);
        return;
      }
      case "tool.invoked":
        this.invokeTool(event.data, where);
        return;
      case "tool.result":
        this.toolResult(event.data, where);
        return;
      case "verification":
        this.state.verdict = event.data;
        this.emit({ type: "verification", data: event.data });
        return;
      case "step":
      case "error":
        this.emit(event);
        return;
      case "run.paused":
      case "run.resumed": {
        const status = event.type === "run.paused" ? "paused" : "running";
        if (this.state.status === status) return;
        this.state.status = status;
        this.emit({ type: event.type, data: {} });
        return;
      }
      default:
        this.end(event, where);
        return;
    }
  }

  private emit(event: PublishedEvent): void {
    this.events.push(event);
  }

  private findTurn(turnId: string, where: string): ExternalTurn {
    const key = turnKey(this.state.runId, turnId);
    const turn = this.state.turns.find((t) => t.id === key);
    if (!turn) {
      const issue = { path: `${where}.data.turn_id`, message: `no turn ${turnId} has started in this run` };
      throw new AppError("validation_failed", `${where}: unknown turn ${turnId}`, { issues: [issue] });
    }
    return turn;
  }

  private runningTurn(turnId: string, where: string): ExternalTurn {
    const turn = this.findTurn(turnId, where);
    if (turn.status !== "running") throw new AppError("conflict", `${where}: turn ${turnId} has already ended (${turn.status})`);
    return turn;
  }

  private startTurn(d: Extract<ProducerEvent, { type: "agent.turn_started" }>["data"], where: string): void {
    const id = turnKey(this.state.runId, d.turn_id);
    if (this.state.turns.some((t) => t.id === id))
      throw new AppError("conflict", `${where}: turn ${d.turn_id} has already started`);
    const declared = this.state.agents.find((a) => a.name === d.agent);
    const role = d.role ?? declared?.role ?? "agent";
    const model = d.model ?? declared?.model ?? "external";
    if (!declared) this.state.agents.push({ name: d.agent, role, model });
    const turn: ExternalTurn = {
      id,
      seq: this.state.turns.length + 1,
      agent: d.agent,
      role,
      model,
      round: d.round ?? 0,
      status: "running",
      promptPreview: preview(d.prompt_preview ?? ""),
      text: "",
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      latencyMs: null,
      tools: [],
      error: null,
      interjections: [],
      startedAtMs: this.context.now,
    };
    this.state.turns.push(turn);
    this.changed.add(id);
    const { agent, round, promptPreview } = turn;
    this.emit({ type: "agent.turn_started", data: { turn_id: id, agent, role, model, round, prompt_preview: promptPreview } });
  }

  private completeTurn(d: Extract<ProducerEvent, { type: "agent.turn_completed" }>["data"], where: string): void {
    const turn = this.runningTurn(d.turn_id, where);
    turn.text = d.text ?? turn.text;
    turn.model = d.model ?? turn.model;
    turn.inputTokens = d.input_tokens ?? 0;
    turn.outputTokens = d.output_tokens ?? estimateTokens(turn.text);
    turn.costUsd = d.cost_usd ?? priceTurn(this.context.prices, turn.model, turn.inputTokens, turn.outputTokens);
    turn.latencyMs = Math.round(d.latency_ms ?? Math.max(0, this.context.now - turn.startedAtMs));
    turn.status = "completed";
    this.count(turn);
    const { id, agent, model, text, inputTokens, outputTokens, costUsd: cost, latencyMs } = turn;
    this.emit({
      type: "agent.turn_completed",
      data: {
        turn_id: id,
        agent,
        model,
        text,
        input_tokens: inputTokens,
        output_tokens: outputTokens,
        cost_usd: round6(cost),
        latency_ms: latencyMs,
      },
    });
    this.progress();
  }

  /** A turn that stopped: what it said before is counted, as reported or estimated. */
  private stopTurn(
    turn: ExternalTurn,
    d: { error_type: string; message: string; input_tokens?: number; output_tokens?: number; cost_usd?: number },
  ): void {
    turn.status = d.error_type === "cancelled" ? "cancelled" : "failed";
    turn.error = d.message;
    turn.inputTokens = d.input_tokens ?? 0;
    turn.outputTokens = d.output_tokens ?? estimateTokens(turn.text);
    turn.costUsd = d.cost_usd ?? priceTurn(this.context.prices, turn.model, turn.inputTokens, turn.outputTokens);
    turn.latencyMs = Math.max(0, this.context.now - turn.startedAtMs);
    this.count(turn);
    this.emit({
      type: "agent.turn_failed",
      data: {
        turn_id: turn.id,
        agent: turn.agent,
        error_type: d.error_type,
        message: d.message,
        input_tokens: turn.inputTokens,
        output_tokens: turn.outputTokens,
        cost_usd: round6(turn.costUsd),
      },
    });
    this.progress();
  }

  private count(turn: ExternalTurn): void {
    this.changed.add(turn.id);
    this.state.totals.inputTokens += turn.inputTokens;
    this.state.totals.outputTokens += turn.outputTokens;
    this.state.totals.costUsd += turn.costUsd;
  }

  private progress(): void {
    const { turns, agents, totals } = this.state;
    this.emit({
      type: "run.progress",
      data: {
        completed_steps: turns.filter((t) => t.status !== "running").length,
        total_steps: totalSteps({ strategy: "external", agents, rounds: 1, startedTurns: turns.length }),
        est_remaining_ms: null,
        cost_usd: round6(totals.costUsd),
      },
    });
  }

  private invokeTool(d: Extract<ProducerEvent, { type: "tool.invoked" }>["data"], where: string): void {
    const turn = d.turn_id ? this.runningTurn(d.turn_id, where) : this.state.turns.findLast((t) => t.status === "running");
    if (!turn) {
      const issue = {
        path: `${where}.data.turn_id`,
        message: "a tool call belongs to a running turn: name it, or start one first",
      };
      throw new AppError("validation_failed", `${where}: no running turn to make this call`, { issues: [issue] });
    }
    const callId = `${turn.id}_${d.call_id}`;
    if (this.findCall(d.call_id)) throw new AppError("conflict", `${where}: tool call ${d.call_id} was already invoked`);
    turn.tools.push({
      call_id: callId,
      tool: d.tool,
      input: d.input ?? null,
      success: false,
      output_preview: "running…",
      latency_ms: 0,
    });
    this.changed.add(turn.id);
    this.emit({ type: "tool.invoked", data: { call_id: callId, tool: d.tool, input: d.input ?? null } });
  }

  private findCall(callId: string) {
    for (const turn of this.state.turns) {
      const index = turn.tools.findIndex((t) => t.call_id === `${turn.id}_${callId}`);
      if (index >= 0) return { turn, index };
    }
    return null;
  }

  private toolResult(d: Extract<ProducerEvent, { type: "tool.result" }>["data"], where: string): void {
    const found = this.findCall(d.call_id);
    if (!found) {
      const issue = { path: `${where}.data.call_id`, message: `no tool call ${d.call_id} was invoked in this run` };
      throw new AppError("validation_failed", `${where}: unknown tool call ${d.call_id}`, { issues: [issue] });
    }
    const prior = found.turn.tools[found.index];
    const record = {
      call_id: prior?.call_id ?? d.call_id,
      tool: d.tool ?? prior?.tool ?? "tool",
      input: prior?.input ?? null,
      success: d.success,
      output_preview: preview(d.output_preview),
      latency_ms: Math.round(d.latency_ms ?? 0),
    };
    found.turn.tools[found.index] = record;
    this.changed.add(found.turn.id);
    const { call_id, tool, success, output_preview, latency_ms } = record;
    this.emit({ type: "tool.result", data: { call_id, tool, success, output_preview, latency_ms } });
  }

  private end(event: Extract<ProducerEvent, { type: "run.completed" | "run.failed" | "run.cancelled" }>, where: string): void {
    const running = this.state.turns.filter((t) => t.status === "running");
    if (event.type === "run.completed" && running.length > 0) {
      throw new AppError("conflict", `${where}: turns still running (${running.map((t) => t.id).join(", ")}); end them first`);
    }
    const stopped =
      event.type === "run.failed"
        ? { error_type: event.data.error_type, message: event.data.message }
        : { error_type: "cancelled", message: "The run was cancelled" };
    for (const turn of running) this.stopTurn(turn, stopped);
    const { inputTokens, outputTokens, costUsd: cost } = this.state.totals;
    const usage = { input_tokens: inputTokens, output_tokens: outputTokens, cost_usd: round6(cost) };
    const verdict = this.state.verdict;
    if (event.type === "run.completed") {
      const { success, summary } = event.data;
      this.outcome = { status: "completed", success, summary, verdict };
      const duration_ms = Math.max(0, this.context.now - this.state.startedAtMs);
      this.emit({ type: "run.completed", data: { success, summary, usage, duration_ms } });
    } else if (event.type === "run.failed") {
      this.outcome = { status: "failed", errorType: event.data.error_type, message: event.data.message, verdict };
      this.emit({ type: "run.failed", data: { ...event.data, usage } });
    } else {
      const reason = event.data.reason ?? "The producer cancelled the run";
      this.outcome = { status: "cancelled", message: reason };
      this.emit({ type: "run.cancelled", data: { reason, usage } });
    }
    this.state.status = this.outcome.status;
  }
}
