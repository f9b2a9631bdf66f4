import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { describe, expect, it } from "vitest";
import { isSafeUrl, neutraliseLinks } from "@/lib/markdown-links";
import { runMarkdown } from "./run-markdown";
import type { RunSnapshot, TurnView } from "./views";

/** Every link and image a GFM viewer would render from `markdown`, as [kind, url]. */
function rendered(markdown: string): [string, string][] {
  const tree = fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const definitions = new Map<string, string>();
  const found: [string, string][] = [];
  const walk = (node: { type: string; children?: unknown[]; url?: string; identifier?: string }) => {
    if (node.type === "definition" && node.identifier && node.url !== undefined) definitions.set(node.identifier, node.url);
    if ((node.type === "link" || node.type === "image") && node.url !== undefined) found.push([node.type, node.url]);
    if ((node.type === "linkReference" || node.type === "imageReference") && node.identifier)
      found.push([node.type === "linkReference" ? "link" : "image", definitions.get(node.identifier) ?? "?"]);
    for (const child of node.children ?? []) walk(child as typeof node);
  };
  walk(tree);
  walk(tree); // twice: a reference may come before its definition
  return found.slice(found.length / 2);
}

function turn(text: string, over: Partial<TurnView> = {}): TurnView {
  return {
    turn_id: "turn_1",
    seq: 1,
    agent: "Coder",
    role: "writes code",
    model: "demo",
    round: 1,
    status: "completed",
    prompt_preview: "",
    text,
    input_tokens: 1,
    output_tokens: 2,
    cost_usd: 0,
    latency_ms: 10,
    tools: [],
    error: null,
    interjections: [],
    reasoning: "",
    inherited: false,
    inherited_from: null,
    started_at: "2026-01-01T00:00:00.000Z",
    finished_at: "2026-01-01T00:00:01.000Z",
    ...over,
  };
}

function snapshot(turns: TurnView[], summary: string | null = null): RunSnapshot {
  return {
    run: {
      run_id: "run_1",
      task: "Write it",
      strategy: "external",
      strategy_reason: "a producer's own agents",
      status: "completed",
      agents: [],
      rounds: 1,
      budget_usd: null,
      max_tokens: null,
      session_id: null,
      demo: false,
      created_at: "2026-01-01T00:00:00.000Z",
      started_at: null,
      finished_at: null,
      summary,
      verdict: null,
      error: null,
      forked_from: null,
    },
    turns,
    usage: { input_tokens: 1, output_tokens: 2, cost_usd: 0 },
    progress: { completed_steps: 1, total_steps: 1 },
    interjections: [],
    gates: [],
    comments: [],
    watchers: { count: 0, people: [] } as unknown as RunSnapshot["watchers"],
    state: null,
    log: [],
    rights: { steer: false, comment: false } as unknown as RunSnapshot["rights"],
    prices: {},
    last_event_id: null,
    forked_from: null,
    forks: [],
  };
}

describe("links in a run's Markdown export", () => {
  it("keeps http, https, mailto and relative links, and refuses every other scheme however it is spelled", () => {
    for (const url of [
      "https://x.example/a?b=1",
      "http://x",
      "mailto:a@b.example",
      "/runs/1",
      "#turn",
      "//cdn.example/x",
      "a:b/c",
    ])
      expect(isSafeUrl(url), url).toBe(url !== "a:b/c");
    for (const url of ["javascript:alert(1)", "JaVaScRiPt:x", " javascript:x", "java\tscript:x", "\u0001javascript:x"])
      expect(isSafeUrl(url), JSON.stringify(url)).toBe(false);
    for (const url of ["data:text/html;base64,PHNjcmlwdD4=", "vbscript:x", "file:///etc/passwd", "blob:x"])
      expect(isSafeUrl(url), url).toBe(false);
  });

  it("reduces a producer's javascript: and data: links to their text, inline, by reference and inside tables", () => {
    const text = [
      "See [the **docs**](javascript:alert(document.cookie)) and [a page](data:text/html;base64,PHNjcmlwdD4=).",
      "",
      "[go][evil] · [fine][ok]",
      "",
      "| a | b |",
      "|---|---|",
      "| [cell](JAVASCRIPT:x) | [ok](https://ok.example) |",
      "",
      "[evil]: javascript:alert(1)",
      "[ok]: https://ok.example/ref",
    ].join("\n");
    const md = runMarkdown(snapshot([turn(text)]));
    expect(md).not.toMatch(/javascript:|data:text/i);
    expect(md).toContain("See the docs and a page.");
    expect(rendered(md)).toEqual([
      ["link", "https://ok.example/ref"],
      ["link", "https://ok.example"],
    ]);
  });

  it("turns remote images into links (no request when the export is opened), a reference into another turn's definition too", () => {
    const first = turn("![tracking pixel](https://tracker.example/p.png?run=1) ![](//cdn.example/x.gif)");
    const second = turn("![logo][img] and ![x](javascript:alert(1))\n\n[img]: https://cdn.example/logo.png", { turn_id: "t2" });
    const md = runMarkdown(snapshot([first, second], "Done ![s](https://tracker.example/summary.png)"));
    expect(rendered(md).filter(([kind]) => kind === "image")).toEqual([]);
    expect(rendered(md)).toEqual([
      ["link", "https://tracker.example/p.png?run=1"],
      ["link", "//cdn.example/x.gif"],
      ["link", "https://cdn.example/logo.png"],
      ["link", "https://tracker.example/summary.png"],
    ]);
    expect(md).toContain("[tracking pixel](<https://tracker.example/p.png?run=1>)");
    expect(md).not.toContain("javascript:");
  });

  it("keeps ordinary Markdown and code byte for byte, links and images inside code included", () => {
    const text = [
      "# Plan",
      "",
      "1. **Read** the [spec](https://spec.example) — _carefully_",
      "- a list item with `[x](javascript:y)` in code",
      "",
      "```md",
      "![a](http://b.example/c.png) [x](javascript:y)",
      "```",
      "",
      "Visit https://auto.example or www.auto.example.",
    ].join("\n");
    const md = runMarkdown(snapshot([turn(text)]));
    expect(md).toContain(text);
  });

  it("leaves a document without links alone and removes nothing else", () => {
    expect(neutraliseLinks("plain *text*\n\n> quote\n")).toBe("plain *text*\n\n> quote\n");
    expect(neutraliseLinks("[a](javascript:x)[b](https://y)")).toBe("a[b](https://y)");
    expect(neutraliseLinks("[![img](https://i.example/i.png)](javascript:y)")).toBe("img");
  });
});
