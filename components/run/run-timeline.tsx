"use client";
import { useNow } from "@/hooks/useNow";
import { useRunStream } from "@/hooks/useRunStream";
import { useShareToken } from "@/hooks/useShareToken";
import { elapsedMs, hasEnded, lanes } from "@/lib/runs/state/run-selectors";
import type { RunState } from "@/lib/runs/state/run-state";
import type { RunSnapshot } from "@/lib/runs/views";
import { FollowLive } from "./follow-live";
import { HumanLane } from "./human-lane";
import { Lane } from "./lane";
import { RunControls, useMayControl } from "./run-controls";
import { EventLog, StatePanel } from "./run-extras";
import { BudgetMeter, RunHeading, RunProgress } from "./run-header";
import { RunOutcome } from "./run-outcome";
import { BackToSession, RunSteering } from "./run-steering";
import { ShareRun } from "./share-run";
import { TurnExtras } from "./turn-extras";

/** The live debate timeline. Mounted once per snapshot; the stream replays the run from its first event. */
export function RunTimeline({
  snapshot,
  onReset,
  inRoom = false,
}: {
  snapshot: RunSnapshot;
  onReset: () => void;
  /** Shown in its session's room (the run pane): no link back to it. */
  inRoom?: boolean;
}) {
  const { stream, live } = useRunStream(snapshot, onReset);
  const state = stream.data;
  const { run } = state;
  const done = hasEnded(state);
  const now = useNow(250, !done && run.status !== "paused");
  const active = done ? undefined : state.turns.findLast((t) => t.status === "running");
  const mayControl = useMayControl(run.run_id, state.rights.control);
  const shareToken = useShareToken();

  return (
    // A container: the lanes fit the room's run pane as they fit the run's own page.
    <div className="@container space-y-6">
      <header className="space-y-3">
        {/* A share link opens the run alone: its session is not the reader's to go back to. */}
        {run.session_id && !inRoom && !shareToken && <BackToSession sessionId={run.session_id} runId={run.run_id} />}
        {/* The connection matters only while the run goes on: a finished run's stream has closed for good. */}
        <RunHeading state={state} connection={live && !done ? stream.status : null} unreadable={stream.unreadable} />
      </header>
      {/* Outside the header: a sticky element sticks only within its parent, and this one stays for the whole run. */}
      <RunProgress state={state} done={done} elapsedMs={elapsedMs(state, now, stream.clockOffsetMs) ?? 0} />
      <div className="space-y-3">
        {run.budget_usd && <BudgetMeter state={state} budgetUsd={run.budget_usd} />}
        {!done && mayControl && <RunControls runId={run.run_id} status={run.status} />}
        <RunSteering state={state} done={done} />
        <ShareRun runId={run.run_id} mayShare={mayControl} />
      </div>
      {done && <RunOutcome state={state} />}
      <StatePanel state={state.shared} />
      <RunLanes state={state} done={done} />
      <HumanLane state={state} />
      <EventLog log={state.log} />
      <FollowLive activeTurnId={active?.turn_id ?? null} progress={active?.text.length ?? 0} ended={done} />
    </div>
  );
}

/** A lane per agent: side by side for a debate or a race (the judge below them), stacked for a pipeline. */
function RunLanes({ state, done }: { state: RunState; done: boolean }) {
  const { strategy } = state.run;
  const laneList = lanes(state);
  const judge = strategy === "debate" ? laneList.at(-1) : undefined;
  const columns = judge ? laneList.slice(0, -1) : laneList;
  // As many columns as there are lanes (at most three): two debaters never leave an empty third column.
  const grid =
    strategy === "pipeline" || columns.length < 2
      ? "grid gap-4"
      : columns.length === 2
        ? "grid gap-4 @2xl:grid-cols-2"
        : "grid gap-4 @2xl:grid-cols-2 @4xl:grid-cols-3";
  return (
    <>
      <div className={grid} data-testid="lanes">
        {columns.map((l) => (
          <Lane
            key={l.agent}
            {...l}
            showRound={strategy === "debate"}
            runEnded={done}
            prices={state.prices}
            turnExtras={(t) => <TurnExtras turn={t} state={state} />}
          />
        ))}
      </div>
      {judge && (
        <Lane
          {...judge}
          showRound={false}
          runEnded={done}
          prices={state.prices}
          turnExtras={(t) => <TurnExtras turn={t} state={state} />}
        />
      )}
    </>
  );
}
