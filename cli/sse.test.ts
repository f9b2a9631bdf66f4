import { describe, expect, it } from "vitest";
import { backoffMs } from "@/lib/backoff";
import { formatFrame } from "@/lib/events/sse";
import { LastEventIdTracker, RECONNECT_BACKOFF } from "./sse";

describe("the last event id", () => {
  it("follows every frame's id, including Parley's id-only first frame, across chunk boundaries", () => {
    const wire = [formatFrame({ retry: 2000, id: "100-0" }), formatFrame({ id: "100-1", data: "{}" }), ": keepalive\n\n"].join(
      "",
    );
    const ids = new LastEventIdTracker(null);
    const seen: (string | null)[] = [];
    for (let i = 0; i < wire.length; i += 7) {
      ids.feed(wire.slice(i, i + 7));
      seen.push(ids.lastEventId);
    }
    expect(seen).toContain("100-0");
    expect(ids.lastEventId).toBe("100-1");
  });

  it("changes only when a frame ends, and keeps the cursor it was given until then", () => {
    const ids = new LastEventIdTracker("5-0");
    ids.feed("id: 6-0\ndata: x\n");
    expect(ids.lastEventId).toBe("5-0");
    ids.feed("\r\n");
    expect(ids.lastEventId).toBe("6-0");
    ids.feed(": comment\n\ndata: no id\n\n");
    expect(ids.lastEventId).toBe("6-0");
  });
});

describe("reconnecting", () => {
  it("waits 0.5 s after the first failure, doubling up to 5 s", () => {
    expect([1, 2, 3, 4, 5, 6, 20].map((n) => backoffMs(n, RECONNECT_BACKOFF))).toEqual([500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });
});
