import { describe, expect, it } from "vitest";
import {
  displayWidth,
  formatDuration,
  formatUsd,
  modelLabel,
  pad,
  painter,
  printable,
  printableStrings,
  truncate,
  verdictLine,
  wrap,
} from "./text";

describe("terminal text", () => {
  it("measures columns, not characters: colours take none, wide characters two", () => {
    expect(displayWidth(painter(true)("red", "abc"))).toBe(3);
    expect(displayWidth("日本")).toBe(4);
    expect(displayWidth("e\u0301")).toBe(1);
  });

  it("measures emoji sequences and flags as the terminal draws them, and never cuts one apart", () => {
    // A ZWJ sequence and flags are one glyph of two columns; the old code-point table said 4, 4 and 8.
    expect(displayWidth("👩‍💻")).toBe(2);
    expect(displayWidth("🏳️‍🌈")).toBe(2);
    expect(displayWidth("🏴󠁧󠁢󠁳󠁣󠁴󠁿")).toBe(2);
    expect(displayWidth("🇯🇵 ok")).toBe(5);
    // Symbols drawn as text (the dashboard's own) stay one column.
    expect(displayWidth("⚙ ● ✓ ✗ ■ ━ ┌")).toBe(13);
    expect(truncate("👩‍💻👩‍💻👩‍💻", 5)).toBe("👩‍💻👩‍💻…");
    expect(wrap("🏳️‍🌈🏳️‍🌈🏳️‍🌈", 4)).toEqual(["🏳️‍🌈🏳️‍🌈", "🏳️‍🌈"]);
    expect(displayWidth(pad("👩‍💻 dev", 8))).toBe(8);
  });

  it("truncates with an ellipsis and pads to an exact width", () => {
    expect(truncate("abcdef", 4)).toBe("abc…");
    expect(truncate("abc", 4)).toBe("abc");
    expect(truncate("日本語", 4)).toBe("日…");
    expect(pad("ab", 4)).toBe("ab  ");
    expect(displayWidth(pad(painter(true)("green", "ok"), 5))).toBe(5);
  });

  it("wraps words, keeps line breaks, and splits words longer than a line", () => {
    expect(wrap("the quick brown fox", 10)).toEqual(["the quick", "brown fox"]);
    expect(wrap("a\n\nb", 10)).toEqual(["a", "", "b"]);
    expect(wrap("abcdefghij", 4)).toEqual(["abcd", "efgh", "ij"]);
    for (const line of wrap("x ".repeat(50) + "y".repeat(30), 7)) expect(displayWidth(line)).toBeLessThanOrEqual(7);
  });

  it("formats durations, money and the demo model's label", () => {
    expect([formatDuration(0), formatDuration(61_400), formatDuration(3_725_000)]).toEqual(["0:00", "1:01", "1:02:05"]);
    expect([formatUsd(0.0005), formatUsd(1.5)]).toEqual(["$0.00050", "$1.5000"]);
    expect([modelLabel("demo"), modelLabel("demo:swift"), modelLabel("openai:gpt-4o")]).toEqual([
      "demo",
      "demo · swift",
      "openai:gpt-4o",
    ]);
  });

  it("paints nothing when colour is off", () => {
    expect(painter(false)("red", "x")).toBe("x");
  });
});

describe("printable", () => {
  it("strips escape sequences and C0/C1 controls, keeping line breaks and tabs", () => {
    expect(printable("a\x1b[31mred\x1b[0m\x07b\x7fc\u009bd\u0085e\x1b]2;title\x07f")).toBe("aredbcdef");
    expect(printable("one\r\ntwo\rthree\n\tfour\x00")).toBe("one\ntwothree\n\tfour");
    expect(printable("plain ü 😀 — fine")).toBe("plain ü 😀 — fine");
    expect(JSON.parse('{"m":"x\\u001b[2Jy","n":[1,"\\u0007"]}', printableStrings)).toEqual({ m: "xy", n: [1, ""] });
  });

  it("strips bidirectional and zero-width characters, so a name cannot reverse or hide the rest of its line", () => {
    expect(printable("Mallory\u202E: I approve\u202C")).toBe("Mallory: I approve");
    expect(printable("\u2067evil\u2069 a\u200Bd\u200Em\u200Fi\u061Cn\uFEFF")).toBe("evil admin");
    expect(JSON.parse('{"display_name":"Ed\\u202ezyx"}', printableStrings)).toEqual({ display_name: "Edzyx" });
    expect(printable("👩‍💻 🏳️‍🌈 می‌خواهم")).toBe("👩‍💻 🏳️‍🌈 می‌خواهم");
  });
});

describe("verdictLine", () => {
  it("names a debate's decision with its confidence once, and adds a reviewer's score", () => {
    expect(verdictLine({ verdict: "Decision: a monolith (confidence 7/10)", score: 7 })).toBe(
      "Decision: a monolith (confidence 7/10)",
    );
    expect(verdictLine({ verdict: "VERDICT: PASS — SCORE: 9/10", score: 9 })).toBe("VERDICT: PASS — SCORE: 9/10 (score 9)");
  });
});
