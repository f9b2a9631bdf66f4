import { describe, expect, it } from "vitest";
import { DatabaseRecorder, type Row } from "./records";

const day = "2026-12-03";
const at = new Date(`${day}T10:00:00Z`);

function call(
  recorder: DatabaseRecorder,
  id: string,
  keyId: string,
  costUsd: number,
  status: "completed" | "failed" | "budget_exceeded" = "completed",
) {
  recorder.started({
    id,
    keyId,
    provider: "openai",
    upstream: "demo",
    model: "gpt-4o-mini",
    agent: "A",
    sessionId: null,
    stream: false,
    prompt: null,
    createdAt: at,
  });
  recorder.finished(id, {
    keyId,
    status,
    httpStatus: status === "completed" ? 200 : 502,
    finishReason: "stop",
    inputTokens: 1,
    outputTokens: 1,
    costUsd,
    ttfbMs: 1,
    latencyMs: 2,
    error: null,
    preview: "",
    completion: null,
    finishedAt: at,
  });
}

describe("a key's unwritten spend", () => {
  it("counts the calls of that key and day that cost something, until the database has them — through the write itself", async () => {
    let commit!: () => void;
    const written: Row[][] = [];
    const recorder = new DatabaseRecorder(async (batch) => {
      await new Promise<void>((resolve) => {
        commit = resolve;
      });
      written.push(batch);
    });
    call(recorder, "c1", "k1", 0.25);
    call(recorder, "c2", "k1", 0.5);
    call(recorder, "c3", "k2", 4);
    // A stream ended part-way (by its budget, or a dropped connection) cost what it had streamed.
    call(recorder, "c4", "k1", 0.125, "budget_exceeded");
    call(recorder, "c5", "k1", 0, "failed");
    expect(recorder.pendingSpendUsd("k1", day)).toBe(0.875);
    expect(recorder.pendingSpendUsd("k1", "2026-12-04")).toBe(0);

    // While the batch is being written the database does not hold it yet: it still counts here.
    const flushed = recorder.flush();
    expect(written).toEqual([]);
    expect(recorder.pendingSpendUsd("k1", day)).toBe(0.875);
    call(recorder, "c6", "k1", 1);
    expect(recorder.pendingSpendUsd("k1", day)).toBe(1.875);

    commit();
    await flushed;
    expect(written[0]?.map((r) => r.id)).toEqual(["c1", "c2", "c3", "c4", "c5"]);
    expect(recorder.pendingSpendUsd("k1", day)).toBe(1);
  });
});
