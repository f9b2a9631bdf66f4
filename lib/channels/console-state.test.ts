import { describe, expect, it } from "vitest";
import type { Envelope } from "@/lib/events/envelope";
import { applyConsoleEvent, CONSOLE_CAPACITY, emptyConsole, pendingCount, visibleEvents } from "./console-state";

const ev = (n: number, type = "x.y"): Envelope => ({
  id: `${n}-0`,
  channel: "ch:c",
  type,
  ts: new Date(0).toISOString(),
  data: n,
});

describe("console state", () => {
  it("keeps the newest events up to its capacity and counts all", () => {
    let s = emptyConsole;
    for (let i = 1; i <= CONSOLE_CAPACITY + 5; i++) s = applyConsoleEvent(s, ev(i));
    expect(s.received).toBe(CONSOLE_CAPACITY + 5);
    expect(s.events).toHaveLength(CONSOLE_CAPACITY);
    expect(s.events[0]?.data).toBe(6);
    expect(s.events.at(-1)?.data).toBe(CONSOLE_CAPACITY + 5);
  });

  it("counts resets without listing them as events", () => {
    const s = applyConsoleEvent(applyConsoleEvent(emptyConsole, ev(1)), ev(2, "stream.reset"));
    expect(s).toMatchObject({ received: 1, resets: 1 });
    expect(s.events).toHaveLength(1);
  });

  it("while paused shows what came before the pause, counts what came after, and applies the filter", () => {
    let s = emptyConsole;
    for (const [i, type] of [
      [1, "agent.a"],
      [2, "ingest.b"],
      [3, "agent.c"],
    ] as const)
      s = applyConsoleEvent(s, ev(i, type));
    const agents = (type: string) => type.startsWith("agent.");
    expect(visibleEvents(s, undefined, null).map((e) => e.data)).toEqual([1, 2, 3]);
    expect(visibleEvents(s, undefined, agents).map((e) => e.data)).toEqual([1, 3]);
    expect(pendingCount(s, undefined)).toBe(0);
    expect(visibleEvents(s, "2-0", null).map((e) => e.data)).toEqual([1, 2]);
    expect(pendingCount(s, "2-0")).toBe(1);
    expect(visibleEvents(s, null, null)).toEqual([]);
    expect(pendingCount(s, null)).toBe(3);
  });
});
