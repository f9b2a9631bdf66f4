// The orchestration engine's core: one run's context — its events in order, its turns (replayed from its
// history or streamed live by ./live-turn.ts, approved at gates by ./steering/step-approval.ts), usage
// and cost, budgets, steps and progress, pause/cancel between turns — independent of HTTP and of the
// database (its effects go through a RunEnvironment).
import type { BuiltinEventType, EventData } from "@/lib/events/schemas";
import { round6 } from "../models/pricing";
import type { ToolRecord, Verdict } from "../schemas";
import { StepApproval } from "../steering/step-approval";
import { totalSteps } from "../steps";
import { readBudget } from "./budget";
import { RunControls } from "./control-watch";
import type { Control, RunEnvironment, RunOutcome, RunSpec, RunTotals } from "./environment";
import { liveTurn, type TurnHost } from "./live-turn";
import type { RunHistory } from "./replay";
import { RunMemory } from "./run-memory";
import { RunStop } from "./run-stop";
import { RunHandOff, Slice } from "./slice";
import { preview, type TurnRecord, type TurnSpec, turnCompletedData, turnStartedData } from "./turn-record";

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
  private readonly started: number;
  private readonly slice = new Slice();
  /** The run said it paused (its status is paused) and has not said it resumed. */
  private pauseAnnounced = false;
  private turnLatencies: number[] = [];
  private readonly memory: RunMemory;
  private readonly approval: StepApproval;
  private readonly turnHost: TurnHost;

  constructor(
    readonly run: RunSpec,
    private readonly env: RunEnvironment,
    history: RunHistory | null = null,
    /** When the run first started (a run picked up again keeps its start): its duration counts from it. */
    startedAt: number = Date.now(),
    /** The history was never published on this run's channel (a fork's inherited turns): announce it. */
    options: { announceHistory?: boolean } = {},
  ) {
    this.started = startedAt;
    this.controls = new RunControls(run.id, env);
    this.totalSteps = totalSteps({ strategy: run.strategy, agents: run.config.agents, rounds: run.config.rounds });
    this.memory = new RunMemory(history, { announce: options.announceHistory });
    this.seq = this.memory.lastSeq;
    this.turnHost = {
      run,
      env,
      memory: this.memory,
      runSignal: this.controls.signal,
      emit: (type, data) => this.emit(type, data),
      nextSeq: () => ++this.seq,
      count: (turn, latencyMs) => this.count(turn, latencyMs),
      checkBudget: (turn, streamingOutputTokens) => this.checkBudget(turn, streamingOutputTokens),
    };
    this.approval = new StepApproval({
      run,
      env,
      memory: this.memory,
      emit: (type, data) => this.emit(type, data),
      turn: (spec) => this.turn(spec),
    });
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

  /** This function drives the run for `ms` from now (null: to its end or its next gate), then hands it on. */
  driveFor(ms: number | null): void {
    this.slice.begin(ms);
  }

  /** The run was paused when this instance took it (a slice ended while it waited): it said so already. */
  carryPause(): void {
    this.pauseAnnounced = true;
  }

  /** A control request, applied at once when it comes from this instance. */
  applyControl(control: Control | "resume"): void {
    this.controls.apply(control);
  }

  /** Follows the controls asked for on any instance while the run lives; returns the stopping. */
  watchControls(): () => void {
    return this.controls.watch();
  }

  /**
   * Between turns: stop if cancelled; wait here while paused (handing the run on when the slice ends
   * meanwhile). Replayed steps passed their checkpoints before: there only a stop counts.
   */
  async checkpoint(): Promise<void> {
    if (!this.memory.live) return this.controls.checkpoint(null);
    const resumed = async () => {
      this.pauseAnnounced = false;
      await this.env.statusChanged("running", this.totals);
      await this.emit("run.resumed", {});
    };
    await this.controls.checkpoint({
      paused: async () => {
        if (this.pauseAnnounced) return;
        this.pauseAnnounced = true;
        await this.env.statusChanged("paused", this.totals);
        await this.emit("run.paused", {});
      },
      resumed,
      handOff: () => this.slice.over,
    });
    // Paused when the last slice ended, and resumed before this one took the run.
    if (this.pauseAnnounced) await resumed();
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
    // Past its stored history everything the run emits is new, this step's `step` event included.
    if (this.memory.replayDone) this.goLive();
    await this.checkpoint();
    if (this.memory.live) {
      // A fork announcing its inherited turns finishes that first: the next slice would replay them unannounced.
      if (this.slice.due && this.memory.replayDone) throw new RunHandOff();
      this.slice.stepStarted();
    }
    await this.emit("step", { step: this.completedSteps + 1, description });
    const gated = turns.length === 1 && this.approval.wants(this.completedSteps + 1, this.totalSteps);
    const settled = await Promise.allSettled(turns.map((t) => this.countedTurn(t, gated)));
    const fatal = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (fatal) throw fatal.reason;
  }

  private async countedTurn({ spec, after, rescue }: StepTurn, gated: boolean): Promise<void> {
    if (!rescue) {
      await after?.(gated ? await this.approval.approvedTurn(spec, this.completedSteps + 1) : await this.turn(spec));
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

  /** The run's next turn: handed back from its history when it already happened, else streamed now. */
  async turn(spec: TurnSpec): Promise<TurnRecord> {
    const stored = this.memory.nextTurn(spec.agent);
    if (stored?.kind === "turn") return await this.replayed(stored.turn);
    if (stored?.kind === "interrupted") {
      stored.turn.status = "superseded";
      stored.turn.error = "Interrupted: the server running this turn stopped; it was retried";
      await this.env.turnFinished(stored.turn);
      await this.emit("agent.turn_superseded", { turn_id: stored.turn.id, agent: stored.turn.agent, reason: "retried" });
    }
    return liveTurn(this.turnHost, spec);
  }

  /**
   * A stored turn handed back. Published before, its events are not emitted again (emit() is silent while
   * the run replays); a fork's inherited turns, never published on its channel, go out whole — started and
   * completed, no tokens — and are not counted: their usage was billed to the run they came from.
   */
  private async replayed(turn: TurnRecord): Promise<TurnRecord> {
    this.memory.read(turn.agent, turn.interjections);
    if (turn.status === "completed" || turn.status === "superseded") {
      if (turn.inheritedFrom) {
        this.turnLatencies.push(turn.latencyMs ?? 0);
      } else {
        this.count(turn, turn.latencyMs ?? 0);
        this.budgetWarned ||= this.budgetFraction(turn) >= 0.8;
      }
      turn.tools = [];
      await this.emit("agent.turn_started", turnStartedData(turn));
      await this.emit("agent.turn_completed", turnCompletedData(turn, turn.latencyMs ?? 0));
      return turn;
    }
    throw new RunStop(turn.status === "cancelled" ? "cancelled" : "failed", turn.status, turn.error ?? "The turn failed");
  }

  /** A completed turn's usage in the run's totals and its latency in the remaining-time estimate. */
  private count(turn: TurnRecord, latencyMs: number): void {
    this.totals.inputTokens += turn.inputTokens;
    this.totals.outputTokens += turn.outputTokens;
    this.totals.costUsd += turn.costUsd;
    this.turnLatencies.push(latencyMs);
  }

  /** The share of the budget spent so far (0 without one): a replayed run warned already past 80 %. */
  private budgetFraction(turn: TurnRecord): number {
    const prices = this.env.prices;
    return readBudget(this.run.config, { totals: this.totals, prices, turn, streamingOutputTokens: 0 })?.fraction ?? 0;
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
