import { describe, expect, it } from "vitest";
import { compatTaskSchema, taskWithContext } from "./task-request";

describe("Facilitair's task request", () => {
  it("accepts the seed client's context object and writes it into the task", () => {
    const input = compatTaskSchema.parse({ task: "Build a todo API", context: { language: "python", frameworks: ["fastapi"] } });
    expect(taskWithContext(input)).toBe("Build a todo API\n\nContext:\n- language: python\n- frameworks: fastapi");
  });

  it("still accepts a string context, and none", () => {
    expect(taskWithContext(compatTaskSchema.parse({ task: "t", context: "use Go" }))).toBe("t\n\nContext: use Go");
    expect(taskWithContext(compatTaskSchema.parse({ task: "t" }))).toBe("t");
  });

  it("refuses other shapes and oversized contexts", () => {
    expect(compatTaskSchema.safeParse({ task: "t", context: 5 }).success).toBe(false);
    expect(compatTaskSchema.safeParse({ task: "t", context: ["a"] }).success).toBe(false);
    expect(compatTaskSchema.safeParse({ task: "t", context: { big: "x".repeat(8001) } }).success).toBe(false);
  });
});
