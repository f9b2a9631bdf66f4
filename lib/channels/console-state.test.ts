import { describe, expect, it } from "vitest";
import type { Envelope } from "@/lib/events/envelope";
import { applyConsoleEvent, CONSOLE_CAPACITY, emptyConsole } from "./console-state";

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
});
