// Starting runs and reading their streams over real HTTP, for the runs tests.
import type { Envelope } from "@/lib/events/envelope";
import { isTerminalEventType } from "@/lib/runs/schemas";
import type { TestServer } from "./server";
import { closeStream, readSse, type SseReader } from "./sse-reader";

export interface StartedRun {
  run_id: string;
  control_token: string;
  stream_url: string;
}

export async function startRun(server: TestServer, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/api/v1/runs`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`start run: ${res.status} ${await res.text()}`);
  return (await res.json()) as StartedRun;
}

export async function openRunStream(
  server: TestServer,
  path: string,
  lastEventId?: string | null,
): Promise<SseReader & { abort(): void }> {
  const abort = new AbortController();
  const res = await fetch(`${server.url}${path}`, {
    headers: lastEventId ? { "Last-Event-ID": lastEventId } : {},
    signal: abort.signal,
  });
  if (res.status !== 200 || !res.body) throw new Error(`stream ${path}: ${res.status} ${await res.text()}`);
  const reader = readSse(res.body);
  return Object.assign(reader, { abort: () => closeStream(abort, reader) });
}

/** Reads a run's stream to its terminal event and returns every envelope. */
export async function watchToEnd(server: TestServer, runId: string): Promise<Envelope[]> {
  const s = await openRunStream(server, `/api/v1/runs/${runId}/events`);
  await s.waitFor((r) => r.envelopes.some((e) => isTerminalEventType(e.type)), 60_000);
  expectEnded(await s.ended);
  return s.envelopes;
}

function expectEnded(outcome: "end" | "error") {
  if (outcome !== "end") throw new Error("the run stream did not end cleanly");
}

export const typesOf = (events: Envelope[]) =>
  events.map((e) => e.type).filter((t, i, all) => !(t === "agent.token" && all[i - 1] === "agent.token"));
