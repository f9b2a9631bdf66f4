// The turn-level rules of an external run, on the checker's working copy (lifecycle.ts): starting and
// ending turns, their text, reasoning and tool calls, and what each derives (usage, cost, progress).
// Each function throws the documented error for a broken rule; the caller's batch then changes nothing.
import { AppError } from "@/lib/errors";
import type { EventData } from "@/lib/events/schemas";
import { blankTurn, preview } from "@/lib/runs/engine/turn-record";
import { costUsd, type Price, priceOf, round6 } from "@/lib/runs/models/pricing";
import { totalSteps } from "@/lib/runs/steps";
import { estimateTokens } from "@/lib/runs/text";
import type { ExternalRunState, ExternalTurn, PublishedEvent } from "./plan-types";
import type { ProducerData } from "./schemas";

export interface TurnContext {
  state: ExternalRunState;
  now: number;
  prices: Record<string, Price>;
  emit(event: PublishedEvent): void;
  changed(turn: ExternalTurn): void;
}

/** The stored id of a producer's turn: unique across runs, and the prefix of its tools' call ids. */
export const turnKey = (runId: string, turnId: string) => (turnId.startsWith(`${runId}_`) ? turnId : `${runId}_${turnId}`);

/** Cost from the price table, which names models `provider:model`; a bare `gpt-4o` is looked up too. */
export function priceTurn(prices: Record<string, Price>, model: string, input: number, output: number): number {
  const known = [model, `openai:${model}`, `anthropic:${model}`].find((key) => priceOf(prices, key) !== null);
  return costUsd(prices, known ?? model, input, output);
}

const unknownTurn = (where: string, turnId: string) =>
  new AppError("validation_failed", `${where}: unknown turn ${turnId}`, {
    issues: [{ path: `${where}.data.turn_id`, message: `no turn ${turnId} has started in this run` }],
  });

export function findTurn(ctx: TurnContext, turnId: string, where: string): ExternalTurn {
  const key = turnKey(ctx.state.runId, turnId);
  const turn = ctx.state.turns.find((t) => t.id === key);
  if (!turn) throw unknownTurn(where, turnId);
  return turn;
}

/** A turn that may still say something: known (422 otherwise) and running (409 otherwise). */
export function runningTurn(ctx: TurnContext, turnId: string, where: string): ExternalTurn {
  const turn = findTurn(ctx, turnId, where);
  if (turn.status !== "running") throw new AppError("conflict", `${where}: turn ${turnId} has already ended (${turn.status})`);
  return turn;
}

export function startTurn(ctx: TurnContext, d: ProducerData<"agent.turn_started">, where: string): void {
  const { state } = ctx;
  const id = turnKey(state.runId, d.turn_id);
  if (state.turns.some((t) => t.id === id)) throw new AppError("conflict", `${where}: turn ${d.turn_id} has already started`);
  const declared = state.agents.find((a) => a.name === d.agent);
  const role = d.role ?? declared?.role ?? "agent";
  const model = d.model ?? declared?.model ?? "external";
  if (!declared) {
    state.agents.push({ name: d.agent, role, model });
    state.agentsChanged = true;
  }
  const spec = { agent: d.agent, role, model, round: d.round ?? 0, prompt: d.prompt_preview ?? "" };
  const turn: ExternalTurn = { ...blankTurn(id, state.turns.length + 1, spec), startedAtMs: ctx.now };
  state.turns.push(turn);
  ctx.changed(turn);
  const { agent, round, promptPreview } = turn;
  ctx.emit({ type: "agent.turn_started", data: { turn_id: id, agent, role, model, round, prompt_preview: promptPreview } });
}

/** Text or reasoning: appended, and published with where it starts so readers can skip what they have. */
export function appendText(ctx: TurnContext, kind: "text" | "reasoning", d: { turn_id: string; text: string }, where: string) {
  const turn = runningTurn(ctx, d.turn_id, where);
  const offset = turn[kind].length;
  turn[kind] += d.text;
  ctx.changed(turn);
  const data = { turn_id: turn.id, agent: turn.agent, text: d.text, offset };
  ctx.emit(kind === "text" ? { type: "agent.token", data } : { type: "agent.reasoning", data });
}

export function completeTurn(ctx: TurnContext, d: ProducerData<"agent.turn_completed">, where: string): void {
  const turn = runningTurn(ctx, d.turn_id, where);
  turn.text = d.text ?? turn.text;
  turn.model = d.model ?? turn.model;
  turn.inputTokens = d.input_tokens ?? 0;
  turn.outputTokens = d.output_tokens ?? estimateTokens(turn.text);
  turn.costUsd = d.cost_usd ?? priceTurn(ctx.prices, turn.model, turn.inputTokens, turn.outputTokens);
  turn.latencyMs = Math.round(d.latency_ms ?? Math.max(0, ctx.now - turn.startedAtMs));
  turn.status = "completed";
  count(ctx, turn);
  const { id, agent, model, text, inputTokens, outputTokens, costUsd: cost, latencyMs } = turn;
  ctx.emit({
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
  progress(ctx);
}

/** A turn that stopped: what it said before is counted, as reported or estimated. */
export function stopTurn(
  ctx: TurnContext,
  turn: ExternalTurn,
  d: { error_type: string; message: string; input_tokens?: number; output_tokens?: number; cost_usd?: number },
): void {
  turn.status = d.error_type === "cancelled" ? "cancelled" : "failed";
  turn.error = d.message;
  turn.inputTokens = d.input_tokens ?? 0;
  turn.outputTokens = d.output_tokens ?? estimateTokens(turn.text);
  turn.costUsd = d.cost_usd ?? priceTurn(ctx.prices, turn.model, turn.inputTokens, turn.outputTokens);
  turn.latencyMs = Math.max(0, ctx.now - turn.startedAtMs);
  count(ctx, turn);
  ctx.emit({
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
  progress(ctx);
}

function count(ctx: TurnContext, turn: ExternalTurn): void {
  ctx.changed(turn);
  const { totals } = ctx.state;
  totals.inputTokens += turn.inputTokens;
  totals.outputTokens += turn.outputTokens;
  totals.costUsd += turn.costUsd;
}

function progress(ctx: TurnContext): void {
  const { turns, agents, totals } = ctx.state;
  const data: EventData<"run.progress"> = {
    completed_steps: turns.filter((t) => t.status !== "running").length,
    total_steps: totalSteps({ strategy: "external", agents, rounds: 1, startedTurns: turns.length }),
    est_remaining_ms: null,
    cost_usd: round6(totals.costUsd),
  };
  ctx.emit({ type: "run.progress", data });
}

export function invokeTool(ctx: TurnContext, d: ProducerData<"tool.invoked">, where: string): void {
  const turn = d.turn_id ? findTurn(ctx, d.turn_id, where) : ctx.state.turns.findLast((t) => t.status === "running");
  if (!turn) {
    const issue = { path: `${where}.data.turn_id`, message: "a tool call belongs to a turn: name it, or start one first" };
    throw new AppError("validation_failed", `${where}: no running turn to make this call`, { issues: [issue] });
  }
  if (findCall(ctx, d.call_id)) throw new AppError("conflict", `${where}: tool call ${d.call_id} was already invoked`);
  const callId = `${turn.id}_${d.call_id}`;
  const input = d.input ?? null;
  turn.tools.push({ call_id: callId, tool: d.tool, input, success: false, output_preview: "running…", latency_ms: 0 });
  ctx.changed(turn);
  ctx.emit({ type: "tool.invoked", data: { call_id: callId, tool: d.tool, input } });
}

function findCall(ctx: TurnContext, callId: string) {
  for (const turn of ctx.state.turns) {
    const index = turn.tools.findIndex((t) => t.call_id === `${turn.id}_${callId}`);
    if (index >= 0) return { turn, index };
  }
  return null;
}

export function toolResult(ctx: TurnContext, d: ProducerData<"tool.result">, where: string): void {
  const found = findCall(ctx, d.call_id);
  if (!found) {
    const issue = { path: `${where}.data.call_id`, message: `no tool call ${d.call_id} was invoked in this run` };
    throw new AppError("validation_failed", `${where}: unknown tool call ${d.call_id}`, { issues: [issue] });
  }
  const prior = found.turn.tools[found.index];
  if (!prior) return;
  const record = {
    call_id: prior.call_id,
    tool: d.tool ?? prior.tool,
    input: prior.input,
    success: d.success,
    output_preview: preview(d.output_preview),
    latency_ms: Math.round(d.latency_ms ?? 0),
  };
  found.turn.tools[found.index] = record;
  ctx.changed(found.turn);
  const { call_id, tool, success, output_preview, latency_ms } = record;
  ctx.emit({ type: "tool.result", data: { call_id, tool, success, output_preview, latency_ms } });
}
