import { describe, expect, it } from "vitest";
import { hasUnstorableText, isOneLine, jsonProblem } from "./text-safety";

const nested = (depth: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};

describe("text safety", () => {
  it("finds NUL and lone surrogates, and lets paired surrogates (emoji) through", () => {
    expect(hasUnstorableText("a\u0000b")).toBe(true);
    expect(hasUnstorableText("\ud800")).toBe(true);
    expect(hasUnstorableText("x\udc00y")).toBe(true);
    expect(hasUnstorableText("ok 😀 ü")).toBe(false);
  });

  it("tells one-line text from text with control characters or line breaks", () => {
    expect(isOneLine("Ed Smith · ü 😀")).toBe(true);
    for (const bad of ["Ed\n**Owner**", "a\rb", "\x1b[31mred", "bell\x07", "del\x7f", "c1\u0085", "tab\t", "sep\u2028"]) {
      expect(isOneLine(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it("limits nesting without recursing, and names the path of a bad string or key", () => {
    expect(jsonProblem(nested(64), 64)).toBeNull();
    expect(jsonProblem(nested(65), 64)?.message).toMatch(/deeper than 64/);
    expect(jsonProblem(nested(100_000), 64)).not.toBeNull();
    expect(jsonProblem({ a: [{ b: "x\u0000" }] }, 64)).toEqual({ path: "a.0.b", message: expect.stringMatching(/NUL/) });
    expect(jsonProblem({ ["k\ud800"]: 1 }, 64)?.path).toBe("k\ud800");
    expect(jsonProblem({ fine: ["😀", 1, null, true, { deep: "ok" }] }, 64)).toBeNull();
  });
});
