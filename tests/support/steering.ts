// A session with an owner, an editor and a viewer (X-User-ID, trusted by the test server), runs started
// in it, and the steering calls each of them makes.
import type { Envelope } from "@/lib/events/envelope";
import { isTerminalEventType } from "@/lib/runs/schemas";
import type { TestServer } from "./server";
import { newUserId, request, user } from "./session-client";
import { closeStream, readSse } from "./sse-reader";

export function runCaller(server: TestServer, userId: string | null) {
  return (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    request(`${server.url}/api/v1/runs${path}`, method, body, { ...(userId && { "X-User-ID": userId }), ...headers });
}

export type RunCaller = ReturnType<typeof runCaller>;

export interface Room {
  sessionId: string;
  owner: RunCaller;
  editor: RunCaller;
  editor2: RunCaller;
  viewer: RunCaller;
  outsider: RunCaller;
  ids: { owner: string; editor: string; editor2: string; viewer: string };
}

/** A private session with an owner, two editors and a viewer; calls may go to any of `servers`. */
export async function room(servers: TestServer[]): Promise<Room> {
  const [first] = servers;
  if (!first) throw new Error("a room needs a server");
  const owner = user(first);
  const created = await owner.create({ title: "Steering" });
  const sessionId = created.body.session_id as string;
  const editorInvite = created.body.invite_token as string;
  const viewerInvite = (await owner.invite(sessionId, { role: "viewer" })).body.invite_token as string;
  const editor = user(first);
  const editor2 = user(first);
  const viewer = user(first);
  await editor.join(editorInvite, "Eddie");
  await editor2.join(editorInvite, "Edna");
  await viewer.join(viewerInvite, "Vera");
  const on = (i: number) => servers[i % servers.length] as TestServer;
  return {
    sessionId,
    owner: runCaller(on(0), owner.id),
    editor: runCaller(on(1), editor.id),
    editor2: runCaller(on(0), editor2.id),
    viewer: runCaller(on(1), viewer.id),
    outsider: runCaller(on(0), newUserId()),
    ids: { owner: owner.id, editor: editor.id, editor2: editor2.id, viewer: viewer.id },
  };
}

export const ofType = <T extends string>(events: Envelope[], type: T) => events.filter((e) => e.type === type);

/** A run's stream as `userId` reads it (a private session's run is 404 to anyone else). */
export async function runStream(server: TestServer, runId: string, userId: string, lastEventId?: string | null) {
  const abort = new AbortController();
  const res = await fetch(`${server.url}/api/v1/runs/${runId}/events`, {
    headers: { "X-User-ID": userId, ...(lastEventId && { "Last-Event-ID": lastEventId }) },
    signal: abort.signal,
  });
  if (res.status !== 200 || !res.body) throw new Error(`run stream: ${res.status} ${await res.text()}`);
  const reader = readSse(res.body);
  return Object.assign(reader, { abort: () => closeStream(abort, reader) });
}

/** Reads the run's stream to its terminal event. */
export async function runToEnd(server: TestServer, runId: string, userId: string): Promise<Envelope[]> {
  const s = await runStream(server, runId, userId);
  await s.waitFor((r) => r.envelopes.some((e) => isTerminalEventType(e.type)), 60_000);
  if ((await s.ended) !== "end") throw new Error("the run stream did not end cleanly");
  return s.envelopes;
}
