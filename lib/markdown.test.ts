import { describe, expect, it } from "vitest";
import { escapeHtml, escapeMarkdown } from "./markdown";

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
