// Links Parley hands out, with PARLEY_PUBLIC_URL unset: an invite URL or a page's example names the server
// only by a Host that names the socket the request came in on (localhost or the address itself, on its
// port). A spoofed Host never appears in one — an invite is refused with 400 and nothing is created, a
// page falls back to the server's own address.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "@/tests/support/server";
import { newUserId } from "@/tests/support/session-client";

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ env: { PARLEY_TRUST_USER_HEADER: "true", PARLEY_RATE_LIMIT_SCALE: "100" } });
});
afterAll(() => server?.stop());

/** A request with any Host header (fetch will not send one of its own choosing). */
function send(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: "127.0.0.1",
        port: server.port,
        method,
        path,
        headers: { ...(payload && { "Content-Type": "application/json" }), ...headers },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => {
          text += d;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

const createSession = (host: string, userId: string, title: string, extra: Record<string, string> = {}) =>
  send("POST", "/api/v1/collaborate", { Host: host, "X-User-ID": userId, ...extra }, { title });

describe("invite URLs without PARLEY_PUBLIC_URL", () => {
  it("use the Host when it names this server: its address, or localhost, on its port", async () => {
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`]) {
      const res = await createSession(host, newUserId(), "Named properly");
      expect(res.status, res.body).toBe(201);
      expect(JSON.parse(res.body).invite_url).toMatch(new RegExp(`^http://${host}/join\\?token=`));
    }
  });

  it("refuse a spoofed Host with 400, create nothing, and never put it in a link", async () => {
    const owner = newUserId();
    for (const host of ["evil.example", `evil.example:${server.port}`, "127.0.0.1:1", `localhost.evil.example:${server.port}`]) {
      const res = await createSession(host, owner, `Spoofed ${host}`);
      expect(res.status, host).toBe(400);
      const body = JSON.parse(res.body);
      expect(body.error.code).toBe("bad_request");
      expect(body.error.message).toContain("PARLEY_PUBLIC_URL");
    }
    // A forwarded host counts only behind a trusted proxy (PARLEY_TRUST_PROXY): here it changes nothing.
    const forwarded = await createSession(`127.0.0.1:${server.port}`, owner, "Forwarded", { "X-Forwarded-Host": "evil.example" });
    expect(forwarded.status).toBe(201);
    expect(forwarded.body).not.toContain("evil.example");
    const mine = await send("GET", "/api/v1/me/sessions", { Host: `127.0.0.1:${server.port}`, "X-User-ID": owner });
    expect(JSON.parse(mine.body).sessions.map((s: { title: string }) => s.title)).toEqual(["Forwarded"]);
  });

  it("a new invite for an existing session is refused the same way", async () => {
    const owner = newUserId();
    const created = JSON.parse((await createSession(`127.0.0.1:${server.port}`, owner, "Invites")).body);
    const path = `/api/v1/collaborate/${created.session_id}/invites`;
    const spoofed = await send("POST", path, { Host: "evil.example", "X-User-ID": owner }, { role: "viewer" });
    expect(spoofed.status).toBe(400);
    const fine = await send("POST", path, { Host: `localhost:${server.port}`, "X-User-ID": owner }, { role: "viewer" });
    expect(fine.status).toBe(201);
    expect(JSON.parse(fine.body).invite_url).toMatch(new RegExp(`^http://localhost:${server.port}/join\\?token=`));
  });
});

describe("pages' examples", () => {
  it("show the server's own address, not a spoofed Host", async () => {
    // The home page's curl example, and the keys page's (sent with the page for the key made there).
    for (const path of ["/", "/keys"]) {
      const page = await send("GET", path, { Host: "evil.example" });
      expect(page.status, path).toBe(200);
      expect(page.body, path).not.toContain("evil.example");
      expect(page.body, path).toContain(`http://127.0.0.1:${server.port}`);
    }
  });
});
