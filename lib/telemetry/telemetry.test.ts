import { describe, expect, it } from "vitest";
import { DeliveryMeter } from "./delivery-meter";
import { LagWindow } from "./lag-window";
import { modelAttributes } from "./run-trace";
import { streamKindOf } from "./stream-kind";
import { tally } from "./tally";

describe("streamKindOf", () => {
  it("labels runs, sessions and channels by their hub channel, and any re-framed stream as compat", () => {
    expect(streamKindOf("run:r1", false)).toBe("run");
    expect(streamKindOf("session:s1", false)).toBe("session");
    expect(streamKindOf("ch:ingest.jobs", false)).toBe("channel");
    expect(streamKindOf("run:r1", true)).toBe("compat");
  });
});

describe("LagWindow", () => {
  it("reports the worst lag of the current and previous window, and forgets older ones", () => {
    let now = 0;
    const lag = new LagWindow(1000, () => now);
    expect(lag.maxMs).toBe(0);
    lag.record(40);
    lag.record(10);
    expect(lag.maxMs).toBe(40);
    now = 1500;
    lag.record(5);
    expect(lag.maxMs).toBe(40);
    now = 2100;
    expect(lag.maxMs).toBe(5);
    now = 5000;
    expect(lag.maxMs).toBe(0);
  });
});

describe("modelAttributes", () => {
  it("splits Parley's provider:model ids as the GenAI conventions name them", () => {
    expect(modelAttributes("openai:gpt-4o-mini")).toEqual({
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "gpt-4o-mini",
    });
    expect(modelAttributes("compatible:llama3.1:8b")).toEqual({
      "gen_ai.provider.name": "compatible",
      "gen_ai.request.model": "llama3.1:8b",
    });
    expect(modelAttributes("demo")).toEqual({ "gen_ai.provider.name": "demo", "gen_ai.request.model": "demo" });
  });
});

describe("DeliveryMeter", () => {
  const event = (type: string, ts: number) => ({
    id: `${ts}-0`,
    channel: "ch:x",
    type,
    ts: new Date(ts).toISOString(),
    data: null,
  });

  it("counts a stream open until closed (once), its writes' events, its resets and its cut-off", () => {
    const before = structuredClone({ open: tally.open, delivered: tally.delivered, resets: tally.resets, cutOff: tally.cutOff });
    const meter = new DeliveryMeter("session");
    expect(tally.open.session).toBe(before.open.session + 1);
    meter.queued(event("a", Date.now() - 30));
    meter.queued(event("stream.reset", Date.now()));
    meter.written();
    meter.written();
    expect(tally.delivered.session).toBe(before.delivered.session + 2);
    expect(tally.resets.session).toBe(before.resets.session + 1);
    expect(tally.lag.maxMs).toBeGreaterThanOrEqual(30);
    meter.queued(event("b", Date.now()));
    meter.cutOff();
    meter.written();
    expect(tally.delivered.session).toBe(before.delivered.session + 2);
    expect(tally.cutOff.session).toBe(before.cutOff.session + 1);
    meter.closed();
    meter.closed();
    expect(tally.open.session).toBe(before.open.session);
  });
});
