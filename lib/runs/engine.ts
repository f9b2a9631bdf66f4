// The orchestration engine's core: one run's context — turns streamed from models as coalesced token
// events, usage and cost, budgets, steps and progress, pause/cancel between turns — independent of HTTP
// and of the database (its effects go through a RunEnvironment).
import type { BuiltinEventType, EventData } from "@/lib/events/schemas";
import { TurnSpan } from "@/lib/telemetry/run-trace";
import { readBudget } from "./budget";
import type { Control, RunEnvironment, RunOutcome, RunSpec, RunTotals } from "./environment";
import { streamModel } from "./model-call";
import { round6 } from "./pricing";
import { type RunHistory, RunWait, type StoredGate } from "./replay";
import { RunControls } from "./run-controls";
import { asStop, RunStop } from "./run-stop";
import type { ToolRecord, Verdict } from "./schemas";
import { withInstruction, withNotes } from "./steering/notes";
import { RunMemory } from "./steering/run-memory";
import { totalSteps } from "./steps";
import { estimateTokens } from "./text";
import {
  completeTurn,
  newTurn,
  preview,
  stopTurn,
  type TurnRecord,
  type TurnSpec,
  turnCompletedData,
  turnStartedData,
} from "./turn-record";
import { IdleTimer, linkAbort, TokenBatcher } from "./turn-stream";

/** One turn of a strategy's step, and what the strategy does with it. */
export interface StepTurn {
  spec: TurnSpec;
  /** After the turn, before the step counts: a tool check, a verdict, remembering the answer. */
  after?: (turn: TurnRecord) => Promise<void> | void;
  /**
   * A failure the step can survive (a race's loser): return to go on, throw to end the run. A turn with
   * a rescue counts as a step done however it ends; one without ends the run, uncounted, when it fails.
   */
  rescue?: (error: unknown) => void;
}

export class RunContext {
  readonly totals: RunTotals = { inputTokens: 0, outputTokens: 0, costUsd: 0 };
  verdict: Verdict | null = null;
  private completedSteps = 0;
  private readonly totalSteps: number;
  private seq = 0;
  private readonly controls: RunControls;
  private budgetWarned = false;
  private chain: Promise<void> = Promise.resolve();
  private readonly started = Date.now();
  private turnLatencies: number[] = [];
  private readonly memory: RunMemory;

  constructor(
    readonly run: RunSpec,
    private readonly env: RunEnvironment,
    history: RunHistory | null = null,
  ) {
    this.controls = new RunControls(run.id, env);
    this.totalSteps = totalSteps({ strategy: run.strategy, agents: run.config.agents, rounds: run.config.rounds });
    this.memory = new RunMemory(history);
    this.seq = this.memory.lastSeq;
  }

  /** From here on, what the run emits is new (its end, or the first turn past its history). */
  goLive(): void {
    this.memory.live = true;
  }

  /** Events go out strictly in the order they were emitted, whoever emits them. */
  emit<T extends BuiltinEventType>(type: T, data: EventData<T>): Promise<void> {
    if (!this.memory.live) return this.chain;
    // A failed publish is logged and does not block the events after it.
    this.chain = this.chain
      .then(() => this.env.emit(type, data))
      .catch((error) => console.error(`run ${this.run.id}: publishing ${type} failed`, error));
    return this.chain;
  }

  get cancelled(): boolean {
    return this.controls.cancelled;
  }

  get elapsedMs(): number {
    return Date.now() - this.started;
  }

  /** A control request, applied at once when it comes from this instance. */
  applyControl(control: Control | "resume"): void {
    this.controls.apply(control);
  }

  /** Follows the controls asked for on any instance while the run lives; returns the stopping. */
  watchControls(): () => void {
    return this.controls.watch();
  }

  /** Between turns: stop if cancelled; wait here while paused. */
  checkpoint(): Promise<void> {
    return this.controls.checkpoint({
      paused: async () => {
        await this.env.statusChanged("paused", this.totals);
        await this.emit("run.paused", {});
      },
      resumed: async () => {
        await this.env.statusChanged("running", this.totals);
        await this.emit("run.resumed", {});
      },
    });
  }

  /** Records how the run ended — before its terminal event goes out. */
  finish(outcome: RunOutcome): Promise<void> {
    return this.env.finished(outcome, this.totals);
  }

  /** After the terminal event: tells the run's session. */
  announce(outcome: RunOutcome): Promise<void> {
    return this.env.ended(outcome);
  }

  /**
   * One step of a strategy, the only place its counters move: checkpoint → `step` → its turns (one, or
   * a race's several at once) → each counted as done → `run.progress`. Ends the run with the first
   * failure no rescue survived, once every turn has settled.
   */
  async runStep(description: string, turns: readonly StepTurn[]): Promise<void> {
    await this.checkpoint();
    await this.emit("step", { step: this.completedSteps + 1, description });
    const gated = turns.length === 1 && this.wantsGate();
    const settled = await Promise.allSettled(turns.map((t) => this.countedTurn(t, gated)));
    const fatal = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (fatal) throw fatal.reason;
  }

  private wantsGate(): boolean {
    const { mode } = this.run.config.approval;
    return mode === "each_step" || (mode === "final" && this.completedSteps + 1 === this.totalSteps);
  }

  private async countedTurn({ spec, after, rescue }: StepTurn, gated: boolean): Promise<void> {
    if (!rescue) {
      await after?.(gated ? await this.approvedTurn(spec) : await this.turn(spec));
      await this.stepDone();
      return;
    }
    try {
      await after?.(await this.turn(spec));
    } catch (error) {
      rescue(error);
    } finally {
      await this.stepDone();
    }
  }

  private async stepDone(): Promise<void> {
    this.completedSteps++;
    const latencies = this.turnLatencies;
    const avg = latencies.length ? latencies.reduce((a, b) => a + b, 0) / latencies.length : null;
    const remaining = Math.max(0, this.totalSteps - this.completedSteps);
    await this.emit("run.progress", {
      completed_steps: this.completedSteps,
      total_steps: this.totalSteps,
      est_remaining_ms: avg === null ? null : Math.round(avg * remaining),
      cost_usd: round6(this.totals.costUsd),
    });
  }

  async verification(verdict: Verdict): Promise<void> {
    this.verdict = verdict;
    await this.emit("verification", { ...verdict });
  }

  /** Runs a tool around a turn and reports it; its record is attached to `turn`. */
  async tool(
    turn: TurnRecord,
    tool: string,
    input: ToolRecord["input"],
    fn: () => { success: boolean; output: string },
  ): Promise<ToolRecord> {
    const call_id = `${turn.id}_tool${turn.tools.length + 1}`;
    await this.emit("tool.invoked", { call_id, tool, input });
    const t0 = performance.now();
    const { success, output } = fn();
    const record: ToolRecord = {
      call_id,
      tool,
      input,
      success,
      output_preview: preview(output),
      latency_ms: Math.round(performance.now() - t0),
    };
    turn.tools.push(record);
    const { output_preview, latency_ms } = record;
    await this.emit("tool.result", { call_id, tool, success, output_preview, latency_ms });
    await this.env.turnFinished(turn);
    return record;
  }

  /**
   * A turn people approve before the run goes on: at its gate the run waits (RunWait) until they decide;
   * a redirect runs the agent's turn again with their instruction, a reject ends the run.
   */
  private async approvedTurn(spec: TurnSpec): Promise<TurnRecord> {
    let turn = await this.turn(spec);
    for (;;) {
      const gate = await this.gate(turn);
      if (gate.decision === "approve") return turn;
      if (gate.decision === "reject") throw new RunStop("cancelled", "rejected", "rejected");
      turn.status = "superseded";
      await this.emit("agent.turn_superseded", { turn_id: turn.id, agent: turn.agent, reason: "redirected" });
      if (this.memory.live) await this.env.turnFinished(turn);
      turn = await this.turn({ ...spec, instruction: gate.note ?? "" });
    }
  }

  /** The gate after `turn`: decided already (replayed), or opened now — then the run waits for people. */
  private async gate(turn: TurnRecord): Promise<StoredGate> {
    const { seq, stored } = this.memory.nextGate();
    if (stored) {
      if (!stored.decision) throw new RunWait(stored.id);
      return stored;
    }
    const { quorum, timeout_s, default_action } = this.run.config.approval;
    const timeoutAt = timeout_s === null ? null : new Date(Date.now() + timeout_s * 1000);
    const step = this.completedSteps + 1;
    const gate = await this.env.openGate({ seq, step, turn, quorum, timeoutAt, defaultAction: default_action });
    await this.emit("run.awaiting_approval", {
      gate_id: gate.id,
      step,
      agent: turn.agent,
      turn_id: turn.id,
      proposal_preview: preview(turn.text),
      quorum,
      timeout_at: timeoutAt?.toISOString() ?? null,
      default_action,
    });
    await this.chain;
    throw new RunWait(gate.id);
  }

  /** The run's next turn: handed back from its history when it already happened, else streamed now. */
  async turn(spec: TurnSpec): Promise<TurnRecord> {
    const stored = this.memory.nextTurn(spec.agent);
    if (stored?.kind === "turn") return this.replayed(stored.turn);
    if (stored?.kind === "interrupted") {
      stored.turn.status = "superseded";
      stored.turn.error = "Interrupted: the server running this turn stopped; it was retried";
      await this.env.turnFinished(stored.turn);
      await this.emit("agent.turn_superseded", { turn_id: stored.turn.id, agent: stored.turn.agent, reason: "retried" });
    }
    return this.liveTurn(spec);
  }

  private replayed(turn: TurnRecord): TurnRecord {
    this.memory.read(turn.agent, turn.interjections);
    if (turn.status === "completed" || turn.status === "superseded") {
      this.count(turn, turn.latencyMs ?? 0);
      turn.tools = [];
      return turn;
    }
    throw new RunStop(turn.status === "cancelled" ? "cancelled" : "failed", turn.status, turn.error ?? "The turn failed");
  }

  /**
   * A turn's coalesced agent.token events, each saying where its text starts (readers skip what they
   * have); the text so far is stored every partialTextMs, for readers that start over from a snapshot.
   */
  private tokenEvents(turn: TurnRecord): TokenBatcher {
    let sent = 0;
    let storedAt = Date.now();
    return new TokenBatcher(this.env.tokenFlushMs, (text) => {
      void this.emit("agent.token", { turn_id: turn.id, agent: turn.agent, text, offset: sent });
      sent += text.length;
      if (Date.now() - storedAt < this.env.partialTextMs) return;
      storedAt = Date.now();
      this.env.turnProgress(turn).catch((error) => console.error(`run ${this.run.id}: storing text so far failed`, error));
    });
  }

  /** One model call, streamed: agent.turn_started, coalesced agent.token events, agent.turn_completed. */
  private async liveTurn(given: TurnSpec): Promise<TurnRecord> {
    const notes = this.memory.unseen(await this.env.readNotes(), given.agent);
    const asked = given.instruction ? withInstruction(given.prompt, given.instruction) : given.prompt;
    const spec: TurnSpec = { ...given, prompt: withNotes(asked, notes), notes };
    const turn = newTurn(this.run.id, ++this.seq, spec);
    turn.interjections = notes.map((n) => n.id);
    this.memory.read(turn.agent, turn.interjections);
    await this.emit("agent.turn_started", turnStartedData(turn));
    await this.env.turnStarted(turn);
    const span = new TurnSpan(this.run.id, turn);

    const abort = new AbortController();
    const unlink = linkAbort(abort, [this.controls.signal, spec.signal]);
    const seconds = this.env.turnTimeoutMs / 1000;
    const idle = new IdleTimer(this.env.turnTimeoutMs, () =>
      abort.abort(new RunStop("failed", "timeout", `${spec.agent}'s model produced nothing for ${seconds} s`)),
    );
    const tokens = this.tokenEvents(turn);
    const t0 = Date.now();
    try {
      idle.arm();
      if (abort.signal.aborted) throw abort.signal.reason;
      const usage = await span.around(() =>
        streamModel(this.env.model(spec.model), this.run, turn, spec, {
          signal: abort.signal,
          idle,
          tokens,
          onText: () => this.checkBudget(turn, estimateTokens(turn.text)),
        }),
      );
      const latencyMs = Date.now() - t0;
      completeTurn(turn, { usage, promptText: spec.system + spec.prompt, latencyMs }, this.env.prices);
      this.count(turn, latencyMs);
      await this.emit("agent.turn_completed", turnCompletedData(turn, latencyMs));
      await this.env.turnFinished(turn);
      await this.checkBudget(turn, 0);
      return turn;
    } catch (error) {
      tokens.flush();
      const stop = asStop(error, abort.signal.reason, spec.agent);
      const latencyMs = Date.now() - t0;
      stopTurn(turn, stop, { promptText: spec.system + spec.prompt, latencyMs }, this.env.prices);
      this.count(turn, latencyMs);
      await this.emit("agent.turn_failed", {
        turn_id: turn.id,
        agent: turn.agent,
        error_type: stop.errorType,
        message: stop.message,
        input_tokens: turn.inputTokens,
        output_tokens: turn.outputTokens,
        cost_usd: round6(turn.costUsd),
      });
      await this.env.turnFinished(turn);
      throw stop;
    } finally {
      span.end(turn);
      idle.clear();
      tokens.dispose();
      unlink();
    }
  }

  /** A completed turn's usage in the run's totals and its latency in the remaining-time estimate. */
  private count(turn: TurnRecord, latencyMs: number): void {
    this.totals.inputTokens += turn.inputTokens;
    this.totals.outputTokens += turn.outputTokens;
    this.totals.costUsd += turn.costUsd;
    this.turnLatencies.push(latencyMs);
  }

  /** Warns at 80 % of the budget (once) and stops the run at 100 %, counting the turn in flight. */
  private async checkBudget(turn: TurnRecord, streamingOutputTokens: number): Promise<void> {
    const budget = readBudget(this.run.config, { totals: this.totals, prices: this.env.prices, turn, streamingOutputTokens });
    if (!budget) return;
    if (budget.fraction >= 1) {
      if (this.cancelled) return;
      await this.emit("run.budget_exceeded", budget.data);
      this.controls.stop(new RunStop("budget", "budget_exceeded", budget.exceededMessage));
    } else if (budget.fraction >= 0.8 && !this.budgetWarned) {
      this.budgetWarned = true;
      await this.emit("run.budget_warning", budget.data);
    }
  }
}
