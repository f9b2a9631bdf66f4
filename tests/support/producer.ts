// An outside producer of runs over real HTTP: an API key with the runs scope, starting external runs
// and posting their events (as Parley's own events, or as AG-UI).
import type { TestServer } from "./server";
import { type Call, request } from "./session-client";

export function call(server: TestServer, key: string | null, method: string, path: string, body?: unknown): Promise<Call> {
  return request(`${server.url}${path}`, method, body, key ? { Authorization: `Bearer ${key}` } : {});
}

export function producer(server: TestServer, key: string) {
  return {
    key,
    start: (body: Record<string, unknown> = {}) =>
      call(server, key, "POST", "/api/v1/runs", { source: "external", task: "Ship it", ...body }),
    post: (runId: string, body: unknown, query = "") => call(server, key, "POST", `/api/v1/runs/${runId}/events${query}`, body),
    snapshot: (runId: string) => call(server, key, "GET", `/api/v1/runs/${runId}`),
    /** POSTs AG-UI events with the given content type; `body` is sent as it is when it is a string. */
    agUi: async (runId: string, body: string, contentType: string) => {
      const res = await fetch(`${server.url}/api/v1/runs/${runId}/ag-ui`, {
        method: "POST",
        headers: { Authorization: `Bearer ${key}`, "Content-Type": contentType },
        body,
      });
      return { status: res.status, body: await res.json() } as Call;
    },
  };
}

export type Producer = ReturnType<typeof producer>;

/** A started run's id, or the test fails with what the server said. */
export function runIdOf(res: Call): string {
  if (res.status !== 201) throw new Error(`start: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.run_id as string;
}
