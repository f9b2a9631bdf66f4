"use client";
import Link from "next/link";
import { useEffect } from "react";
import useSWR from "swr";
import type { ListRunsResponse } from "@/app/api/v1/runs/route";
import { fetcher } from "@/hooks/api";
import { messageOf } from "@/lib/errors";
import { RunStatusChip } from "./status-chip";
import { WaitingNote } from "./waiting-note";

/**
 * Recent runs, or a session's. In a room, `version` changes when a run starts or ends there (the list
 * refetches at once) and `onOpen` opens a run in the room instead of leaving it.
 */
export function RecentRuns({
  sessionId,
  version,
  onOpen,
}: {
  sessionId?: string;
  version?: number;
  onOpen?: (runId: string) => void;
}) {
  const url = `/api/v1/runs?limit=10${sessionId ? `&session_id=${sessionId}` : ""}`;
  const { data, error, mutate } = useSWR<ListRunsResponse>(url, fetcher, { refreshInterval: 5000 });
  useEffect(() => {
    if (version) void mutate();
  }, [version, mutate]);
  if (error) return <p className="text-sm text-zinc-600 dark:text-zinc-400">Recent runs are unavailable: {messageOf(error)}</p>;
  if (!data) return <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading recent runs…</p>;
  if (data.runs.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No runs yet.</p>;
  return (
    <ul className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
      {data.runs.map((run) => (
        <li key={run.run_id} data-run-id={run.run_id} className="px-3 py-2 text-sm">
          <div className="flex items-center justify-between gap-3">
            <Link
              href={`/runs/${run.run_id}`}
              onClick={(e) => {
                if (!onOpen) return;
                e.preventDefault();
                onOpen(run.run_id);
              }}
              className="min-w-0 truncate hover:underline"
            >
              <span className="mr-2 text-xs uppercase text-zinc-600 dark:text-zinc-400">{run.strategy}</span>
              {run.task}
            </Link>
            <RunStatusChip run={run} waiting={run.waiting !== null} />
          </div>
          {run.waiting && <WaitingNote waiting={run.waiting} sessionId={run.session_id} />}
        </li>
      ))}
    </ul>
  );
}
