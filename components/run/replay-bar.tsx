"use client";
// The run's timeline scrubber: play back at 1×, 4× or 16×, pause, drag or step through it, jump to a turn,
// gate, note or comment. What it moves is the position among the run's stored events (hooks/useRunReplay.ts).
import type { ReplayControls, ReplaySpeed, UseRunReplay } from "@/hooks/useRunReplay";
import { REPLAY_SPEEDS, type ReplayMarker } from "@/lib/runs/state/run-replay";
import { seconds } from "./format";

const buttonClass =
  "rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-50 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-900";

const markerColour: Record<ReplayMarker["kind"], string> = {
  turn: "bg-indigo-500",
  gate: "bg-amber-500",
  note: "bg-emerald-500",
  comment: "bg-sky-500",
};

const kindName: Record<ReplayMarker["kind"], string> = { turn: "Turns", gate: "Gates", note: "Notes", comment: "Comments" };

/** The bar in each phase: an offer to replay, loading, a failure, or the scrubber itself. */
export function ReplayBar({ replay: r, live }: { replay: UseRunReplay; live: boolean }) {
  const { replay } = r;
  if (replay.phase === "off") {
    return (
      <button type="button" className={buttonClass} onClick={() => r.open()} data-testid="replay-open">
        {live ? "◀ Scrub back through the run so far" : "▶ Replay this run"}
      </button>
    );
  }
  if (replay.phase === "loading") {
    return (
      <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
        Loading the run’s events…
      </p>
    );
  }
  if (replay.phase === "failed") {
    return (
      <div className="flex flex-wrap items-center gap-2">
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {replay.error}
        </p>
        <button type="button" className={buttonClass} onClick={() => r.open()}>
          Try again
        </button>
        <button type="button" className={buttonClass} onClick={r.close}>
          {live ? "Back to live" : "Close replay"}
        </button>
      </div>
    );
  }
  return <Scrubber controls={replay} live={live} close={r.close} />;
}

function Scrubber({ controls: c, live, close }: { controls: ReplayControls; live: boolean; close: () => void }) {
  const total = c.offsets.at(-1) ?? 0;
  const timeAt = (position: number) => (position > 0 ? (c.offsets[position - 1] ?? 0) : 0);
  const now = Math.max(0, c.clock);
  const percent = (position: number) => (total > 0 ? (timeAt(position) / total) * 100 : 0);
  const kinds = (["turn", "gate", "note", "comment"] as const).filter((k) => c.markers.some((m) => m.kind === k));

  return (
    <section
      aria-label="Replay"
      data-testid="replay-bar"
      className="space-y-2 rounded-lg border border-indigo-200 bg-indigo-50/60 p-3 dark:border-indigo-900 dark:bg-indigo-950/30"
    >
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          className={buttonClass}
          onClick={c.playing ? c.pause : c.play}
          aria-label={c.playing ? "Pause the replay" : "Play the replay"}
          data-testid="replay-play"
        >
          {c.playing ? "❚❚ Pause" : "▶ Play"}
        </button>
        <fieldset className="flex items-center gap-1">
          <legend className="sr-only">Speed</legend>
          {REPLAY_SPEEDS.map((s: ReplaySpeed) => (
            <button
              key={s}
              type="button"
              aria-pressed={c.speed === s}
              onClick={() => c.setSpeed(s)}
              className={`rounded-md border px-2 py-1 text-xs ${c.speed === s ? "border-indigo-600 bg-indigo-600 text-white" : "border-zinc-300 dark:border-zinc-700"}`}
            >
              {s}×
            </button>
          ))}
        </fieldset>
        <span className="font-mono text-xs text-zinc-700 tabular-nums dark:text-zinc-300" data-testid="replay-clock">
          {seconds(now)} / {seconds(total)}
        </span>
        <button type="button" className={`${buttonClass} ml-auto`} onClick={close} data-testid="replay-close">
          {live ? "Back to live" : "Close replay"}
        </button>
      </div>
      <div className="relative pt-3">
        {/* The marks are for the eye and the mouse; the "Jump to" list below offers them to everyone. */}
        <div aria-hidden="true" className="absolute inset-x-0 top-0 h-3">
          {c.markers.map((m) => (
            <button
              key={`${m.kind}-${m.position}`}
              type="button"
              tabIndex={-1}
              title={m.label}
              onClick={() => c.seek(m.position)}
              data-marker={m.kind}
              className={`absolute top-0 h-3 w-1.5 -translate-x-1/2 rounded-sm ${markerColour[m.kind]}`}
              style={{ left: `${percent(m.position)}%` }}
            />
          ))}
        </div>
        <input
          type="range"
          min={0}
          max={Math.max(total, 1)}
          step={100}
          value={now}
          onChange={(e) => c.seekTime(Number(e.target.value))}
          aria-label="Replay position"
          aria-valuetext={`${seconds(now)} of ${seconds(total)}, event ${c.position} of ${c.tape.length}`}
          data-testid="replay-slider"
          className="w-full accent-indigo-600"
        />
      </div>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <label className="flex items-center gap-2">
          <span className="text-zinc-700 dark:text-zinc-300">Jump to</span>
          <select
            value=""
            onChange={(e) => e.target.value && c.seek(Number(e.target.value))}
            className="max-w-[16rem] rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
            data-testid="replay-jump"
          >
            <option value="">A turn, gate, note or comment…</option>
            {kinds.map((k) => (
              <optgroup key={k} label={kindName[k]}>
                {c.markers
                  .filter((m) => m.kind === k)
                  .map((m) => (
                    <option key={m.position} value={m.position}>
                      {m.label}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </label>
        <button type="button" className={buttonClass} onClick={() => c.seek(c.position - 1)} disabled={c.position === 0}>
          ← Event
        </button>
        <button
          type="button"
          className={buttonClass}
          onClick={() => c.seek(c.position + 1)}
          disabled={c.position >= c.tape.length}
        >
          Event →
        </button>
        <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="replay-position">
          {c.position === c.tape.length ? "At the end of the replay" : `Event ${c.position} of ${c.tape.length}`}
        </p>
      </div>
    </section>
  );
}
