import { describe, expect, it } from "vitest";
import { cursorAfter, gapsOf, resumeRequest } from "./resume-reader.mjs";

describe("the resume bench's readers", () => {
  it("hand their cursor back the way each column reads it", () => {
    const auth = { Authorization: "Bearer k" };
    expect(resumeRequest("/s", auth, { kind: "last-event-id" }, null)).toEqual({ path: "/s", headers: auth });
    expect(resumeRequest("/s", auth, { kind: "last-event-id" }, "17-0")).toEqual({
      path: "/s",
      headers: { ...auth, "Last-Event-ID": "17-0" },
    });
    expect(resumeRequest("/s?channel=bench", {}, { kind: "json-id-query", name: "last_ack_bench" }, "17-0").path).toBe(
      "/s?channel=bench&last_ack_bench=17-0",
    );
    expect(resumeRequest("/s", {}, { kind: "chars-query", name: "resumeAt" }, "931").path).toBe("/s?resumeAt=931");
  });

  it("move their cursor to an event's id, and not on a frame without one", () => {
    const sse = { kind: "last-event-id" } as const;
    expect(cursorAfter(sse, 'id: 5-1\ndata: {"seq":3}', "5-0")).toBe("5-1");
    expect(cursorAfter(sse, ": keepalive", "5-1")).toBe("5-1");
    const realtime = { kind: "json-id-query", name: "last_ack_bench" } as const;
    expect(cursorAfter(realtime, 'data: {"data":{"seq":3},"event":"bench.tick","id":"9-2"}', "9-1")).toBe("9-2");
    expect(cursorAfter(realtime, 'data: {"type":"connected","channel":"bench"}', "9-2")).toBe("9-2");
  });

  it("count as gaps only accepted events after their first that they never got", () => {
    expect(gapsOf([0, 1, 2, 3, 5], 1, new Set([1, 2, 5]))).toBe(1);
    expect(gapsOf([0, 1, 2], 0, new Set([0, 1, 2]))).toBe(0);
  });
});
