"use client";
import { useEffect } from "react";
import { useNow } from "@/hooks/useNow";
import { useRunReplay } from "@/hooks/useRunReplay";
import { useRunStream } from "@/hooks/useRunStream";
import { useShareToken } from "@/hooks/useShareToken";
import { mayFork } from "@/lib/runs/fork/may-fork";
import { elapsedMs, hasEnded, lanes } from "@/lib/runs/state/run-selectors";
import type { RunState } from "@/lib/runs/state/run-state";
import type { RunSnapshot } from "@/lib/runs/views";
import { FollowLive } from "./follow-live";
import { ForkLinks } from "./fork-links";
import { HumanLane } from "./human-lane";
import { Lane } from "./lane";
import { ReplayBar } from "./replay-bar";
import { RunControls, useMayControl } from "./run-controls";
import { EventLog, StatePanel } from "./run-extras";
import { BudgetMeter, RunHeading, RunProgress } from "./run-header";
import { RunOutcome } from "./run-outcome";
import { BackToSession, RunSteering } from "./run-steering";
import { ShareRun } from "./share-run";
import { TurnExtras } from "./turn-extras";

/** Keeps `?t=<cursor>` in the page's address while a replay moves (null: the replay closed). */
function linkPosition(cursor: string | null): void {
  const url = new URL(window.location.href);
  if (cursor) url.searchParams.set("t", cursor);
  else url.searchParams.delete("t");
  window.history.replaceState(window.history.state, "", url);
}

/** A replayed moment is a record: nothing in it can be acted on (comments, votes, notes, controls). */
const asRecord = (s: RunState): RunState => ({
  ...s,
  rights: { ...s.rights, steer: false, vote: false, control: false, comment: false, moderate: false },
});

/**
 * The live debate timeline. Mounted once per snapshot; the stream replays the run from its first event.
 * With a replay open, the same components show the run as it stood at the replay's position.
 */
export function RunTimeline({
  snapshot,
  onReset,
  inRoom = false,
  at = null,
}: {
  snapshot: RunSnapshot;
  onReset: () => void;
  /** Shown in its session's room (the run pane): no link back to it. */
  inRoom?: boolean;
  /** A link's replay position (`?t=`): the page opens there, paused. */
  at?: string | null;
}) {
  const { stream, live } = useRunStream(snapshot, onReset);
  // Only the run's own page carries the position in its address; the room's run pane does not.
  const replay = useRunReplay(snapshot, stream.lastEventId ?? snapshot.last_event_id, inRoom ? undefined : linkPosition);
  const { open } = replay;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a link's position is opened once, on arrival
  useEffect(() => {
    if (at) open(at);
  }, []);
  const replaying = replay.replay.phase === "on" ? replay.replay : null;
  const state = replaying ? asRecord(replaying.state) : stream.data;
  const { run } = state;
  const done = hasEnded(state);
  const ticking = useNow(250, !replaying && !done && run.status !== "paused");
  // A replay's clock is the time of the last event it applied, in server time.
  const now = replaying ? (replaying.at ?? 0) : ticking;
  const clockOffset = replaying ? 0 : stream.clockOffsetMs;
  const active = done ? undefined : state.turns.findLast((t) => t.status === "running");
  const mayControlRun = useMayControl(run.run_id, stream.data.rights.control);
  // Controls act on the run now; a replayed moment shows none.
  const mayControl = mayControlRun && !replaying;
  const shareToken = useShareToken();

  return (
    // A container: the lanes fit the room's run pane as they fit the run's own page.
    <div className="@container space-y-6">
      <header className="space-y-3">
        {/* A share link opens the run alone: its session is not the reader's to go back to. */}
        {run.session_id && !inRoom && !shareToken && <BackToSession sessionId={run.session_id} runId={run.run_id} />}
        {/* The connection matters only while the run goes on: a finished run's stream has closed for good. */}
        <RunHeading state={state} connection={live && !done ? stream.status : null} unreadable={stream.unreadable} />
        <ForkLinks state={stream.data} />
        <ReplayBar replay={replay} live={live && !hasEnded(stream.data)} />
      </header>
      {/* Outside the header: a sticky element sticks only within its parent, and this one stays for the whole run. */}
      <RunProgress state={state} done={done} elapsedMs={elapsedMs(state, now, clockOffset) ?? 0} />
      <div className="space-y-3">
        {run.budget_usd && <BudgetMeter state={state} budgetUsd={run.budget_usd} />}
        {!done && mayControl && <RunControls runId={run.run_id} status={run.status} />}
        <RunSteering state={state} done={done} />
        <ShareRun runId={run.run_id} mayShare={mayControlRun} />
      </div>
      {done && <RunOutcome state={state} />}
      <StatePanel state={state.shared} />
      {/* A share link's reader may read the run, and nothing else. */}
      <RunLanes state={state} done={done} forkable={!shareToken && mayFork(stream.data)} />
      <HumanLane state={state} />
      <EventLog log={state.log} />
      {/* A paused replay stays where its reader looks; a playing one follows the turn being written. */}
      {(!replaying || replaying.playing) && (
        <FollowLive activeTurnId={active?.turn_id ?? null} progress={active?.text.length ?? 0} ended={done} />
      )}
    </div>
  );
}

/** A lane per agent: side by side for a debate or a race (the judge below them), stacked for a pipeline. */
function RunLanes({ state, done, forkable }: { state: RunState; done: boolean; forkable: boolean }) {
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
            turnExtras={(t) => <TurnExtras turn={t} state={state} forkable={forkable} />}
          />
        ))}
      </div>
      {judge && (
        <Lane
          {...judge}
          showRound={false}
          runEnded={done}
          prices={state.prices}
          turnExtras={(t) => <TurnExtras turn={t} state={state} forkable={forkable} />}
        />
      )}
    </>
  );
}
