"use client";
// A project's ingest jobs as they stand, live (the events spec's `ingest.job.*` events): one row per job,
// updated by each event, through the spec's stream and Parley's hook for it.
import { useCallback, useEffect, useState } from "react";
import { ApiKeyForm } from "@/components/channel-console/api-key-form";
import { tabApiKey } from "@/components/ui/tab-api-key";
import { ApiError, api } from "@/hooks/api";
import { useSpecStream } from "@/hooks/useSpecStream";
import { readTokenSchema } from "@/lib/channels/views";
import { projectChannelName } from "@/lib/dialects/events-spec/schema";
import { jobsOf } from "@/lib/dialects/events-spec/state";

const OUTCOME: Record<string, string> = {
  "ingest.job.created": "created",
  "ingest.job.updated": "running",
  "ingest.job.completed": "completed",
  "ingest.job.failed": "failed",
};

export function LiveJobs({ projectId, initialToken }: { projectId: string; initialToken: string | null }) {
  const [token, setToken] = useState<string | null>(initialToken);
  const [authError, setAuthError] = useState<string | null>(null);
  const connect = useCallback(
    async (key: string) => {
      try {
        const minted = await api(`/api/v1/channels/${projectChannelName(projectId)}/tokens`, {
          method: "POST",
          headers: { Authorization: `Bearer ${key}` },
          json: { ttl_s: 3600 },
          schema: readTokenSchema,
        });
        tabApiKey.set(key);
        setAuthError(null);
        setToken(minted.token);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        tabApiKey.clear();
        setAuthError(error.message);
      }
    },
    [projectId],
  );
  useEffect(() => {
    const stored = tabApiKey.get();
    if (stored && !initialToken) void connect(stored);
  }, [connect, initialToken]);

  const { events, status } = useSpecStream(projectId, "ingest", null, { token });
  const jobs = jobsOf(events);

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">
        Live jobs of <span className="font-mono">{projectId}</span>
      </h1>
      {!token ? (
        <ApiKeyForm error={authError} onSubmit={connect} />
      ) : (
        <>
          <p className="text-sm text-gray-600 dark:text-gray-300" data-testid="jobs-status">
            {status === "open" ? "Live" : status === "connecting" ? "Connecting…" : "Disconnected: reload the page"} ·{" "}
            {jobs.length} {jobs.length === 1 ? "job" : "jobs"}
          </p>
          <ul className="divide-y divide-gray-200 dark:divide-gray-700" aria-label="Jobs">
            {jobs.map((row) => (
              <li key={row.id} data-testid="job-row" className="space-y-1 py-2 text-sm">
                <div className="flex flex-wrap items-baseline gap-x-3">
                  <span className="break-all font-mono font-semibold">{row.id}</span>
                  <span>{String(row.job.status ?? OUTCOME[row.type] ?? row.type)}</span>
                </div>
                <p className="break-all font-mono text-xs text-gray-600 dark:text-gray-300">{JSON.stringify(row.job)}</p>
              </li>
            ))}
          </ul>
          {jobs.length === 0 && (
            <p className="text-sm text-gray-600 dark:text-gray-300">
              No job yet: publish one with <code className="font-mono">POST /api/stream/projects/{projectId}/events</code>{" "}
              {`{"type": "ingest.job.created", "job": {"id": "…"}}`}.
            </p>
          )}
        </>
      )}
    </div>
  );
}
