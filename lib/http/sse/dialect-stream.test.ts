import { describe, expect, it } from "vitest";
import { facilitairDialect } from "@/lib/dialects/facilitair/task-events";
import { collaborationDialect } from "@/lib/dialects/llmhive/collaboration";
import { MemoryHub } from "@/lib/hub/memory";
import { readSse } from "@/tests/support/sse-reader";
import { dialectFraming } from "./dialect-stream";
import { eventStream, type StreamLimits } from "./event-stream";

const limits: StreamLimits = { keepaliveMs: 50, maxDurationMs: 60_000, queueBytes: 64 * 1024, lagGraceMs: 50 };
const hubOptions = { history: 10_000, historyBytes: 64 * 1024 * 1024, maxBytes: 256 * 1024 * 1024, idleMs: 60_000 };
const access = { watch: () => () => {} };

function open(hub: MemoryHub, channel: string, framing: ReturnType<typeof dialectFraming>, cursor: string | null = null) {
  const abort = new AbortController();
  const response = eventStream({
    hub,
    channel,
    start: "beginning",
    cursor,
    filter: null,
    access,
    limits,
    signal: abort.signal,
    ...framing,
  });
  return { abort, response };
}

describe("a dialect's stream", () => {
  it("frames each event as the dialect names it, with its cursor as id, and resumes after a cursor", async () => {
    const hub = new MemoryHub(hubOptions);
    const token = (text: string) => hub.publish("run:r1", { type: "agent.token", data: { turn_id: "t1", agent: "Coder", text } });
    const ids = [(await token("a")).id, (await token("b")).id, (await token("c")).id];
    const first = open(hub, "run:r1", dialectFraming(facilitairDialect("r1")));
    const sse = readSse((await first.response).body!);
    await sse.waitFor((s) => s.events.filter((e) => e.event === "token_stream").length === 3);
    const tokens = sse.events.filter((e) => e.event === "token_stream");
    expect(tokens.map((e) => e.id)).toEqual(ids);
    expect(tokens.map((e) => JSON.parse(e.data).tokens)).toEqual(["a", "b", "c"]);
    // The dialect's keepalive, named as the dialect names it.
    await sse.waitFor((s) => s.events.some((e) => e.event === "heartbeat"));
    first.abort.abort();

    const resumed = open(hub, "run:r1", dialectFraming(facilitairDialect("r1")), ids[0]);
    const again = readSse((await resumed.response).body!);
    await again.waitFor((s) => s.events.filter((e) => e.event === "token_stream").length === 2);
    expect(again.events.filter((e) => e.event === "token_stream").map((e) => e.id)).toEqual(ids.slice(1));
    resumed.abort.abort();
  });

  it("keeps Parley's comment as keepalive where the dialect names none, and sends its frames unnamed", async () => {
    const hub = new MemoryHub(hubOptions);
    await hub.publish("session:s1", { type: "session.presence", data: { user_id: "bob", online: true } });
    const { response, abort } = open(hub, "session:s1", dialectFraming(collaborationDialect));
    const sse = readSse((await response).body!);
    await sse.waitFor((s) => s.comments.includes("keepalive") && s.events.some((e) => e.data.includes("presence")));
    const frame = sse.events.find((e) => e.data.includes("presence"));
    expect(frame?.event).toBeUndefined();
    expect(JSON.parse(frame?.data ?? "{}")).toMatchObject({ type: "presence", user_id: "bob", online: true });
    abort.abort();
  });
});
