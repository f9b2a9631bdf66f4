// Quotas are shared by every instance through Redis: two `next start` instances on one PostgreSQL and one
// Redis (through the REST bridge) count a key's bytes, and an address's comments, in the same buckets.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { instancePairs, twoInstancesUnavailable } from "@/tests/support/instances";
import { producer, runIdOf } from "@/tests/support/producer";
import type { TestServer } from "@/tests/support/server";
import { request } from "@/tests/support/session-client";

const skipReason = await twoInstancesUnavailable();
if (skipReason) console.warn(`two-instance quota tests skipped: ${skipReason}`);

// The Redis is shared with other test files: addresses of this file's own keep their buckets apart.
const newAddress = () => `10.${randomBytes(3).join(".")}`;

describe.skipIf(skipReason)("quotas across two instances", () => {
  const { pair } = instancePairs({ PARLEY_CLIENT_IP_HEADER: "X-Test-Client-IP" });

  it("a key's publish bytes and an address's comments count once, whichever instance takes them", async () => {
    const [a, b] = await pair();
    const key = await a.apiKey(["publish:*", "runs"]);
    const events = Array.from({ length: 100 }, (_, i) => ({ type: "flood.chunk", data: { i, pad: "x".repeat(60_000) } }));
    const publish = (server: TestServer, address: string) =>
      fetch(`${server.url}/api/v1/channels/shared-${randomBytes(4).toString("hex")}/events`, {
        method: "POST",
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", "X-Test-Client-IP": address },
        body: JSON.stringify({ events }),
      });
    // 6 MB on A, then 6 more on B would be 12 of the key's 8 MiB a minute.
    expect((await publish(a, newAddress())).status).toBe(201);
    const refused = await publish(b, newAddress());
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/per API key/);

    const runId = runIdOf(await producer(a, key).start({ task: "Comment on me" }));
    const anchor = { event_id: "1-0" };
    const address = newAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 64; i++) {
      const server = i % 2 ? b : a;
      const page = await fetch(`${server.url}/`, { headers: { "X-Test-Client-IP": address } });
      await page.text();
      const cookie = page.headers.get("set-cookie")?.split(";")[0] ?? "";
      const res = await request(
        `${server.url}/api/v1/runs/${runId}/comments`,
        "POST",
        { content: `c${i}`, anchor },
        {
          Cookie: cookie,
          "X-Test-Client-IP": address,
        },
      );
      statuses.push(res.status);
    }
    // 60 a minute per address, across both: the first 60 taken (a few more as the window slides), then 429.
    expect(statuses.slice(0, 60).every((s) => s === 201)).toBe(true);
    expect(statuses.slice(60)).toContain(429);
  });
});
