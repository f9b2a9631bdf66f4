"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef } from "react";
import { ConnectionBadge } from "@/components/channel-console/connection-badge";
import { ApiError } from "@/hooks/api";
import { useNow } from "@/hooks/useNow";
import { useSessionRoom } from "@/hooks/useSessionRoom";
import { messageOf } from "@/lib/errors";
import type { StreamStatus } from "@/lib/events/stream-state";
import { canWrite, myRole, typingNames } from "@/lib/sessions/room-state";
import type { Role } from "@/lib/sessions/schemas";
import type { SessionView } from "@/lib/sessions/views";
import { Composer } from "./composer";
import { MessageList } from "./message-list";
import { Notice } from "./notice";
import { RoomLayout } from "./room-layout";
import { RoomRunPane } from "./room-run-pane";
import { RoomSidebar } from "./room-sidebar";

export function SessionRoom({ id, signInConfigured }: { id: string; signInConfigured: boolean }) {
  const room = useSessionRoom(id);
  const { info, stream } = room;
  const now = useNow(1000);
  const { openRun, setOpenRun } = useOpenRun(stream.data.runsStarted);

  if (info.error) return <LoadFailed error={info.error} />;
  if (stream.data.deleted) return <Notice title="This session was deleted">Its owner deleted it; its messages are gone.</Notice>;
  if (stream.data.gone === "removed")
    return <Notice title="You were removed from this session">Ask its owner if you think this is a mistake.</Notice>;
  if (!info.data) return <p className="text-zinc-600 dark:text-zinc-400">Loading session…</p>;

  const session = info.data;
  const role = myRole(room.participants, room.me, stream.data, session.my_role);
  const typing = typingNames(stream.data, now);
  // A guest of a watch-only session (where sign-in is configured) reads like a viewer.
  const writes = canWrite(role) && session.my_rights.act;

  return (
    <RoomLayout
      openRun={openRun}
      header={<RoomHeader session={session} role={role} connection={stream.status} unreadable={stream.unreadable} />}
      chat={
        <div className="min-w-0 space-y-4">
          <MessageList
            messages={room.messages}
            avatars={room.avatars}
            me={room.me}
            hasMore={room.hasMore}
            loadingMore={room.loadingMore}
            onLoadMore={room.loadMore}
            canWrite={writes}
          />
          <p className="h-5 text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite" data-testid="typing">
            {typing.length > 0 && `${typing.join(", ")} ${typing.length === 1 ? "is" : "are"} typing…`}
          </p>
          {writes ? (
            <Composer sessionId={id} onSent={room.onSent} />
          ) : (
            <ReadOnlyNote role={role} left={stream.data.gone === "left"} watchOnly={canWrite(role)} />
          )}
        </div>
      }
      pane={openRun && <RoomRunPane runId={openRun} onClose={() => setOpenRun(null)} />}
      sidebar={
        <RoomSidebar
          sessionId={id}
          title={session.title}
          base={room.base}
          role={role}
          mayAct={session.my_rights.act}
          guests={session.guests}
          signInConfigured={signInConfigured}
          participants={room.participants}
          me={room.me}
          runsVersion={stream.data.runsVersion}
          onOpenRun={setOpenRun}
        />
      }
    />
  );
}

/**
 * The run open in the room, kept in the URL (`?run=`) so a link can open it; a run started in the
 * session while the room is open opens for everyone.
 */
function useOpenRun(runsStarted: string[]) {
  const router = useRouter();
  const pathname = usePathname();
  const openRun = useSearchParams().get("run") || null;
  const setOpenRun = useCallback(
    (runId: string | null) => router.replace(runId ? `${pathname}?run=${runId}` : pathname, { scroll: false }),
    [router, pathname],
  );
  const seen = useRef(0);
  const latest = runsStarted.at(-1);
  useEffect(() => {
    if (runsStarted.length > seen.current && latest) setOpenRun(latest);
    seen.current = runsStarted.length;
  }, [runsStarted.length, latest, setOpenRun]);
  return { openRun, setOpenRun };
}

function LoadFailed({ error }: { error: unknown }) {
  return error instanceof ApiError && error.status === 404 ? (
    <Notice title="Session not found">
      It may have been deleted, or it is private and you are not in it. Ask its owner for an invite link.
    </Notice>
  ) : (
    <Notice title="Could not load this session">{messageOf(error)}</Notice>
  );
}

const roleNames: Record<Role, string> = { owner: "the owner", editor: "an editor", viewer: "a viewer" };

function roleLine(role: Role | null): string {
  return role ? `you are ${roleNames[role]}` : "reading along";
}

function RoomHeader({
  session,
  role,
  connection,
  unreadable,
}: {
  session: SessionView;
  role: Role | null;
  connection: StreamStatus;
  unreadable: number;
}) {
  return (
    <header className="flex flex-wrap items-start justify-between gap-3">
      <div>
        <h1 className="break-words text-2xl font-semibold">{session.title}</h1>
        {session.description && <p className="text-zinc-600 dark:text-zinc-400">{session.description}</p>}
        <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="role-line">
          {session.is_public ? "Public" : "Private"} · {roleLine(role)}
        </p>
      </div>
      <ConnectionBadge status={connection} unreadable={unreadable} />
    </header>
  );
}

/** Why there is no composer: a watch-only guest, a viewer, someone who left, or a reader of a public session. */
function ReadOnlyNote({ role, left, watchOnly }: { role: Role | null; left: boolean; watchOnly: boolean }) {
  if (watchOnly) {
    return (
      <p
        data-testid="composer-note"
        className="rounded-md bg-zinc-100 p-3 text-sm text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400"
      >
        This session lets guests watch only.{" "}
        <a href="/sign-in" className="text-indigo-700 underline dark:text-indigo-300">
          Sign in
        </a>{" "}
        to take part.
      </p>
    );
  }
  return (
    <p
      data-testid="composer-note"
      className="rounded-md bg-zinc-100 p-3 text-sm text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400"
    >
      {role === "viewer"
        ? "You are a viewer: you can read and watch, not write. The owner can make you an editor."
        : left
          ? "You left this session. Use an invite link to join again."
          : "You are reading a public session. Ask for an invite link to take part."}
    </p>
  );
}
