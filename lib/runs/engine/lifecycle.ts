// A run from start to end on a RunContext: strategy selected, started, the strategy's steps, then one
// terminal event — recorded first, announced after. Independent of the database, like the engine.
import type { EventData } from "@/lib/events/schemas";
import { usesDemoModel } from "../models/demo-model";
import { round6 } from "../models/pricing";
import type { RunStrategy } from "../schemas";
import type { RunContext } from "./engine";
import type { RunOutcome, RunSpec } from "./environment";
import { RunWait } from "./replay";
import { RunStop } from "./run-stop";
import { RunHandOff } from "./slice";
import { strategies } from "./strategies";

/** The first event of every run. */
export function runCreatedData(
  run: Omit<RunSpec, "strategy"> & { strategy: RunStrategy },
  sessionId: string | null,
): EventData<"run.created"> {
  return {
    run_id: run.id,
    task: run.task,
    strategy: run.strategy,
    agents: run.config.agents,
    session_id: sessionId,
    demo: usesDemoModel(run.config.agents),
  };
}

/**
 * Runs the strategy to its end; whatever happens, the run ends with exactly one terminal event — unless
 * it stops at a gate to wait for people (RunWait, thrown on: the run is picked up again when they decide),
 * or its slice ends (RunHandOff, thrown on: the run is handed to the next slice).
 */
export async function runToEnd(ctx: RunContext, strategyReason: string): Promise<RunOutcome> {
  const { config, strategy } = ctx.run;
  try {
    await ctx.emit("run.strategy_selected", { strategy, reason: strategyReason });
    await ctx.emit("run.started", {
      agents: config.agents,
      rounds: config.rounds,
      budget_usd: config.budget_usd,
      max_tokens: config.max_tokens,
      approval: config.approval,
    });
    await ctx.checkpoint();
    const result = await strategies[strategy](ctx);
    return await end(ctx, {
      status: "completed",
      success: ctx.verdict?.passed ?? true,
      summary: result.summary,
      verdict: ctx.verdict,
    });
  } catch (error) {
    if (error instanceof RunWait || error instanceof RunHandOff) throw error;
    if (!(error instanceof RunStop)) console.error(`run ${ctx.run.id} failed unexpectedly`, error);
    const stop = error instanceof RunStop ? error : new RunStop("failed", "internal", "The run engine hit an unexpected error");
    return end(
      ctx,
      stop.kind === "cancelled"
        ? { status: "cancelled", message: stop.message }
        : { status: "failed", errorType: stop.errorType, message: stop.message, verdict: ctx.verdict },
    );
  }
}

async function end(ctx: RunContext, outcome: RunOutcome): Promise<RunOutcome> {
  ctx.goLive();
  await ctx.finish(outcome);
  const { inputTokens, outputTokens, costUsd } = ctx.totals;
  const usage = { input_tokens: inputTokens, output_tokens: outputTokens, cost_usd: round6(costUsd) };
  if (outcome.status === "completed") {
    await ctx.emit("run.completed", { success: outcome.success, summary: outcome.summary, usage, duration_ms: ctx.elapsedMs });
  } else if (outcome.status === "cancelled") {
    await ctx.emit("run.cancelled", { reason: outcome.message, usage });
  } else {
    await ctx.emit("run.failed", { error_type: outcome.errorType, message: outcome.message, usage });
  }
  await ctx.announce(outcome);
  return outcome;
}
