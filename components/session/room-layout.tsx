"use client";
// How a session's room is laid out: the chat and the side panel (runs, people, invites); with a run open,
// the room takes the whole width of the window (data-wide-page, see app/layout.tsx) — chat and run side
// by side from 1,280 px, the run the wider of the two, two tabs below that — and the side panel can fold
// away to give the run more. One tree either way, so opening a run never resets the chat's scroll or a
// message being written.
import { type ReactNode, useEffect, useState } from "react";

export function RoomLayout({
  openRun,
  header,
  chat,
  pane,
  sidebar,
}: {
  openRun: string | null;
  header: ReactNode;
  chat: ReactNode;
  /** The open run's pane (null: no run open). */
  pane: ReactNode;
  sidebar: ReactNode;
}) {
  const [tab, setTab] = useState<"chat" | "run">("chat");
  const [sideOpen, setSideOpen] = useState(true);
  useEffect(() => {
    if (openRun) setTab("run");
  }, [openRun]);
  const columns = !openRun
    ? "lg:grid-cols-[minmax(0,1fr)_18rem]"
    : sideOpen
      ? "lg:grid-cols-[minmax(0,1fr)_16rem]"
      : "lg:grid-cols-[minmax(0,1fr)]";
  return (
    <div data-wide-page={openRun ? "" : undefined} className={`grid min-w-0 gap-6 ${columns}`}>
      <div className="min-w-0 space-y-4">
        {header}
        {openRun && (
          <div className="flex flex-wrap items-center justify-between gap-2">
            <RoomTabs tab={tab} onTab={setTab} />
            <button
              type="button"
              onClick={() => setSideOpen((o) => !o)}
              aria-expanded={sideOpen}
              aria-controls="room-side-panel"
              className="ml-auto hidden rounded-md border border-zinc-300 px-3 py-1 text-sm text-zinc-700 hover:bg-zinc-100 lg:inline-block dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-900"
            >
              {sideOpen ? "Hide runs & people ⇥" : "⇤ Runs & people"}
            </button>
          </div>
        )}
        <div className={openRun ? "grid min-w-0 gap-4 xl:grid-cols-[minmax(18rem,2fr)_minmax(0,3fr)]" : "min-w-0"}>
          <div className={openRun && tab !== "chat" ? "hidden min-w-0 xl:block" : "min-w-0"}>{chat}</div>
          {openRun && <div className={tab === "run" ? "min-w-0" : "hidden min-w-0 xl:block"}>{pane}</div>}
        </div>
      </div>
      <div id="room-side-panel" className={openRun && !sideOpen ? "min-w-0 lg:hidden" : "min-w-0"}>
        {sidebar}
      </div>
    </div>
  );
}

/** Below 1,280 px the chat and the run share the room as two tabs. */
function RoomTabs({ tab, onTab }: { tab: "chat" | "run"; onTab: (tab: "chat" | "run") => void }) {
  const style = (active: boolean) =>
    `rounded-md px-3 py-1.5 text-sm ${active ? "bg-zinc-200 font-medium dark:bg-zinc-800" : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-900"}`;
  return (
    <div role="tablist" aria-label="Room" className="flex gap-2 xl:hidden">
      <button
        type="button"
        role="tab"
        aria-selected={tab === "chat"}
        onClick={() => onTab("chat")}
        className={style(tab === "chat")}
      >
        Chat
      </button>
      <button
        type="button"
        role="tab"
        aria-selected={tab === "run"}
        onClick={() => onTab("run")}
        className={style(tab === "run")}
      >
        Run
      </button>
    </div>
  );
}
