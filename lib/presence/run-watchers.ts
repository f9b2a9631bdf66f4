import "server-only";
// Who is watching a run now: everyone with its stream open, kept by the presence store (this process, or
// Redis across instances). Changes are announced on the run's channel as `run.watchers` — the whole
// picture (participants of the run's session by name, everyone else as a count), coalesced per run so
// that a crowd arriving at once costs a few events, not one per person — and only while the run is live.
import { randomBytes } from "node:crypto";
import { avatarsOf } from "@/lib/auth/accounts/profile";
import { getDb } from "@/lib/db/client";
import { runChannel } from "@/lib/events/envelope";
import { publishEvent } from "@/lib/hub";
import { createPresenceStore } from "@/lib/presence";
import { processGlobal } from "@/lib/process-global";
import { isTerminalStatus } from "../runs/schemas";
import type { WatchersView } from "../runs/steering/views";

/** Changes within this window go out as one event. */
const COALESCE_MS = 300;

class WatcherAnnouncer {
  private readonly due = new Map<string, ReturnType<typeof setTimeout>>();
  /** What was last announced per run (from this instance), so a change that changes nothing stays quiet. */
  private readonly last = new Map<string, string>();

  changed(runId: string): void {
    if (this.due.has(runId)) return;
    const timer = setTimeout(() => {
      this.due.delete(runId);
      this.announce(runId).catch((error) => console.error(`run ${runId}: announcing its watchers failed`, error));
    }, COALESCE_MS);
    timer.unref?.();
    this.due.set(runId, timer);
  }

  private async announce(runId: string): Promise<void> {
    const run = await (await getDb()).run.findUnique({ where: { id: runId }, select: { status: true, sessionId: true } });
    if (!run || isTerminalStatus(run.status)) {
      this.last.delete(runId);
      return;
    }
    const watchers = await picture(run.sessionId, await store().online(runId));
    const key = JSON.stringify(watchers);
    if (this.last.get(runId) === key) return;
    this.last.set(runId, key);
    await publishEvent(runChannel(runId), "run.watchers", watchers);
  }
}

const announcer = () => processGlobal("run-watchers-announcer", () => new WatcherAnnouncer());
const store = () =>
  processGlobal("run-watchers", () =>
    createPresenceStore({ channelOf: runChannel, announce: null, onChange: (runId) => announcer().changed(runId) }),
  );

/**
 * Counts a reader of the run as watching until the returned function is called. A reader without an
 * identity counts once per stream.
 */
export function watchRun(runId: string, userId: string | null): () => void {
  return store().track(runId, userId ?? `anon_${randomBytes(9).toString("base64url")}`);
}

/** Who watches the run now. */
export async function runWatchers(runId: string, sessionId: string | null): Promise<WatchersView> {
  return picture(sessionId, await store().online(runId));
}

async function picture(sessionId: string | null, members: Set<string>): Promise<WatchersView> {
  if (!sessionId || members.size === 0) return { participants: [], others: members.size };
  const rows = await (await getDb()).participant.findMany({
    where: { sessionId, leftAt: null, userId: { in: [...members] } },
    select: { userId: true, displayName: true },
    orderBy: { joinedAt: "asc" },
  });
  const avatars = await avatarsOf(rows.map((p) => p.userId));
  return {
    participants: rows.map((p) => ({
      user_id: p.userId,
      display_name: p.displayName,
      avatar_url: avatars.get(p.userId) ?? null,
    })),
    others: members.size - rows.length,
  };
}
