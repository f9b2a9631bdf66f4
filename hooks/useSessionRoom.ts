"use client";
// A session room's data: the session, its participants and its history pages over SWR, and its live
// stream through the room reducer of lib/sessions, opened from the cursor read with the first page.
import { useCallback, useEffect, useMemo, useState } from "react";
import useSWR from "swr";
import useSWRInfinite from "swr/infinite";
import type { GetHistoryResponse } from "@/app/api/v1/collaborate/[id]/history/route";
import type { GetParticipantsResponse } from "@/app/api/v1/collaborate/[id]/participants/route";
import type { GetSessionResponse } from "@/app/api/v1/collaborate/[id]/route";
import { ORIGIN } from "@/lib/events/cursor";
import { applyRoomEvent, avatarsById, emptyRoom, mergeMessages, mergeParticipants } from "@/lib/sessions/room-state";
import type { MessageView } from "@/lib/sessions/views";
import { fetcher } from "./api";
import { useEventStream } from "./useEventStream";

const PAGE = 50;

export function useSessionRoom(id: string) {
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
  // session has no events yet), so nothing published in between is missed. `format=parley`: Parley's
  // envelope (the path's default is LLMHive's frames, docs/dialects.md).
  const [streamUrl, setStreamUrl] = useState<string | null>(null);
  const firstPage = history.data?.[0];
  useEffect(() => {
    if (firstPage && !streamUrl) setStreamUrl(`${base}/stream?format=parley&last_event_id=${firstPage.last_event_id ?? ORIGIN}`);
  }, [firstPage, streamUrl, base]);

  const me = info.data?.my_user_id ?? null;
  const reduce = useMemo(() => applyRoomEvent(me), [me]);
  const stream = useEventStream({ url: streamUrl, reduce, initial: emptyRoom() });
  const [sent, setSent] = useState(() => new Map<string, MessageView>());

  // After a stream reset the snapshots are refetched; the reducers make the overlap harmless.
  const { mutate: refetchHistory } = history;
  const { mutate: refetchPeople } = people;
  const { mutate: refetchInfo } = info;
  // The owner changed what guests may do: what I may do here (my_rights) is the server's to say.
  useEffect(() => {
    if (stream.data.guests) void refetchInfo();
  }, [stream.data.guests, refetchInfo]);
  useEffect(() => {
    if (stream.data.resets > 0) {
      void refetchHistory();
      void refetchPeople();
    }
  }, [stream.data.resets, refetchHistory, refetchPeople]);

  const loadMore = useCallback(() => void history.setSize((s) => s + 1), [history]);
  const onSent = useCallback((m: MessageView) => setSent((s) => new Map(s).set(m.id, m)), []);

  const participants = mergeParticipants(people.data?.participants ?? [], stream.data);
  return {
    base,
    info,
    me,
    stream,
    participants,
    avatars: avatarsById(participants),
    messages: mergeMessages(history.data?.map((p) => p.messages) ?? [], new Map([...sent, ...stream.data.messages])),
    hasMore: Boolean(history.data?.at(-1)?.has_more),
    loadingMore: history.isValidating && history.size > (history.data?.length ?? 0),
    loadMore,
    onSent,
  };
}
