import { describe, expect, it } from "vitest";
import type { Envelope } from "@/lib/events/envelope";
import { initialStreamState, streamReducer } from "./stream-state";

const ev = (id: string, type = "x.y"): Envelope => ({ id, channel: "ch:c", type, ts: new Date(0).toISOString(), data: id });
const collect = streamReducer<string[]>((state, e) => [...state, e.type === "stream.reset" ? "RESET" : (e.data as string)]);

describe("stream reducer", () => {
  it("applies events once, in cursor order, ignoring replays", () => {
    let s = initialStreamState<string[]>([]);
    for (const id of ["1-0", "1-1", "1-1", "1-0", "2-0", "10-0", "9-5"]) s = collect(s, { type: "event", event: ev(id) });
    expect(s.data).toEqual(["1-0", "1-1", "2-0", "10-0"]);
    expect(s.lastEventId).toBe("10-0");
  });

  it("lets a reset move the cursor, even backwards, and tells the page", () => {
    let s = initialStreamState<string[]>([]);
    s = collect(s, { type: "event", event: ev("50-0") });
    s = collect(s, { type: "event", event: ev("20-0", "stream.reset") });
    s = collect(s, { type: "event", event: ev("21-0") });
    expect(s.data).toEqual(["50-0", "RESET", "21-0"]);
  });

  it("tracks connection status and counts reconnects after being live", () => {
    let s = initialStreamState<string[]>([]);
    expect(s.status).toBe("connecting");
    s = collect(s, { type: "drop" });
    expect(s.reconnects).toBe(0);
    s = collect(s, { type: "open" });
    expect(s.status).toBe("live");
    s = collect(s, { type: "drop" });
    expect(s).toMatchObject({ status: "reconnecting", reconnects: 1 });
    s = collect(s, { type: "closed", error: "refused" });
    expect(s).toMatchObject({ status: "closed", error: "refused" });
    s = collect(s, { type: "open" });
    expect(s).toMatchObject({ status: "live", error: null });
  });

  it("counts the events that could not be read, and changes nothing else", () => {
    let s = initialStreamState<string[]>([]);
    s = collect(s, { type: "open" });
    s = collect(s, { type: "event", event: ev("1-0") });
    const before = s;
    s = collect(s, { type: "unreadable", problem: "not JSON" });
    s = collect(s, { type: "unreadable", problem: "id: Required" });
    expect(s).toEqual({ ...before, unreadable: 2 });
  });

  it("learns the server's clock from when events arrive: the smallest offset, none from a duplicate", () => {
    const at = (id: string, ts: string, arrived?: number) => ({
      type: "event" as const,
      event: { ...ev(id), ts },
      ...(arrived !== undefined && { at: arrived }),
    });
    let s = initialStreamState<string[]>([]);
    s = collect(s, at("1-0", "2026-11-21T12:00:00.000Z"));
    expect(s.clockOffsetMs).toBeNull();
    s = collect(s, at("2-0", "2026-11-21T12:00:01.000Z", Date.parse("2026-11-21T12:01:01.300Z")));
    expect(s.clockOffsetMs).toBe(60_300);
    s = collect(s, at("3-0", "2026-11-21T12:00:02.000Z", Date.parse("2026-11-21T12:01:02.100Z")));
    expect(s.clockOffsetMs).toBe(60_100);
    s = collect(s, at("4-0", "2026-11-21T12:00:03.000Z", Date.parse("2026-11-21T12:01:09.000Z")));
    expect(s.clockOffsetMs).toBe(60_100);
    s = collect(s, at("3-0", "2026-11-21T12:00:02.000Z", Date.parse("2026-11-21T12:00:02.000Z")));
    expect(s.clockOffsetMs).toBe(60_100);
  });
});
