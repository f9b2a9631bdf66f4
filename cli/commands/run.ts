// `parley run` and `parley watch`: start or find a run, then show it — a live dashboard on a terminal,
// plain lines in a pipe, envelopes with --json (cli/run/presenters.ts) — until it ends or the user
// detaches with Ctrl-C.
import { compareCursors } from "@/lib/events/cursor";
import { asBuiltinEvent, type EventData } from "@/lib/events/schemas";
import { type CreateRunInput, isTerminalEventType, isTerminalStatus } from "@/lib/runs/schemas";
import { joinedBeforeGate } from "@/lib/runs/steering/gate-rules";
import type { CreatedRun, RunSnapshot } from "@/lib/runs/views";
import { type Connection, request } from "../api";
import type { Globals } from "../args";
import { CliError, EXIT, type ExitCode } from "../errors";
import type { Io } from "../io";
import { followRun, getRun } from "../run/follow";
import { type Dashboard, hasEnded, initialDashboard } from "../run/model";
import { endLine, type Presenter, presenterFor } from "../run/presenters";
import { follow } from "../sse";
import { askYesNo } from "../terminal";
import { painter } from "../ui/text";
import { answerGate } from "./steer";

export async function runCommand(input: CreateRunInput, g: Globals, io: Io): Promise<ExitCode> {
  const created = await request<CreatedRun>(g.connection, "POST", "/api/v1/runs", { body: input, what: "the run" });
  const snapshot = await getRun(g.connection, created.run_id);
  return present(snapshot, created.control_token, g, io);
}

/**
 * `parley fork <run> --at <turn> "…"`: a new run from one of the run's turns (its id, or its number in the
 * run: 3 is the third turn), the instruction read by the agent there; then shown live like `parley run`.
 */
export async function forkCommand(
  command: { runId: string; at: string; instruction: string | null; model: string | null },
  g: Globals,
  io: Io,
): Promise<ExitCode> {
  const turnId = /^\d+$/.test(command.at) ? await turnAt(g.connection, command.runId, Number(command.at)) : command.at;
  let controlToken: string | null = null;
  const body = {
    at: { turn_id: turnId },
    ...(command.instruction && { instruction: command.instruction }),
    ...(command.model && { model: command.model }),
  };
  const fork = await request<RunSnapshot>(g.connection, "POST", `/api/v1/runs/${command.runId}/fork`, {
    body,
    what: `a fork of run ${command.runId}`,
    onHeaders: (h) => {
      controlToken = h.get("x-parley-control-token");
    },
  });
  const inherited = fork.turns.filter((t) => t.inherited).length;
  io.stderr.write(
    `Forked run ${command.runId} at ${turnId} (${inherited} turn${inherited === 1 ? "" : "s"} inherited): run ${fork.run.run_id} — ${g.connection.server}/runs/${fork.run.run_id}\n`,
  );
  return present(fork, controlToken, g, io);
}

/** The id of the run's `seq`-th turn, or a usage error naming the turns it has. */
async function turnAt(c: Connection, runId: string, seq: number): Promise<string> {
  const snapshot = await getRun(c, runId);
  const turn = snapshot.turns.find((t) => t.seq === seq);
  if (!turn) {
    throw new CliError(
      EXIT.usage,
      `Run ${runId} has no turn ${seq}: it has turns 1–${snapshot.turns.length}. Give --at a turn number or id.`,
    );
  }
  return turn.turn_id;
}

export async function watchCommand(runId: string, g: Globals, io: Io): Promise<ExitCode> {
  const snapshot = await getRun(g.connection, runId);
  if (g.json && isTerminalStatus(snapshot.run.status)) return replayFinished(snapshot, g, io);
  return present(snapshot, null, g, io);
}

function exitCodeOf(d: Dashboard): ExitCode {
  return d.stream.data.run.status === "completed" ? EXIT.ok : EXIT.runFailed;
}

async function cancel(c: Connection, runId: string, controlToken: string | null): Promise<string> {
  try {
    await request(c, "POST", `/api/v1/runs/${runId}/cancel`, {
      what: `cancelling run ${runId}`,
      headers: controlToken ? { "X-Parley-Control-Token": controlToken } : {},
    });
    return "Cancelling the run…";
  } catch (error) {
    return error instanceof CliError ? error.message : String(error);
  }
}

/** Ctrl-C runs `ask`, one question at a time; `settled()` resolves once the last one was answered. */
function onCtrlC(ask: () => Promise<void>) {
  let open = false;
  let last: Promise<void> = Promise.resolve();
  const listener = () => {
    if (open) return;
    open = true;
    last = ask().finally(() => {
      open = false;
    });
  };
  return { listener, settled: () => last };
}

/** Asks about each gate as it opens, one question at a time; `settled()` resolves when all were answered. */
function onGate(ask: (gate: EventData<"run.awaiting_approval">) => Promise<void>) {
  let last: Promise<void> = Promise.resolve();
  const asked = new Set<string>();
  return {
    ask(gate: EventData<"run.awaiting_approval">) {
      if (asked.has(gate.gate_id) || !process.stdin.isTTY) return;
      asked.add(gate.gate_id);
      last = last.then(() => ask(gate));
    },
    settled: () => last,
  };
}

/**
 * Ctrl-C: yes cancels the run, no detaches from it. The question may still be open when the run ends (a
 * cancel lands fast): the end waits for the answer. Someone who may not cancel simply detaches.
 */
async function interrupted(o: {
  runId: string;
  view: Presenter;
  detach: AbortController;
  connection: Connection;
  controlToken: string | null;
  mayControl: boolean;
}): Promise<void> {
  if (!o.mayControl) {
    o.detach.abort();
    return;
  }
  if (await askYesNo(`Cancel run ${o.runId}? [y/N]`, o.view.question())) {
    o.view.answered(await cancel(o.connection, o.runId, o.controlToken));
  } else {
    o.view.answered(null);
    o.detach.abort();
  }
}

async function present(snapshot: RunSnapshot, controlToken: string | null, g: Globals, io: Io): Promise<ExitCode> {
  const runId = snapshot.run.run_id;
  const initial = initialDashboard(snapshot);
  // What this reader may do, as the page shows it: a viewer is asked nothing it could not do.
  const mayControl = controlToken !== null || snapshot.rights.control;
  const maySteer = controlToken !== null || snapshot.rights.steer;
  const view: Presenter = presenterFor(g.json, {
    io,
    paint: painter(g.color),
    server: g.connection.server,
    snapshot,
    initial,
    mayControl,
  });
  const detach = new AbortController();
  const ctrlC = onCtrlC(() => interrupted({ runId, view, detach, connection: g.connection, controlToken, mayControl }));

  // At a gate, whoever may steer answers a prompt; one question at a time, like Ctrl-C's.
  const headers: Record<string, string> = controlToken ? { "X-Parley-Control-Token": controlToken } : {};
  const gates = onGate(async (gate) =>
    view.answered((await answerGate(g.connection, runId, gate, view.question(), headers)) ?? "Left the gate to the others."),
  );

  view.start();
  process.on("SIGINT", ctrlC.listener);
  let latest = initial;
  try {
    latest = await followRun({
      connection: g.connection,
      snapshot,
      signal: detach.signal,
      onChange: (d) => view.update(d),
      onEvent: (event, d) => {
        view.event(event, d);
        const gate = asBuiltinEvent(event);
        // A gate that opened before this reader joined the session is not theirs to vote on.
        const theirs = gate?.type === "run.awaiting_approval" && joinedBeforeGate(snapshot.rights.joined_at, gate.ts);
        if (gate?.type === "run.awaiting_approval" && theirs && !g.json && maySteer) gates.ask(gate.data);
      },
    });
  } finally {
    process.off("SIGINT", ctrlC.listener);
    view.close();
  }

  await ctrlC.settled();
  if (!hasEnded(latest)) {
    view.detached();
    io.stderr.write(`Detached from run ${runId}; it goes on. Attach again: parley watch ${runId}\n`);
    return EXIT.detached;
  }
  view.ended(latest);
  return exitCodeOf(latest);
}

/** `watch --json` of a finished run: its events while the server still holds them, then its outcome. */
async function replayFinished(snapshot: RunSnapshot, g: Globals, io: Io): Promise<ExitCode> {
  const runId = snapshot.run.run_id;
  const head = snapshot.last_event_id;
  const d = initialDashboard(snapshot);
  if (head) {
    const done = new AbortController();
    await follow({
      connection: g.connection,
      path: `/api/v1/runs/${runId}/events`,
      what: `run ${runId}`,
      cursor: null,
      signal: done.signal,
      onStatus: () => {},
      onEvent: (event) => {
        // History was trimmed, or is from another epoch: what is left would be a partial record.
        if (event.type === "stream.reset") return done.abort();
        io.stdout.write(`${JSON.stringify(event)}\n`);
        if (compareCursors(event.id, head) >= 0 || isTerminalEventType(event.type)) done.abort();
      },
      failFast: true,
    });
  } else {
    io.stderr.write(`The server no longer holds run ${runId}'s events; its record: GET /api/v1/runs/${runId}/export\n`);
  }
  io.stderr.write(`${endLine(d)}\n`);
  return exitCodeOf(d);
}
