"use client";
// A run's live state on the page: its snapshot, then its events through the run reducer of lib/runs.
import { useEffect, useMemo, useState } from "react";
import type { StreamState } from "@/lib/events/stream-state";
import { isTerminalStatus } from "@/lib/runs/schemas";
import { withShare } from "@/lib/runs/share/schemas";
import { applyRunEvent, fromSnapshot, type RunState } from "@/lib/runs/state/run-state";
import type { RunSnapshot } from "@/lib/runs/views";
import { useEventStream } from "./useEventStream";
import { useShareToken } from "./useShareToken";

export interface RunStream {
  stream: StreamState<RunState>;
  /** Whether the snapshot was of a run still going: only then is its stream opened (from its first event). */
  live: boolean;
}

/** Mount once per snapshot; `onReset` is called when the server says the snapshot must be fetched again. */
export function useRunStream(snapshot: RunSnapshot, onReset: () => void): RunStream {
  const runId = snapshot.run.run_id;
  const initial = useMemo(() => fromSnapshot(snapshot), [snapshot]);
  const live = !isTerminalStatus(snapshot.run.status);
  // Once the run has ended its stream is closed for good: no reconnecting to a finished run.
  const [ended, setEnded] = useState(false);
  const shareToken = useShareToken();
  const url = live && !ended ? withShare(`/api/v1/runs/${runId}/events`, shareToken) : null;
  const stream = useEventStream({ url, reduce: applyRunEvent, initial });
  const endedNow = isTerminalStatus(stream.data.run.status);
  useEffect(() => {
    if (endedNow) setEnded(true);
  }, [endedNow]);
  const { resets } = stream.data;
  useEffect(() => {
    if (resets > 0) onReset();
  }, [resets, onReset]);
  return { stream, live };
}
