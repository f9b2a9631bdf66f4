import { describe, expect, it } from "vitest";
import { envelopes } from "../test-envelope";
import { facilitairDialect, resultOf, toTaskEvent } from "./task-events";

const ev = envelopes("run:r1");
const usage = { input_tokens: 10, output_tokens: 20, cost_usd: 0.01 };
const turn = (turn_id: string, agent: string, text: string) =>
  ev("agent.turn_completed", {
    turn_id,
    agent,
    model: "demo",
    text,
    input_tokens: 1,
    output_tokens: 2,
    cost_usd: 0,
    latency_ms: 5,
  });

describe("Facilitair's task events", () => {
  it("token_stream carries the document's {tokens} beside Parley's token", () => {
    const frame = toTaskEvent(ev("agent.token", { turn_id: "t1", agent: "Coder", text: "def " }), "r1");
    expect(frame).toMatchObject({
      event: "token_stream",
      data: { tokens: "def ", token: "def ", agent: "Coder", chunk_id: "t1" },
    });
  });

  it("task_completed carries the whole answer as {result}, beside the summary", () => {
    const dialect = facilitairDialect("r1");
    dialect.frame(turn("t1", "Coder", "Some code.\n\nMore code."));
    dialect.frame(turn("t2", "Documenter", "The API is done.\n\nIt has three routes."));
    const done = dialect.frame(ev("run.completed", { success: true, summary: "The API is done.", usage, duration_ms: 10 }));
    expect(done).toMatchObject({
      event: "task_completed",
      data: { result: "The API is done.\n\nIt has three routes.", summary: "The API is done.", stream_id: "r1" },
    });
  });

  it("without the turn (a stream resumed after it) the result is the summary", () => {
    expect(resultOf("Done.", [])).toBe("Done.");
    expect(resultOf("Done.", ["Other text"])).toBe("Done.");
    expect(resultOf("", ["Anything"])).toBe("");
  });

  it("names the other events as the document does and keeps alive with `heartbeat`", () => {
    expect(toTaskEvent(ev("run.started", {}), "r1")?.event).toBe("task_started");
    expect(toTaskEvent(ev("run.failed", { error_type: "x", message: "y" }), "r1")?.event).toBe("task_error");
    expect(toTaskEvent(ev("run.cancelled", {}), "r1")?.event).toBe("task_error");
    expect(toTaskEvent(ev("step", { step: "a", description: "b" }), "r1")).toBeNull();
    expect(facilitairDialect("r1").keepalive("2026-11-21T12:00:00.000Z")).toEqual({
      event: "heartbeat",
      data: { timestamp: "2026-11-21T12:00:00.000Z" },
    });
  });
});
