// External runs across two instances sharing PostgreSQL and Redis: a producer whose batches land on
// either instance — one after another, and at the same time — builds exactly its run (no batch lost or
// doubled, every token once in the stream), and people's controls asked on one instance reach the
// producer posting to the other.
import { describe, expect, it } from "vitest";
import { instancePairs, twoInstancesUnavailable } from "@/tests/support/instances";
import { producer, runIdOf } from "@/tests/support/producer";
import { watchToEnd } from "@/tests/support/run-client";

const skipReason = await twoInstancesUnavailable();
if (skipReason) console.warn(`two-instance external run tests skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)("external runs on two instances", () => {
  const { pair } = instancePairs();

  it("batches on either instance, concurrent ones too, make exactly the producer's run; controls cross over", async () => {
    const [a, b] = await pair();
    const key = await a.apiKey(["runs"]);
    const onA = producer(a, key);
    const onB = producer(b, key);
    const runId = runIdOf(await onA.start({ task: "Across instances" }));
    const agents = ["North", "South", "East", "West"];
    const begun = await onB.post(runId, {
      events: agents.map((agent, i) => ({ type: "agent.turn_started", data: { turn_id: `t${i}`, agent } })),
    });
    expect(begun.status).toBe(200);

    // Each agent's words from its own loop, every batch to either instance, all loops at once.
    const words = Array.from({ length: 12 }, (_, i) => `w${i} `);
    await Promise.all(
      agents.map(async (_, i) => {
        for (const [n, text] of words.entries()) {
          const target = (n + i) % 2 === 0 ? onA : onB;
          const res = await target.post(runId, { type: "agent.token", data: { turn_id: `t${i}`, text } });
          expect(res.status, JSON.stringify(res.body)).toBe(200);
        }
      }),
    );

    // A pause asked on B reaches the producer posting to A.
    const paused = await fetch(`${b.url}/api/v1/runs/${runId}/pause`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}` },
    });
    expect(paused.status).toBe(200);
    const told = await onA.post(runId, { events: [] });
    expect(told.body.controls.requested).toBe("pause");
    expect(told.body.controls.events.map((e: { type: string }) => e.type)).toContain("control.pause");

    const ends = agents.map((_, i) => ({ type: "agent.turn_completed", data: { turn_id: `t${i}` } }));
    expect((await onA.post(runId, { events: [...ends, { type: "run.completed", data: {} }] })).status).toBe(200);

    const snap = (await onB.snapshot(runId)).body;
    expect(snap.run.status).toBe("completed");
    for (const turn of snap.turns) expect(turn.text).toBe(words.join(""));
    const events = await watchToEnd(a, runId);
    expect(events.filter((e) => e.type === "agent.token")).toHaveLength(agents.length * words.length);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.map((e) => e.id)).toEqual((await watchToEnd(b, runId)).map((e) => e.id));
  });
});
