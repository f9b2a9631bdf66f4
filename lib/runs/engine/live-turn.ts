// One turn streamed live from its model: its prompt with the people's notes its agent has not read yet,
// agent.turn_started, the model call (coalesced agent.token events, the idle timeout, the run's and the
// race's aborts), then agent.turn_completed or agent.turn_failed — counted and recorded either way.
import type { BuiltinEventType, EventData } from "@/lib/events/schemas";
import { TurnSpan } from "@/lib/telemetry/run-trace";
import { withInstruction, withNotes } from "../steering/notes-in-prompt";
import { estimateTokens } from "../text";
import type { RunEnvironment, RunSpec } from "./environment";
import { streamModel } from "./model-call";
import type { RunMemory } from "./run-memory";
import { asStop, RunStop } from "./run-stop";
import {
  completeTurn,
  newTurn,
  stopTurn,
  type TurnRecord,
  type TurnSpec,
  turnCompletedData,
  turnFailedData,
  turnStartedData,
} from "./turn-record";
import { IdleTimer, linkAbort, TokenBatcher } from "./turn-stream";

/** What a live turn needs of its run. */
export interface TurnHost {
  readonly run: RunSpec;
  readonly env: RunEnvironment;
  readonly memory: RunMemory;
  /** Aborts when the run stops (cancelled, over budget): the turn in flight stops with it. */
  readonly runSignal: AbortSignal;
  emit<T extends BuiltinEventType>(type: T, data: EventData<T>): Promise<void>;
  /** The number of the run's next turn. */
  nextSeq(): number;
  /** A finished turn's usage in the run's totals, its latency in the remaining-time estimate. */
  count(turn: TurnRecord, latencyMs: number): void;
  /** The run's budget, counting the turn in flight at `streamingOutputTokens` so far. */
  checkBudget(turn: TurnRecord, streamingOutputTokens: number): Promise<void>;
}

/** One model call, streamed: agent.turn_started, coalesced agent.token events, agent.turn_completed. */
export async function liveTurn(host: TurnHost, given: TurnSpec): Promise<TurnRecord> {
  const { turn, spec } = await startTurn(host, given);
  const span = new TurnSpan(host.run.id, turn);
  const call = wireCall(host, turn, spec);
  const t0 = Date.now();
  try {
    call.idle.arm();
    if (call.signal.aborted) throw call.signal.reason;
    const { signal, idle, tokens } = call;
    const usage = await span.around(() =>
      streamModel(host.env.model(spec.model), host.run, turn, spec, {
        signal,
        idle,
        tokens,
        onText: () => host.checkBudget(turn, estimateTokens(turn.text)),
      }),
    );
    const latencyMs = Date.now() - t0;
    completeTurn(turn, { usage, promptText: spec.system + spec.prompt, latencyMs }, host.env.prices);
    host.count(turn, latencyMs);
    await host.emit("agent.turn_completed", turnCompletedData(turn, latencyMs));
    await host.env.turnFinished(turn);
    await host.checkBudget(turn, 0);
    return turn;
  } catch (error) {
    call.tokens.flush();
    throw await turnStopped(host, turn, spec, asStop(error, call.signal.reason, spec.agent), Date.now() - t0);
  } finally {
    span.end(turn);
    call.dispose();
  }
}

/** A new turn, numbered, with the notes its agent has not read yet in its prompt: announced and recorded. */
async function startTurn(host: TurnHost, given: TurnSpec): Promise<{ turn: TurnRecord; spec: TurnSpec }> {
  const notes = host.memory.unseen(await host.env.readNotes(), given.agent);
  const asked = given.instruction ? withInstruction(given.prompt, given.instruction) : given.prompt;
  const spec: TurnSpec = { ...given, prompt: withNotes(asked, notes), notes };
  const turn = newTurn(host.run.id, host.nextSeq(), spec);
  turn.interjections = notes.map((n) => n.id);
  host.memory.read(turn.agent, turn.interjections);
  await host.emit("agent.turn_started", turnStartedData(turn));
  await host.env.turnStarted(turn);
  return { turn, spec };
}

/**
 * The parts of the turn's model call: one signal aborted by the run, by the turn's own signal (a race's
 * loser) or by the idle timeout; its text deltas batched into agent.token events.
 */
function wireCall(host: TurnHost, turn: TurnRecord, spec: TurnSpec) {
  const abort = new AbortController();
  const unlink = linkAbort(abort, [host.runSignal, spec.signal]);
  const seconds = host.env.turnTimeoutMs / 1000;
  const idle = new IdleTimer(host.env.turnTimeoutMs, () =>
    abort.abort(new RunStop("failed", "timeout", `${spec.agent}'s model produced nothing for ${seconds} s`)),
  );
  const tokens = tokenEvents(host, turn);
  const dispose = () => {
    idle.clear();
    tokens.dispose();
    unlink();
  };
  return { signal: abort.signal, idle, tokens, dispose };
}

/**
 * A turn's coalesced agent.token events, each saying where its text starts (readers skip what they
 * have); the text so far is stored every partialTextMs, for readers that start over from a snapshot.
 */
function tokenEvents(host: TurnHost, turn: TurnRecord): TokenBatcher {
  let sent = 0;
  let storedAt = Date.now();
  return new TokenBatcher(host.env.tokenFlushMs, (text) => {
    void host.emit("agent.token", { turn_id: turn.id, agent: turn.agent, text, offset: sent });
    sent += text.length;
    if (Date.now() - storedAt < host.env.partialTextMs) return;
    storedAt = Date.now();
    host.env.turnProgress(turn).catch((error) => console.error(`run ${host.run.id}: storing text so far failed`, error));
  });
}

/** A turn that stopped early (failed, timed out, cancelled): counted, reported, recorded. Returns its stop. */
async function turnStopped(host: TurnHost, turn: TurnRecord, spec: TurnSpec, stop: RunStop, latencyMs: number) {
  stopTurn(turn, stop, { promptText: spec.system + spec.prompt, latencyMs }, host.env.prices);
  host.count(turn, latencyMs);
  await host.emit("agent.turn_failed", turnFailedData(turn, stop));
  await host.env.turnFinished(turn);
  return stop;
}
