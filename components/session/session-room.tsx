"use client";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import useSWR from "swr";
import useSWRInfinite from "swr/infinite";
import type { GetHistoryResponse } from "@/app/api/v1/collaborate/[id]/history/route";
import type { GetParticipantsResponse } from "@/app/api/v1/collaborate/[id]/participants/route";
import type { GetSessionResponse } from "@/app/api/v1/collaborate/[id]/route";
import { ConnectionBadge } from "@/components/channel-console/connection-badge";
import { NewRunForm } from "@/components/run/new-run-form";
import { RecentRuns } from "@/components/run/recent-runs";
import { ApiError, api, fetcher } from "@/hooks/api";
import { useEventStream } from "@/hooks/useEventStream";
import { ORIGIN } from "@/lib/events/cursor";
import { applyRoomEvent, emptyRoom, mergeMessages, mergeParticipants, typingNames } from "@/lib/sessions/room-state";
import type { MessageView } from "@/lib/sessions/views";
import { Composer } from "./composer";
import { InvitePanel } from "./invite-panel";
import { MessageList } from "./message-list";
import { Notice } from "./notice";
import { ParticipantsPanel } from "./participants-panel";

const PAGE = 50;

export function SessionRoom({ id }: { id: string }) {
  const router = useRouter();
  const base = `/api/v1/collaborate/${id}`;
  const info = useSWR<GetSessionResponse>(base, fetcher, { revalidateOnFocus: false });
  const people = useSWR<GetParticipantsResponse>(info.data ? `${base}/participants` : null, fetcher, {
    revalidateOnFocus: false,
  });
  const history = useSWRInfinite<GetHistoryResponse>(
    (index, previous: GetHistoryResponse | null) => {
      if (!info.data) return null;
      if (index === 0) return `${base}/history?limit=${PAGE}`;
      return previous?.has_more ? `${base}/history?limit=${PAGE}&before=${previous.next_before}` : null;
    },
    fetcher,
    { revalidateFirstPage: false, revalidateOnFocus: false },
  );

  // The stream opens once, from the cursor read with the first history page (the origin if the
  // session has no events yet), so nothing published in between is missed.
  const [streamUrl, setStreamUrl] = useState<string | null>(null);
  const firstPage = history.data?.[0];
  useEffect(() => {
    if (firstPage && !streamUrl) setStreamUrl(`${base}/stream?last_event_id=${firstPage.last_event_id ?? ORIGIN}`);
  }, [firstPage, streamUrl, base]);

  const me = info.data?.my_user_id ?? null;
  const reduce = useMemo(() => applyRoomEvent(me), [me]);
  const stream = useEventStream({ url: streamUrl, reduce, initial: emptyRoom() });
  const [sent, setSent] = useState(() => new Map<string, MessageView>());

  // After a stream reset the snapshots are refetched; the reducers make the overlap harmless.
  const { mutate: refetchHistory } = history;
  const { mutate: refetchPeople } = people;
  useEffect(() => {
    if (stream.data.resets > 0) {
      void refetchHistory();
      void refetchPeople();
    }
  }, [stream.data.resets, refetchHistory, refetchPeople]);

  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);

  const loadMore = useCallback(() => void history.setSize((s) => s + 1), [history]);

  if (info.error) {
    return info.error instanceof ApiError && info.error.status === 404 ? (
      <Notice title="Session not found">
        It may have been deleted, or it is private and you are not in it. Ask its owner for an invite link.
      </Notice>
    ) : (
      <Notice title="Could not load this session">{(info.error as Error).message}</Notice>
    );
  }
  if (stream.data.deleted) return <Notice title="This session was deleted">Its owner deleted it; its messages are gone.</Notice>;
  if (stream.data.gone === "removed")
    return <Notice title="You were removed from this session">Ask its owner if you think this is a mistake.</Notice>;
  if (!info.data) return <p className="text-zinc-500">Loading session…</p>;

  const session = info.data;
  const participants = mergeParticipants(people.data?.participants ?? [], stream.data);
  const myRole = participants.find((p) => p.user_id === me)?.role ?? (stream.data.gone ? null : session.my_role);
  const messages = mergeMessages(history.data?.map((p) => p.messages) ?? [], new Map([...sent, ...stream.data.messages]));
  const hasMore = Boolean(history.data?.at(-1)?.has_more);
  const typing = typingNames(stream.data, now);

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_18rem]">
      <div className="min-w-0 space-y-4">
        <header className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h1 className="text-2xl font-semibold">{session.title}</h1>
            {session.description && <p className="text-zinc-600 dark:text-zinc-400">{session.description}</p>}
            <p className="text-xs text-zinc-500">
              {session.is_public ? "Public" : "Private"} ·{" "}
              {myRole
                ? `you are ${myRole === "owner" ? "the owner" : `an ${myRole === "editor" ? "editor" : "viewer"}`}`
                : "reading along"}
            </p>
          </div>
          <ConnectionBadge status={stream.status} />
        </header>
        <MessageList
          messages={messages}
          me={me}
          hasMore={hasMore}
          loadingMore={history.isValidating && history.size > (history.data?.length ?? 0)}
          onLoadMore={loadMore}
        />
        <p className="h-5 text-sm text-zinc-500" aria-live="polite">
          {typing.length > 0 && `${typing.join(", ")} ${typing.length === 1 ? "is" : "are"} typing…`}
        </p>
        {myRole === "owner" || myRole === "editor" ? (
          <Composer sessionId={id} onSent={(m) => setSent((s) => new Map(s).set(m.id, m))} />
        ) : (
          <p
            data-testid="composer-note"
            className="rounded-md bg-zinc-100 p-3 text-sm text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400"
          >
            {myRole === "viewer"
              ? "You are a viewer: you can read and watch, not write. The owner can make you an editor."
              : stream.data.gone === "left"
                ? "You left this session. Use an invite link to join again."
                : "You are reading a public session. Ask for an invite link to take part."}
          </p>
        )}
      </div>
      <aside className="space-y-6">
        <section aria-labelledby="runs-heading" className="space-y-2">
          <h2 id="runs-heading" className="text-sm font-semibold uppercase tracking-wide text-zinc-500">
            Runs
          </h2>
          <RecentRuns sessionId={id} />
          {(myRole === "owner" || myRole === "editor") && (
            <details className="text-sm">
              <summary className="cursor-pointer text-indigo-600">Start a run everyone here watches</summary>
              <div className="pt-2">
                <NewRunForm sessionId={id} compact />
              </div>
            </details>
          )}
        </section>
        <ParticipantsPanel sessionId={id} participants={participants} me={me} isOwner={myRole === "owner"} />
        {myRole === "owner" && <InvitePanel sessionId={id} />}
        <div className="flex flex-wrap gap-3 text-sm">
          <a href={`${base}/export?format=md`} className="text-indigo-600 hover:underline">
            Export (Markdown)
          </a>
          <a href={`${base}/export?format=json`} className="text-indigo-600 hover:underline">
            Export (JSON)
          </a>
        </div>
        {myRole === "owner" ? (
          <button
            type="button"
            onClick={async () => {
              if (!confirm("Delete this session for everyone? Its messages will be gone.")) return;
              await api(base, { method: "DELETE" });
              router.push("/");
            }}
            className="rounded-md border border-red-300 px-3 py-1.5 text-sm text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950"
          >
            Delete session
          </button>
        ) : (
          myRole && (
            <button
              type="button"
              onClick={async () => {
                await api(`${base}/leave`, { method: "POST" });
                router.push("/");
              }}
              className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-900"
            >
              Leave session
            </button>
          )
        )}
      </aside>
    </div>
  );
}
