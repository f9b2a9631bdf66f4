import { describe, expect, it } from "vitest";
import { ORIGIN } from "@/lib/events/cursor";
import { builtinEventSchemas } from "@/lib/events/schemas";
import { type RetainedRange, resetEvent, resetReason } from "./reset";

const range = (r: Partial<RetainedRange>): RetainedRange => ({
  last: null,
  trimmedThrough: null,
  floor: null,
  epoch: "server restarted",
  ...r,
});

describe("resetReason", () => {
  it("lets a reader start from the origin unless the beginning was trimmed", () => {
    expect(resetReason(ORIGIN, range({}))).toBeNull();
    expect(resetReason(ORIGIN, range({ last: "50-0", floor: "10-0" }))).toBeNull();
    expect(resetReason(ORIGIN, range({ last: "50-0", trimmedThrough: "20-0" }))).toBe("history before the cursor was trimmed");
  });

  it("resets a cursor ahead of the channel's newest event, or of an empty channel's floor", () => {
    expect(resetReason("51-0", range({ last: "50-0", floor: "10-0" }))).toBe("cursor is ahead of this channel (another epoch)");
    expect(resetReason("10-0", range({ floor: "10-0" }))).toBe("cursor is ahead of this channel (another epoch)");
    expect(resetReason("50-0", range({ last: "50-0", floor: "10-0" }))).toBeNull();
  });

  it("resets a cursor older than what was trimmed; the newest trimmed cursor itself has missed nothing", () => {
    const trimmed = range({ last: "50-0", trimmedThrough: "20-3", floor: "10-0" });
    expect(resetReason("20-2", trimmed)).toBe("cursor is older than retained history");
    expect(resetReason("1-0", trimmed)).toBe("cursor is older than retained history");
    expect(resetReason("20-3", trimmed)).toBeNull();
    expect(resetReason("30-0", trimmed)).toBeNull();
  });

  it("resets a cursor from before the channel began here, naming the hub's cause", () => {
    expect(resetReason("9-9", range({ last: "50-0", floor: "10-0" }))).toBe("cursor is from another epoch (server restarted)");
    expect(resetReason("10-0", range({ last: "50-0", floor: "10-0" }))).toBeNull();
    expect(resetReason("9-0", range({ floor: "10-0" }))).toBe("cursor is from another epoch (server restarted)");
    // No stream and no floor: nothing this channel holds can continue the cursor.
    expect(resetReason("9-0", range({ epoch: "the channel's history expired" }))).toBe(
      "cursor is from another epoch (the channel's history expired)",
    );
  });
});

describe("resetEvent", () => {
  it("is a stream.reset whose id is the cursor to continue from, valid by its schema", () => {
    const event = resetEvent("ch:x", "50-0", "cursor is older than retained history", Date.UTC(2026, 0, 1));
    expect(event).toEqual({
      id: "50-0",
      channel: "ch:x",
      type: "stream.reset",
      ts: "2026-01-01T00:00:00.000Z",
      data: { reason: "cursor is older than retained history", cursor: "50-0" },
    });
    expect(builtinEventSchemas["stream.reset"].safeParse(event.data).success).toBe(true);
  });
});
