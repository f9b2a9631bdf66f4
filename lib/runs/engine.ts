// The orchestration engine's core: one run's context — turns streamed from models as coalesced token
// events, usage and cost, budgets, pause/cancel between turns — independent of HTTP and of the database.
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { streamText } from "ai";
import type { BuiltinEventType } from "@/lib/events/schemas";
import type { DemoBrief } from "./demo-text";
import { costUsd, type Price } from "./pricing";
import type { RunConfig, RunStatus, Strategy } from "./schemas";

export type Control = "cancel" | "pause" | null;

export interface TurnRecord {
  id: string;
  seq: number;
  agent: string;
  role: string;
  model: string;
  round: number;
  status: "running" | "completed" | "failed" | "cancelled";
  promptPreview: string;
  text: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number | null;
  tools: ToolRecord[];
  error: string | null;
}

export interface ToolRecord {
  call_id: string;
  tool: string;
  input: unknown;
  success: boolean;
  output_preview: string;
  latency_ms: number;
}

export interface Verdict {
  passed: boolean;
  verdict: string;
  score?: number;
}

export interface RunTotals {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** Where a run's effects go: events to the hub, records to the database, controls from anywhere. */
export interface RunEnvironment {
  emit(type: BuiltinEventType, data: Record<string, unknown>): Promise<void>;
  turnStarted(turn: TurnRecord): Promise<void>;
  turnFinished(turn: TurnRecord): Promise<void>;
  statusChanged(status: RunStatus, totals: RunTotals): Promise<void>;
  /** The control last asked for (polled; may come from another instance). */
  readControl(): Promise<Control>;
  model(modelId: string): LanguageModelV3;
  prices: Record<string, Price>;
  tokenFlushMs: number;
  turnTimeoutMs: number;
  controlPollMs: number;
}

export interface RunSpec {
  id: string;
  task: string;
  strategy: Strategy;
  config: RunConfig;
}

/** Why a run stops early. */
export class RunStop extends Error {
  constructor(
    readonly kind: "cancelled" | "budget" | "failed",
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

export interface TurnSpec {
  agent: string;
  role: string;
  model: string;
  round: number;
  system: string;
  prompt: string;
  brief: Omit<DemoBrief, "task" | "seed" | "agent" | "role" | "round">;
  /** Aborts this turn only (a race's losers). */
  signal?: AbortSignal;
}

const preview = (text: string, max = 200) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const estimateTokens = (text: string) => Math.ceil(text.length / 4);

export class RunContext {
  readonly totals: RunTotals = { inputTokens: 0, outputTokens: 0, costUsd: 0 };
  completedSteps = 0;
  totalSteps = 0;
  verdict: Verdict | null = null;
  private seq = 0;
  private readonly cancel = new AbortController();
  private paused = false;
  private pauseWaiters: (() => void)[] = [];
  private budgetWarned = false;
  private chain: Promise<void> = Promise.resolve();
  private readonly started = Date.now();
  private turnLatencies: number[] = [];

  constructor(
    readonly run: RunSpec,
    private readonly env: RunEnvironment,
  ) {}

  /** Events go out strictly in the order they were emitted, whoever emits them. */
  emit(type: BuiltinEventType, data: Record<string, unknown>): Promise<void> {
    // A failed publish is logged and does not block the events after it.
    this.chain = this.chain
      .then(() => this.env.emit(type, data))
      .catch((error) => console.error(`run ${this.run.id}: publishing ${type} failed`, error));
    return this.chain;
  }

  get cancelled(): boolean {
    return this.cancel.signal.aborted;
  }

  get elapsedMs(): number {
    return Date.now() - this.started;
  }

  /** A control request, applied at once when it comes from this instance. */
  applyControl(control: Control | "resume"): void {
    if (control === "cancel") {
      this.cancel.abort(new RunStop("cancelled", "cancelled", "The run was cancelled"));
      this.releasePause();
    } else if (control === "pause") {
      this.paused = true;
    } else {
      this.paused = false;
      this.releasePause();
    }
  }

  private releasePause() {
    for (const w of this.pauseWaiters.splice(0)) w();
  }

  /** Polls the shared control state while the run lives, so a request to any instance reaches this one. */
  watchControls(): () => void {
    const timer = setInterval(async () => {
      const control = await this.env.readControl().catch(() => null);
      if (control === "cancel" && !this.cancelled) this.applyControl("cancel");
      else if (control === "pause" && !this.paused) this.applyControl("pause");
      else if (control === null && this.paused) this.applyControl("resume");
    }, this.env.controlPollMs);
    return () => clearInterval(timer);
  }

  /** Between turns: stop if cancelled; wait here while paused. */
  async checkpoint(): Promise<void> {
    this.throwIfCancelled();
    if (!this.paused) return;
    await this.env.statusChanged("paused", this.totals);
    await this.emit("run.paused", {});
    while (this.paused && !this.cancelled) {
      await new Promise<void>((resolve) => {
        this.pauseWaiters.push(resolve);
        setTimeout(resolve, this.env.controlPollMs);
      });
    }
    this.throwIfCancelled();
    await this.env.statusChanged("running", this.totals);
    await this.emit("run.resumed", {});
  }

  private throwIfCancelled(): void {
    if (this.cancelled)
      throw this.cancel.signal.reason instanceof RunStop
        ? this.cancel.signal.reason
        : new RunStop("cancelled", "cancelled", "The run was cancelled");
  }

  async step(description: string): Promise<void> {
    await this.emit("step", { step: this.completedSteps + 1, description });
  }

  async progress(): Promise<void> {
    const avg = this.turnLatencies.length ? this.turnLatencies.reduce((a, b) => a + b, 0) / this.turnLatencies.length : null;
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
    input: unknown,
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
    await this.emit("tool.result", {
      call_id,
      tool,
      success,
      output_preview: record.output_preview,
      latency_ms: record.latency_ms,
    });
    await this.env.turnFinished(turn);
    return record;
  }

  /** One model call, streamed: agent.turn_started, coalesced agent.token events, agent.turn_completed. */
  async turn(spec: TurnSpec): Promise<TurnRecord> {
    const seq = ++this.seq;
    const turn: TurnRecord = {
      id: `${this.run.id}_t${seq}`,
      seq,
      agent: spec.agent,
      role: spec.role,
      model: spec.model,
      round: spec.round,
      status: "running",
      promptPreview: preview(spec.prompt),
      text: "",
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      latencyMs: null,
      tools: [],
      error: null,
    };
    const base = { turn_id: turn.id, agent: turn.agent };
    await this.emit("agent.turn_started", {
      ...base,
      role: turn.role,
      model: turn.model,
      round: turn.round,
      prompt_preview: turn.promptPreview,
    });
    await this.env.turnStarted(turn);

    const abort = new AbortController();
    const onRunCancel = () => abort.abort(this.cancel.signal.reason);
    const onTurnCancel = () => abort.abort(spec.signal?.reason);
    this.cancel.signal.addEventListener("abort", onRunCancel);
    spec.signal?.addEventListener("abort", onTurnCancel);
    let idle: ReturnType<typeof setTimeout> | null = null;
    const armIdle = () => {
      if (idle) clearTimeout(idle);
      idle = setTimeout(
        () =>
          abort.abort(
            new RunStop("failed", "timeout", `${spec.agent}'s model produced nothing for ${this.env.turnTimeoutMs / 1000} s`),
          ),
        this.env.turnTimeoutMs,
      );
    };

    let pending = "";
    let flushTimer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      if (flushTimer) clearTimeout(flushTimer);
      flushTimer = null;
      if (!pending) return;
      const text = pending;
      pending = "";
      void this.emit("agent.token", { ...base, text });
    };

    const t0 = Date.now();
    try {
      armIdle();
      if (abort.signal.aborted) throw abort.signal.reason;
      const result = streamText({
        model: this.env.model(spec.model),
        system: spec.system,
        prompt: spec.prompt,
        abortSignal: abort.signal,
        maxRetries: 1,
        providerOptions: {
          parley: {
            ...spec.brief,
            agent: spec.agent,
            role: spec.role,
            round: spec.round,
            task: this.run.task,
            seed: this.run.config.seed,
          },
        },
      });
      for await (const part of untilAborted(result.fullStream, abort.signal)) {
        if (part.type === "text-delta") {
          armIdle();
          turn.text += part.text;
          pending += part.text;
          if (this.env.tokenFlushMs === 0) flush();
          else flushTimer ??= setTimeout(flush, this.env.tokenFlushMs);
          await this.checkBudget(turn, estimateTokens(turn.text));
        } else if (part.type === "error") {
          throw part.error;
        } else if (part.type === "abort") {
          throw abort.signal.reason ?? new RunStop("cancelled", "cancelled", "The turn was cancelled");
        }
      }
      flush();
      const usage = await result.totalUsage;
      turn.inputTokens = usage.inputTokens ?? estimateTokens(spec.system + spec.prompt);
      turn.outputTokens = usage.outputTokens ?? estimateTokens(turn.text);
      turn.costUsd = costUsd(this.env.prices, turn.model, turn.inputTokens, turn.outputTokens);
      turn.latencyMs = Date.now() - t0;
      turn.status = "completed";
      this.totals.inputTokens += turn.inputTokens;
      this.totals.outputTokens += turn.outputTokens;
      this.totals.costUsd += turn.costUsd;
      this.turnLatencies.push(turn.latencyMs);
      await this.emit("agent.turn_completed", {
        ...base,
        model: turn.model,
        text: turn.text,
        input_tokens: turn.inputTokens,
        output_tokens: turn.outputTokens,
        cost_usd: round6(turn.costUsd),
        latency_ms: turn.latencyMs,
      });
      await this.env.turnFinished(turn);
      await this.checkBudget(turn, 0);
      return turn;
    } catch (error) {
      flush();
      const stop = asStop(error, abort.signal.reason, spec.agent);
      turn.status = stop.kind === "failed" ? "failed" : "cancelled";
      turn.error = stop.message;
      turn.latencyMs = Date.now() - t0;
      // What the model said before it stopped is kept, and counted.
      turn.outputTokens = estimateTokens(turn.text);
      await this.emit("agent.turn_failed", { ...base, error_type: stop.errorType, message: stop.message });
      await this.env.turnFinished(turn);
      throw stop;
    } finally {
      if (idle) clearTimeout(idle);
      if (flushTimer) clearTimeout(flushTimer);
      this.cancel.signal.removeEventListener("abort", onRunCancel);
      spec.signal?.removeEventListener("abort", onTurnCancel);
    }
  }

  /** Warns at 80 % of the budget (once) and stops the run at 100 %, counting the turn in flight. */
  private async checkBudget(turn: TurnRecord, streamingOutputTokens: number): Promise<void> {
    const { budget_usd, max_tokens } = this.run.config;
    if (budget_usd === null && max_tokens === null) return;
    const inFlight =
      streamingOutputTokens > 0
        ? costUsd(this.env.prices, turn.model, estimateTokens(turn.promptPreview), streamingOutputTokens)
        : 0;
    const spentUsd = this.totals.costUsd + inFlight;
    const spentTokens = this.totals.outputTokens + streamingOutputTokens;
    const fraction = Math.max(budget_usd ? spentUsd / budget_usd : 0, max_tokens ? spentTokens / max_tokens : 0);
    const data = { spent_usd: round6(spentUsd), limit_usd: budget_usd ?? 0, spent_tokens: spentTokens, limit_tokens: max_tokens };
    if (fraction >= 1) {
      if (!this.cancelled) {
        await this.emit("run.budget_exceeded", data);
        this.cancel.abort(
          new RunStop(
            "budget",
            "budget_exceeded",
            budget_usd && spentUsd >= budget_usd
              ? `The run reached its budget of $${budget_usd}`
              : `The run reached its limit of ${max_tokens} output tokens`,
          ),
        );
      }
    } else if (fraction >= 0.8 && !this.budgetWarned) {
      this.budgetWarned = true;
      await this.emit("run.budget_warning", data);
    }
  }
}

/**
 * Iterates a stream but stops the moment `signal` aborts, even if the model behind it ignores the
 * signal and never ends its stream: a turn must never hang.
 */
async function* untilAborted<T>(iterable: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const iterator = iterable[Symbol.asyncIterator]();
  let onAbort: () => void = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  aborted.catch(() => {});
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), aborted]);
      if (next.done) return;
      yield next.value;
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    void iterator.return?.()?.catch(() => {});
  }
}

function asStop(error: unknown, reason: unknown, agent: string): RunStop {
  if (reason instanceof RunStop) return reason;
  if (error instanceof RunStop) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new RunStop("failed", "provider_error", `${agent}'s model call failed: ${message}`);
}

export const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/** Reads "VERDICT: PASS — SCORE: 8/10" (any case, any separator) from a reviewer's or judge's text. */
export function parseVerdict(text: string): Verdict {
  const m = /VERDICT:\s*(PASS|FAIL)\b([^\n]*)/i.exec(text);
  if (!m) return { passed: true, verdict: "No explicit verdict given" };
  const score = /SCORE:\s*(\d+(?:\.\d+)?)\s*\/\s*10/i.exec(m[2] ?? "")?.[1];
  return { passed: m[1]?.toUpperCase() === "PASS", verdict: m[0].trim(), ...(score && { score: Number(score) }) };
}
