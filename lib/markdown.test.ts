import { describe, expect, it } from "vitest";
import { escapeHtml, escapeMarkdown, plainText } from "./markdown";

describe("escapeMarkdown", () => {
  it("keeps people's text literal: no HTML, no emphasis, headings, links or list markers", () => {
    expect(escapeMarkdown("<script>alert(1)</script>")).toBe("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(escapeMarkdown("**Owner** · 2026-01-01")).toBe("\\*\\*Owner\\*\\* · 2026-01-01");
    expect(escapeMarkdown("# title\n- item\n1. first\n[x](javascript:y)")).toBe(
      "\\# title\n\\- item\n1\\. first\n\\[x\\](javascript:y)",
    );
    expect(escapeMarkdown("plain words, fine")).toBe("plain words, fine");
  });

  it("neutralises HTML only in model output", () => {
    expect(escapeHtml("```ts\nconst a = b < c && d;\n```\n<img src=x>")).toBe(
      "```ts\nconst a = b &lt; c &amp;&amp; d;\n```\n&lt;img src=x&gt;",
    );
  });
});

describe("plainText", () => {
  it("reads Markdown as a line of words: no fences, headings, emphasis, markers or link targets", () => {
    expect(plainText("## Design a rate limiter\n\n**Components**: a _token_ bucket per key.\n- one\n- two")).toBe(
      "Design a rate limiter Components: a token bucket per key. one two",
    );
    expect(plainText("```ts\nconst a = 1;\n```\nSee [the docs](https://x.test) and `npm start`.")).toBe(
      "const a = 1; See the docs and npm start.",
    );
    expect(plainText("2 * 3 = 6, snake_case_name stays")).toBe("2 * 3 = 6, snake_case_name stays");
  });
});
