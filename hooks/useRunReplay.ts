"use client";
// A run played back on its page: its stored events read once (./run-history.ts), a position among them,
// playing or paused at a speed. The state shown is the live reducer's after that many events
// (lib/runs/state/run-replay.ts), so a replayed moment is drawn by the same components as a live one.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { messageOf } from "@/lib/errors";
import type { Envelope } from "@/lib/events/envelope";
import {
  playbackOffsets,
  positionAtTime,
  positionOfCursor,
  type REPLAY_SPEEDS,
  ReplayTape,
  replayBase,
  replayMarkers,
} from "@/lib/runs/state/run-replay";
import type { RunState } from "@/lib/runs/state/run-state";
import type { RunSnapshot } from "@/lib/runs/views";
import { fetchRunHistory } from "./run-history";
import { useShareToken } from "./useShareToken";

export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];

export type RunReplay =
  | { phase: "off" }
  | { phase: "loading" }
  | { phase: "failed"; error: string }
  | ({ phase: "on" } & ReplayControls);

export interface ReplayControls {
  tape: ReplayTape;
  position: number;
  playing: boolean;
  speed: ReplaySpeed;
  /** The run as it stood at `position`. */
  state: RunState;
  /** Server time of the last event applied (the replay's "now"), null before the first. */
  at: number | null;
  markers: ReturnType<typeof replayMarkers>;
  /** Playback time (ms, at 1×) of each event: where the slider's marks sit. */
  offsets: number[];
  /** Playback time (ms at 1×) the replay stands at. */
  clock: number;
  seek(position: number): void;
  /** Moves to playback time `ms`: every event up to it applied. */
  seekTime(ms: number): void;
  play(): void;
  pause(): void;
  setSpeed(speed: ReplaySpeed): void;
}

/** The playback time of a position: when its last event is applied (0 before the first). */
const timeAt = (offsets: readonly number[], position: number) => (position > 0 ? (offsets[position - 1] ?? 0) : 0);

/** How often a playing replay moves on, in ms of real time. */
const TICK_MS = 50;

export interface UseRunReplay {
  replay: RunReplay;
  /** Loads the events (once) and shows the run at `cursor`, or at its newest event. */
  open(cursor?: string | null): void;
  /** Back to the run as it is now. */
  close(): void;
}

/**
 * `head`: the newest event known (the live stream's cursor, or the snapshot's); the tape ends there.
 * `onMove` hears the cursor of each new position (for the page's link), null when the replay closes.
 */
export function useRunReplay(snapshot: RunSnapshot, head: string | null, onMove?: (cursor: string | null) => void): UseRunReplay {
  const runId = snapshot.run.run_id;
  const shareToken = useShareToken();
  const [events, setEvents] = useState<Envelope[] | null>(null);
  const [phase, setPhase] = useState<"off" | "loading" | "failed" | "on">("off");
  const [error, setError] = useState("");
  // Where the replay is: the events applied, and the playback time (ms at 1×) it was moved to — a slider
  // moved by 0.1 s between two events stays where it was put, the events shown are those up to it.
  const [{ position, clock }, setAt] = useState({ position: 0, clock: 0 });
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<ReplaySpeed>(1);
  const aborter = useRef<AbortController | null>(null);
  const clockNow = useRef(clock);
  clockNow.current = clock;
  const move = useRef(onMove);
  move.current = onMove;

  useEffect(() => () => aborter.current?.abort(), []);

  const tape = useMemo(() => (events ? new ReplayTape(replayBase(snapshot, events), events) : null), [events, snapshot]);
  const offsets = useMemo(() => (events ? playbackOffsets(events) : []), [events]);
  const markers = useMemo(() => (events ? replayMarkers(events) : []), [events]);

  const open = useCallback(
    (cursor?: string | null) => {
      setPlaying(false);
      setPhase("loading");
      aborter.current?.abort();
      const abort = new AbortController();
      aborter.current = abort;
      fetchRunHistory(runId, head, abort.signal, shareToken).then(
        (read) => {
          if (abort.signal.aborted) return;
          setEvents(read);
          const at = cursor ? positionOfCursor(read, cursor) : null;
          const p = at ?? read.length;
          setAt({ position: p, clock: timeAt(playbackOffsets(read), p) });
          setPhase("on");
        },
        (e: unknown) => {
          if (abort.signal.aborted) return;
          setError(messageOf(e));
          setPhase("failed");
        },
      );
    },
    [runId, head, shareToken],
  );

  const close = useCallback(() => {
    aborter.current?.abort();
    setPlaying(false);
    setPhase("off");
    move.current?.(null);
  }, []);

  // The page's link follows the position (not while loading: a link being opened keeps its own cursor).
  const cursor = tape && phase === "on" ? tape.cursorAt(position) : null;
  useEffect(() => {
    if (phase === "on") move.current?.(cursor ?? "0-0");
  }, [phase, cursor]);

  // Playing: the playback clock runs at `speed` from where the position is, and the position follows it.
  useEffect(() => {
    if (!playing || !tape) return;
    const startedAt = Date.now();
    // The clock restarts when playing starts, the speed changes or the tape does — not on each tick, so
    // the time it starts from is read, not depended on.
    const from = clockNow.current;
    const timer = setInterval(() => {
      const now = from + (Date.now() - startedAt) * speed;
      const next = positionAtTime(offsets, now);
      setAt({ position: next, clock: Math.min(now, offsets.at(-1) ?? 0) });
      if (next >= tape.length) setPlaying(false);
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [playing, speed, tape, offsets]);

  const state = useMemo(() => tape?.stateAt(position) ?? null, [tape, position]);

  if (phase === "off") return { replay: { phase }, open, close };
  if (phase === "loading") return { replay: { phase }, open, close };
  if (phase === "failed" || !tape || !state) return { replay: { phase: "failed", error }, open, close };
  const last = position > 0 ? tape.events[position - 1] : undefined;
  return {
    open,
    close,
    replay: {
      phase: "on",
      tape,
      position,
      playing,
      speed,
      state,
      at: last ? Date.parse(last.ts) : null,
      markers,
      offsets,
      clock,
      seek: (p) => {
        setPlaying(false);
        const at = Math.max(0, Math.min(tape.length, p));
        setAt({ position: at, clock: timeAt(offsets, at) });
      },
      seekTime: (ms) => {
        setPlaying(false);
        // The very start shows the run before its first event.
        setAt({ position: ms <= 0 ? 0 : positionAtTime(offsets, ms), clock: Math.max(0, ms) });
      },
      play: () => {
        // From the end, play starts over.
        if (position >= tape.length) setAt({ position: 0, clock: -1 });
        setPlaying(true);
      },
      pause: () => setPlaying(false),
      setSpeed,
    },
  };
}
