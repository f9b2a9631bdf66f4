import { describe, expect, it } from "vitest";
import { backoffMs } from "@/lib/backoff";
import { STREAM_RETRY_BACKOFF } from "./stream-connection";

describe("the browser's stream", () => {
  it("waits 1 s before reconnecting after the browser gave up, doubling up to 30 s", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 40].map((n) => backoffMs(n, STREAM_RETRY_BACKOFF))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });
});
