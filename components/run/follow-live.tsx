"use client";
// Keeps the turn being written in view while the reader lets it; a reader who scrolls up stops the
// following, and a "Jump to live" button brings them back. When the run ends, a reader still following
// is taken to its outcome (at the top of the run), not left at the bottom of the last lane.
import { useEffect, useState } from "react";

const activeSelector = (turnId: string) => `[data-turn-id="${CSS.escape(turnId)}"]`;

/** The run's sticky status bar covers the top of the screen: what is brought into view goes below it. */
const coveredTop = () => (document.querySelector("[data-sticky-status]")?.getBoundingClientRect().height ?? 0) + 24;

function bringIntoView(turnId: string, smooth: boolean): void {
  const el = document.querySelector(activeSelector(turnId));
  if (!el) return;
  const { top, bottom } = el.getBoundingClientRect();
  const room = window.innerHeight - 24;
  const covered = coveredTop();
  // The end of the text is what is new: keep it on screen, unless that would hide the turn's start.
  const by = bottom > room ? Math.min(bottom - room, top - covered) : top < covered ? top - covered : 0;
  if (by !== 0) window.scrollBy({ top: by, behavior: smooth ? "smooth" : "auto" });
}

/** `activeTurnId`: the turn streaming now; `progress` changes as its text grows; `ended`: the run is over. */
export function FollowLive({ activeTurnId, progress, ended }: { activeTurnId: string | null; progress: number; ended: boolean }) {
  const [following, setFollowing] = useState(true);
  const [offScreen, setOffScreen] = useState(false);

  useEffect(() => {
    const stop = (e: WheelEvent | KeyboardEvent | TouchEvent) => {
      if (e instanceof WheelEvent && e.deltaY >= 0) return;
      if (e instanceof KeyboardEvent && !["ArrowUp", "PageUp", "Home"].includes(e.key)) return;
      setFollowing(false);
    };
    window.addEventListener("wheel", stop, { passive: true });
    window.addEventListener("touchmove", stop, { passive: true });
    window.addEventListener("keydown", stop);
    return () => {
      window.removeEventListener("wheel", stop);
      window.removeEventListener("touchmove", stop);
      window.removeEventListener("keydown", stop);
    };
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the text growing (progress) is what moves it
  useEffect(() => {
    if (!activeTurnId) return;
    if (following) bringIntoView(activeTurnId, false);
    const el = document.querySelector(activeSelector(activeTurnId));
    if (!el) return;
    const { top, bottom } = el.getBoundingClientRect();
    setOffScreen(bottom < 0 || top > window.innerHeight);
  }, [activeTurnId, progress, following]);

  // The run ended while the reader followed it: its outcome is what they want to see now.
  useEffect(() => {
    if (!ended || !following) return;
    const outcome = document.querySelector('[data-testid="run-outcome"]');
    if (outcome && outcome.getBoundingClientRect().top < 0) outcome.scrollIntoView({ block: "start" });
  }, [ended, following]);

  if (!activeTurnId || following || !offScreen) return null;
  return (
    <button
      type="button"
      onClick={() => {
        setFollowing(true);
        bringIntoView(activeTurnId, true);
      }}
      className="fixed right-4 bottom-4 z-10 rounded-full bg-indigo-700 px-4 py-2 text-sm font-medium text-white shadow-lg hover:bg-indigo-600"
    >
      Jump to live ↓
    </button>
  );
}
