"use client";
// The events spec's frontend hooks (seed document 002, "Frontend Integration"): `useIngestStream(projectId,
// jobId)` and its siblings return the stream's events, appended as they arrive, as the spec's hook does —
// over SSE (EventSource) instead of a WebSocket, resuming from its cursor (EventSource sends Last-Event-ID;
// events replayed after a reconnect are kept once). A project's streams need a read token (EventSource
// sends no Authorization header): `POST /api/v1/channels/project.<id>/tokens` with an API key mints one.
import { useEffect, useState } from "react";
import type { IngestJobEvent, SpecEvent, SpecKind } from "@/lib/dialects/events-spec/schema";
import { appendSpecEvent, emptySpecStream, type SpecStreamState } from "@/lib/dialects/events-spec/state";

export interface SpecStreamOptions {
  /** A read token for the channel `project.<projectId>`; null or absent: no stream yet. */
  token?: string | null;
}

export type SpecStreamStatus = "connecting" | "open" | "closed";

export function specStreamUrl(projectId: string, kind: SpecKind, id: string | null, token: string): string {
  const path = `/api/stream/projects/${encodeURIComponent(projectId)}/${kind}${id === null ? "" : `/${encodeURIComponent(id)}`}`;
  return `${path}?token=${encodeURIComponent(token)}`;
}

/** One of a project's streams, with its connection's status; the hooks below are the spec's names for it. */
export function useSpecStream(
  projectId: string,
  kind: SpecKind,
  id: string | null,
  { token = null }: SpecStreamOptions = {},
): { events: SpecEvent[]; status: SpecStreamStatus } {
  const [state, setState] = useState<SpecStreamState>(emptySpecStream);
  const [status, setStatus] = useState<SpecStreamStatus>("connecting");

  useEffect(() => {
    setState(emptySpecStream);
    if (!token) return;
    setStatus("connecting");
    const es = new EventSource(specStreamUrl(projectId, kind, id, token));
    es.onopen = () => setStatus("open");
    es.onerror = () => setStatus(es.readyState === EventSource.CLOSED ? "closed" : "connecting");
    es.onmessage = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as SpecEvent;
      setState((prev) => appendSpecEvent(prev, message.lastEventId, event));
    };
    return () => es.close();
  }, [projectId, kind, id, token]);

  return { events: state.events, status };
}

/** The spec's hook: an ingest job's events, `{type, job}`, in order. */
export function useIngestStream(projectId: string, jobId: string, options?: SpecStreamOptions): IngestJobEvent[] {
  return useSpecStream(projectId, "ingest", jobId, options).events as IngestJobEvent[];
}

/** An agent run's events: `{type, run}`, `{type, step}`, `{type, message}`. */
export function useAgentRunStream(projectId: string, runId: string, options?: SpecStreamOptions): SpecEvent[] {
  return useSpecStream(projectId, "agent-runs", runId, options).events;
}

/** A workflow run's events: `{type, node}`, `{type, run}`. */
export function useWorkflowStream(projectId: string, runId: string, options?: SpecStreamOptions): SpecEvent[] {
  return useSpecStream(projectId, "workflows", runId, options).events;
}
