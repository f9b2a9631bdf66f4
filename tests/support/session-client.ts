// A scripted participant of the sessions API: one user (X-User-ID, trusted by the test server).
import { randomBytes } from "node:crypto";
import type { TestServer } from "./server";
import { closeStream, readSse } from "./sse-reader";

export function newUserId(): string {
  return `u_${randomBytes(12).toString("base64url")}`;
}

export interface Call {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read JSON responses loosely and assert on them
  body: any;
  headers: Headers;
}

/**
 * One request to the test server: a body other than a string is sent as JSON; the answer's body is read
 * whole and parsed as JSON when it is JSON (a Markdown export or an SSE body stays text).
 */
export async function request(url: string, method: string, body?: unknown, headers: Record<string, string> = {}): Promise<Call> {
  const res = await fetch(url, {
    method,
    headers: { ...(body !== undefined && { "Content-Type": "application/json" }), ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: kept as text
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

export function user(server: TestServer, id = newUserId()) {
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    request(`${server.url}/api/v1/collaborate${path}`, method, body, { "X-User-ID": id, ...headers });
  return {
    id,
    call,
    create: (body: Record<string, unknown> = {}) => call("POST", "", { title: "Test session", ...body }),
    join: (token: string, name = "Guest") => call("POST", "/join", { invite_token: token, display_name: name }),
    say: (sessionId: string, content: string) => call("POST", `/${sessionId}/messages`, { content }),
    history: (sessionId: string, query = "") => call("GET", `/${sessionId}/history${query}`),
    participants: (sessionId: string) => call("GET", `/${sessionId}/participants`),
    invite: (sessionId: string, body: Record<string, unknown> = {}) => call("POST", `/${sessionId}/invites`, body),
    async stream(sessionId: string, lastEventId?: string | null) {
      const abort = new AbortController();
      const res = await fetch(`${server.url}/api/v1/collaborate/${sessionId}/stream?format=parley`, {
        headers: { "X-User-ID": id, ...(lastEventId && { "Last-Event-ID": lastEventId }) },
        signal: abort.signal,
      });
      if (res.status !== 200 || !res.body) throw new Error(`stream ${res.status}: ${await res.text()}`);
      const reader = readSse(res.body);
      return Object.assign(reader, { abort: () => closeStream(abort, reader) });
    },
  };
}

export type User = ReturnType<typeof user>;
