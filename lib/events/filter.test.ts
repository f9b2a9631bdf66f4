import { describe, expect, it } from "vitest";
import { parseTypeFilter, TypeFilterError } from "./filter";

describe("type filter", () => {
  it("matches exact names and prefixes", () => {
    const match = parseTypeFilter("agent.*, run.completed")!;
    expect(match("agent.token")).toBe(true);
    expect(match("agent.turn_started")).toBe(true);
    expect(match("agent")).toBe(false);
    expect(match("agents.token")).toBe(false);
    expect(match("run.completed")).toBe(true);
    expect(match("run.completed.extra")).toBe(false);
    expect(match("run.failed")).toBe(false);
  });

  it("treats empty as no filter and * as everything", () => {
    expect(parseTypeFilter("")).toBeNull();
    expect(parseTypeFilter(null)).toBeNull();
    expect(parseTypeFilter(" , ")).toBeNull();
    expect(parseTypeFilter("*")!("anything.at_all")).toBe(true);
  });

  it("rejects what is not a type pattern", () => {
    for (const bad of ["Agent.*", "agent.", "*.token", "a b", "agent.**"]) {
      expect(() => parseTypeFilter(bad), bad).toThrow(TypeFilterError);
    }
  });
});
