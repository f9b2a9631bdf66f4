"use client";
import Link from "next/link";
import useSWR from "swr";
import type { ListRunsResponse } from "@/app/api/v1/runs/route";
import { fetcher } from "@/hooks/api";
import { RunStatusChip } from "./status-chip";

export function RecentRuns({ sessionId }: { sessionId?: string }) {
  const url = `/api/v1/runs?limit=10${sessionId ? `&session_id=${sessionId}` : ""}`;
  const { data, error } = useSWR<ListRunsResponse>(url, fetcher, { refreshInterval: 5000 });
  if (error)
    return <p className="text-sm text-zinc-600 dark:text-zinc-400">Recent runs are unavailable: {(error as Error).message}</p>;
  if (!data) return <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading recent runs…</p>;
  if (data.runs.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No runs yet.</p>;
  return (
    <ul className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
      {data.runs.map((run) => (
        <li key={run.run_id} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
          <Link href={`/runs/${run.run_id}`} className="min-w-0 truncate hover:underline">
            <span className="mr-2 text-xs uppercase text-zinc-600 dark:text-zinc-400">{run.strategy}</span>
            {run.task}
          </Link>
          <RunStatusChip run={run} />
        </li>
      ))}
    </ul>
  );
}
