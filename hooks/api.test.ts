import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readTokenSchema } from "@/lib/channels/views";
import { ApiError, api, INVALID_RESPONSE } from "./api";

// What a server may answer, by path: Parley's own answers, and what a proxy or a wrong server answers instead.
const answers: Record<string, { status: number; type?: string; body?: string }> = {
  "/ok": { status: 200, type: "application/json", body: JSON.stringify({ n: 1 }) },
  "/no-content": { status: 204 },
  "/html": { status: 200, type: "text/html", body: "<!doctype html><title>Sign in to the Wi-Fi</title>" },
  "/empty": { status: 200, type: "application/json", body: "" },
  "/forbidden": {
    status: 403,
    type: "application/json",
    body: JSON.stringify({ error: { code: "forbidden", message: "Only the owner may do that" } }),
  },
  "/invalid": {
    status: 422,
    type: "application/json",
    body: JSON.stringify({
      error: { code: "validation_failed", message: "The request is not valid", issues: [{ path: "task", message: "Required" }] },
    }),
  },
  "/bad-gateway": { status: 502, type: "text/html", body: "<h1>502 Bad Gateway</h1>" },
  "/token": {
    status: 201,
    type: "application/json",
    body: JSON.stringify({ token: "t0k", expires_at: "2026-01-01T00:00:00.000Z", stream_url: "/s", console_url: "/c" }),
  },
  "/not-a-token": { status: 201, type: "application/json", body: JSON.stringify({ ok: true }) },
};

let server: Server;
let base: string;
const received: { method?: string; type?: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ method: req.method, type: req.headers["content-type"], body });
      const answer = answers[req.url ?? ""] ?? { status: 404 };
      res.writeHead(answer.status, answer.type ? { "Content-Type": answer.type } : {});
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected the request to fail");
    },
    (error: unknown) => {
      if (!(error instanceof ApiError)) throw error;
      return { status: error.status, code: error.code, message: error.message, issues: error.issues };
    },
  );

describe("the pages' requests", () => {
  it("answer the JSON, sending a JSON body with its type; a 204 answers nothing", async () => {
    expect(await api<{ n: number }>(`${base}/ok`, { method: "POST", json: { a: 1 } })).toEqual({ n: 1 });
    expect(received.at(-1)).toEqual({ method: "POST", type: "application/json", body: '{"a":1}' });
    expect(await api(`${base}/no-content`, { method: "POST" })).toBeUndefined();
  });

  it("refuse a 200 that is not JSON instead of answering null", async () => {
    for (const path of ["/html", "/empty"]) {
      expect(await failure(api(`${base}${path}`))).toMatchObject({
        status: 200,
        code: INVALID_RESPONSE,
        message: `${base}${path} answered 200 with something other than JSON`,
      });
    }
  });

  it("throw the server's refusal with its code, message and issues", async () => {
    expect(await failure(api(`${base}/forbidden`))).toEqual({
      status: 403,
      code: "forbidden",
      message: "Only the owner may do that",
      issues: [],
    });
    expect(await failure(api(`${base}/invalid`))).toEqual({
      status: 422,
      code: "validation_failed",
      message: "The request is not valid",
      issues: [{ path: "task", message: "Required" }],
    });
    expect(await failure(api(`${base}/bad-gateway`))).toEqual({
      status: 502,
      code: "internal",
      message: "The server answered 502",
      issues: [],
    });
  });

  it("check the answer against the response's schema where there is one", async () => {
    const token = await api(`${base}/token`, { method: "POST", schema: readTokenSchema });
    expect(token.token).toBe("t0k");
    expect(await failure(api(`${base}/not-a-token`, { method: "POST", schema: readTokenSchema }))).toMatchObject({
      status: 201,
      code: INVALID_RESPONSE,
      issues: expect.arrayContaining([expect.objectContaining({ path: "token" })]),
    });
  });
});
