"use client";
import { useNow } from "@/hooks/useNow";
import { useRunStream } from "@/hooks/useRunStream";
import { elapsedMs, hasEnded, lanes } from "@/lib/runs/run-selectors";
import type { RunState } from "@/lib/runs/run-state";
import type { RunSnapshot } from "@/lib/runs/views";
import { HumanLane } from "./human-lane";
import { Lane } from "./lane";
import { RunControls } from "./run-controls";
import { BudgetMeter, RunHeading, RunProgress } from "./run-header";
import { RunSummary, VerdictPanel } from "./run-outcome";
import { BackToSession, RunSteering } from "./run-steering";
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
  const now = useNow(250, !done);

  return (
    <div className="space-y-6">
      <header className="space-y-3">
        {run.session_id && !inRoom && <BackToSession sessionId={run.session_id} runId={run.run_id} />}
        <RunHeading run={run} connection={live ? stream.status : null} />
        <RunProgress state={state} done={done} elapsedMs={elapsedMs(state, now, stream.clockOffsetMs) ?? 0} />
        {run.budget_usd && <BudgetMeter state={state} budgetUsd={run.budget_usd} />}
        {!done && <RunControls runId={run.run_id} status={run.status} />}
        <RunSteering state={state} done={done} />
      </header>
      <RunLanes state={state} />
      <HumanLane state={state} />
      {run.verdict && <VerdictPanel verdict={run.verdict} />}
      {done && <RunSummary state={state} />}
    </div>
  );
}

/** A lane per agent: side by side for a debate or a race (the judge below them), stacked for a pipeline. */
function RunLanes({ state }: { state: RunState }) {
  const { strategy } = state.run;
  const laneList = lanes(state);
  const judge = strategy === "debate" ? laneList.at(-1) : undefined;
  const columns = judge ? laneList.slice(0, -1) : laneList;
  return (
    <>
      <div className={strategy === "pipeline" ? "grid gap-4" : "grid gap-4 md:grid-cols-2 xl:grid-cols-3"}>
        {columns.map((l) => (
          <Lane
            key={l.agent}
            {...l}
            showRound={strategy === "debate"}
            turnExtras={(t) => <TurnExtras turn={t} state={state} />}
          />
        ))}
      </div>
      {judge && <Lane {...judge} showRound={false} turnExtras={(t) => <TurnExtras turn={t} state={state} />} />}
    </>
  );
}
