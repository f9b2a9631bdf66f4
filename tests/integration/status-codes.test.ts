// What a newcomer's first wrong turn answers: pages keep their friendly text with the right status,
// unknown API paths answer the one JSON error shape, and a validation failure says what is wrong.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "@/tests/support/server";
import { user } from "@/tests/support/session-client";

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ env: { PARLEY_TRUST_USER_HEADER: "true", PARLEY_RATE_LIMIT_SCALE: "1000" } });
});
afterAll(() => server?.stop());

async function page(path: string) {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, html: await res.text() };
}

describe("pages for things that are not there", () => {
  it("an unknown run, session or invite answers 404 with the friendly page", async () => {
    const run = await page("/runs/run_0000000000000000000");
    expect(run.status).toBe(404);
    expect(run.html).toContain("Run not found");
    const session = await page("/sessions/ses_00000000000000000000");
    expect(session.status).toBe(404);
    expect(session.html).toContain("Session not found");
    const join = await page("/join?token=garbage");
    expect(join.status).toBe(404);
    expect(join.html).toContain("This invite link is not valid");
    const other = await page("/no/such/page");
    expect(other.status).toBe(404);
    expect(other.html).toContain("Page not found");
  });

  it("a private session is 404 to an outsider's page and 200 to its owner's", async () => {
    const owner = user(server);
    const created = await owner.create({ title: "Private room" });
    const id = created.body.session_id as string;
    expect((await page(`/sessions/${id}`)).status).toBe(404);
    const mine = await fetch(`${server.url}/sessions/${id}`, { headers: { "X-User-ID": owner.id } });
    expect(mine.status).toBe(200);
  });

  it("an expired invite answers 410 Gone and says it expired", async () => {
    const owner = user(server);
    const created = await owner.create({ title: "Short invites" });
    const invite = await owner.invite(created.body.session_id, { role: "viewer", expires_in_s: 1 });
    expect(invite.status).toBe(201);
    await new Promise((r) => setTimeout(r, 1100)); // the invite's own 1 s lifetime, not a wait for an event
    const res = await page(`/join?token=${invite.body.invite_token}`);
    expect(res.status).toBe(410);
    expect(res.html).toContain("This invite link has expired");
  });

  it("a used-up single-use invite answers 410 Gone and says it was used", async () => {
    const owner = user(server);
    const created = await owner.create({ title: "One seat" });
    const invite = await owner.invite(created.body.session_id, { role: "editor", single_use: true });
    expect((await page(`/join?token=${invite.body.invite_token}`)).status).toBe(200);
    expect((await user(server).join(invite.body.invite_token, "Una")).status).toBe(200);
    const res = await page(`/join?token=${invite.body.invite_token}`);
    expect(res.status).toBe(410);
    expect(res.html).toContain("This invite link has been used");
  });

  it("a valid invite's page answers 200", async () => {
    const owner = user(server);
    const created = await owner.create({ title: "Open door" });
    expect((await page(`/join?token=${created.body.invite_token}`)).status).toBe(200);
  });

  it("serves a favicon", async () => {
    const res = await fetch(`${server.url}/favicon.ico`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("image/");
  });
});

describe("the API's unknown paths", () => {
  it.each(["GET", "POST", "PUT", "PATCH", "DELETE"])("%s on an unknown /api path answers JSON 404", async (method) => {
    const res = await fetch(`${server.url}/api/v1/nothing/here`, { method });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(await res.json()).toEqual({
      error: { code: "not_found", message: `No such API endpoint: ${method} /api/v1/nothing/here` },
    });
  });

  it("a wrong method on a known path answers the JSON error shape with 405 and Allow", async () => {
    const res = await fetch(`${server.url}/api/v1/runs`, { method: "PUT" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS, POST");
    expect((await res.json()).error.code).toBe("method_not_allowed");
  });
});

describe("validation messages", () => {
  it("a whitespace-only task says the task is required", async () => {
    const res = await fetch(`${server.url}/api/v1/runs`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ task: "   " }),
    });
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.error.message).toBe("The request is not valid: task — a task is required");
    expect(body.error.issues).toEqual([{ path: "task", message: "a task is required" }]);
  });
});
