import { describe, expect, it } from "vitest";
import { changedShare, type DiffPart, diffWords, MAX_CELLS, words } from "./word-diff";

const side = (parts: DiffPart[], keep: "added" | "removed") =>
  parts
    .filter((p) => p.op === "same" || p.op === keep)
    .map((p) => p.text)
    .join("");

describe("diffWords", () => {
  it("marks the words removed and added, and both texts come back whole", () => {
    const before = "Use tabs for indentation, always.\nThey are smaller.";
    const after = "Use spaces for indentation, always.\nThey look the same everywhere.";
    const parts = diffWords(before, after);
    expect(parts).toEqual([
      { op: "same", text: "Use " },
      { op: "removed", text: "tabs " },
      { op: "added", text: "spaces " },
      { op: "same", text: "for indentation, always.\nThey " },
      { op: "removed", text: "are smaller." },
      { op: "added", text: "look the same everywhere." },
    ]);
    expect(side(parts, "removed")).toBe(before);
    expect(side(parts, "added")).toBe(after);
  });

  it("says nothing changed for equal texts, everything for an empty side", () => {
    expect(diffWords("same text", "same text")).toEqual([{ op: "same", text: "same text" }]);
    expect(diffWords("", "new")).toEqual([{ op: "added", text: "new" }]);
    expect(diffWords("old", "")).toEqual([{ op: "removed", text: "old" }]);
    expect(diffWords("", "")).toEqual([]);
    expect(changedShare(diffWords("a b", "a b"))).toBe(0);
    expect(changedShare(diffWords("a", "b"))).toBe(1);
  });

  it("keeps whitespace with its word, so a changed line break shows", () => {
    expect(words("a  b\nc")).toEqual(["a  ", "b\n", "c"]);
    expect(diffWords("a b", "a\nb")).toEqual([
      { op: "removed", text: "a " },
      { op: "added", text: "a\n" },
      { op: "same", text: "b" },
    ]);
  });

  it("compares texts too long for the word table line by line, still whole on both sides", () => {
    const n = Math.ceil(Math.sqrt(MAX_CELLS)) + 10;
    const line = (i: number) => `${Array.from({ length: 9 }, (_, k) => `w${i}-${k}`).join(" ")}\n`;
    const before = Array.from({ length: n / 9 + 1 }, (_, i) => line(i)).join("");
    const after = before.replace(line(3), "a new third line\n");
    const started = Date.now();
    const parts = diffWords(before, after);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(parts.filter((p) => p.op !== "same")).toEqual([
      { op: "removed", text: line(3) },
      { op: "added", text: "a new third line\n" },
    ]);
    expect(side(parts, "added")).toBe(after);
  });
});
