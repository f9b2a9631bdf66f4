"use client";
import { useCallback, useState } from "react";
import useSWR from "swr";
import type { GetRunResponse } from "@/app/api/v1/runs/[id]/route";
import { Notice } from "@/components/session/notice";
import { ApiError, fetcher } from "@/hooks/api";
import { ShareTokenContext } from "@/hooks/useShareToken";
import { messageOf } from "@/lib/errors";
import { withShare } from "@/lib/runs/share/schemas";
import { RunTimeline } from "./run-timeline";

export function RunPage({
  id,
  inRoom = false,
  shareToken = null,
  at = null,
}: {
  id: string;
  inRoom?: boolean;
  shareToken?: string | null;
  /** A link's replay position (`?t=`). */
  at?: string | null;
}) {
  const url = withShare(`/api/v1/runs/${id}`, shareToken);
  const snapshot = useSWR<GetRunResponse>(url, fetcher, { revalidateOnFocus: false, revalidateIfStale: false });
  // After a stream reset the snapshot is fetched again and the timeline starts over from it.
  const [generation, setGeneration] = useState(0);
  const { mutate } = snapshot;
  const onReset = useCallback(() => {
    void mutate().then(() => setGeneration((g) => g + 1));
  }, [mutate]);

  if (snapshot.error) {
    return snapshot.error instanceof ApiError && snapshot.error.status === 404 ? (
      <Notice title="Run not found">It may belong to a private session you are not in.</Notice>
    ) : (
      <Notice title="Could not load this run">{messageOf(snapshot.error)}</Notice>
    );
  }
  if (!snapshot.data) return <p className="text-zinc-600 dark:text-zinc-400">Loading run…</p>;
  return (
    <ShareTokenContext value={shareToken}>
      <RunTimeline key={generation} snapshot={snapshot.data} onReset={onReset} inRoom={inRoom} at={at} />
    </ShareTokenContext>
  );
}
