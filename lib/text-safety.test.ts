import { describe, expect, it } from "vitest";
import { hasHiddenCharacters, hasUnstorableText, isOneLine, jsonProblem, withoutHiddenCharacters } from "./text-safety";

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

  it("refuses the invisible and bidirectional formatting characters a one-line field could hide or reorder text with", () => {
    const hidden = {
      "right-to-left override": "admin\u202Egnp.exe",
      "left-to-right override": "a\u202Db",
      embeddings: "a\u202A\u202B\u202Cb",
      isolates: "\u2066a\u2067b\u2068c\u2069",
      marks: "a\u200Eb\u200Fc\u061Cd",
      "zero-width space": "ad\u200Bmin",
      "word joiner": "ad\u2060min",
      "zero-width no-break space (BOM) inside": "ad\uFEFFmin",
      "soft hyphen": "ad\u00ADmin",
      "Hangul filler (an invisible name)": "\u3164",
      "interlinear annotation": "a\uFFF9b\uFFFAc\uFFFB",
      "tag characters outside a flag (invisible text)": "hi\u{E0069}\u{E0067}\u{E006E}",
    };
    for (const [what, text] of Object.entries(hidden)) {
      expect(hasHiddenCharacters(text), what).toBe(true);
      expect(isOneLine(text), what).toBe(false);
    }
  });

  it("keeps the joiners, selectors and tag sequences that scripts and emoji are made of", () => {
    for (const fine of [
      "👩‍💻 dev", // zero-width joiner
      "🏳️‍🌈", // variation selector + joiner
      "🏴󠁧󠁢󠁳󠁣󠁴󠁿 Scot", // a subdivision flag: tag characters inside an emoji tag sequence
      "می‌خواهم", // Persian with a zero-width non-joiner
      "שלום עליכם", // right-to-left text itself
      "مرحبا Ed",
    ]) {
      expect(hasHiddenCharacters(fine), fine).toBe(false);
      expect(isOneLine(fine), fine).toBe(true);
      expect(withoutHiddenCharacters(fine)).toBe(fine);
    }
  });

  it("strips what it refuses, keeping emoji whole", () => {
    expect(withoutHiddenCharacters("Ed\u202E\u2066txt.exe\u2069\u200B 🏴󠁧󠁢󠁳󠁣󠁴󠁿\u{E0041}")).toBe("Edtxt.exe 🏴󠁧󠁢󠁳󠁣󠁴󠁿");
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
