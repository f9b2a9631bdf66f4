import { createParser, type EventSourceMessage } from "eventsource-parser";
import { describe, expect, it } from "vitest";
import type { Envelope } from "./envelope";
import { encodeEnvelope, formatComment, formatFrame } from "./sse";

function parse(text: string) {
  const events: EventSourceMessage[] = [];
  const comments: string[] = [];
  const parser = createParser({ onEvent: (e) => events.push(e), onComment: (c) => comments.push(c) });
  parser.feed(text);
  return { events, comments };
}

describe("SSE encoding", () => {
  it("carries multi-line data intact through a real parser", () => {
    const data = "line one\nline two\r\nline three\rend";
    const { events } = parse(formatFrame({ id: "1-0", event: "x", data }));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ id: "1-0", event: "x", data: "line one\nline two\nline three\nend" });
  });

  it("refuses ids and event names that would break the framing", () => {
    expect(() => formatFrame({ id: "1-0\ndata: injected" })).toThrow();
    expect(() => formatFrame({ event: "a\rb" })).toThrow();
  });

  it("encodes an envelope once, as an unnamed event with its cursor", () => {
    const envelope: Envelope = {
      id: "5-1",
      channel: "ch:x",
      type: "a.b",
      ts: new Date(0).toISOString(),
      data: { text: "a\nb\u2028c" },
    };
    const bytes = encodeEnvelope(envelope);
    expect(encodeEnvelope(envelope)).toBe(bytes);
    const { events } = parse(new TextDecoder().decode(bytes));
    expect(events[0]?.id).toBe("5-1");
    expect(events[0]?.event).toBeUndefined();
    expect(JSON.parse(events[0]!.data)).toEqual(envelope);
  });

  it("writes comments a parser sees as comments, not events", () => {
    const { events, comments } = parse(formatComment("keepalive"));
    expect(events).toHaveLength(0);
    expect(comments).toEqual(["keepalive"]);
  });
});
