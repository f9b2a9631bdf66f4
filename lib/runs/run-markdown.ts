// A run as Markdown, for GET /api/v1/runs/{id}/export?format=md. Pure: it reads a snapshot, nothing else.
import { escapeHtml, escapeMarkdown } from "@/lib/markdown";
import { neutraliseLinks } from "@/lib/markdown-links";
import type { RunSnapshot } from "./views";

/**
 * The run as Markdown: what people and producers wrote is escaped; model output keeps its Markdown, not
 * its HTML, nor a link that is not http(s)/mailto, nor an image that would load on opening (see markdown-links).
 */
export function runMarkdown(snapshot: RunSnapshot): string {
  const { run, turns, usage, comments } = snapshot;
  const lines = [
    `# ${escapeMarkdown(run.task)}`,
    "",
    `${run.strategy} · ${run.status}${run.demo ? " · demo model" : ""} · ${usage.input_tokens + usage.output_tokens} tokens · $${usage.cost_usd.toFixed(4)}`,
    "",
    `_${escapeMarkdown(run.strategy_reason)}_`,
    "",
  ];
  for (const t of turns) {
    lines.push(
      `## ${escapeMarkdown(t.agent)} — ${escapeMarkdown(t.role)}${run.strategy === "debate" ? ` (round ${t.round})` : ""}`,
      "",
      `_${escapeMarkdown(t.model)} · ${t.status}${t.latency_ms !== null ? ` · ${(t.latency_ms / 1000).toFixed(1)} s` : ""} · ${t.output_tokens} tokens_`,
      "",
      ...(t.reasoning ? [`> _Reasoning:_ ${escapeMarkdown(t.reasoning.replace(/\s+/g, " "))}`, ""] : []),
      escapeHtml(t.text) || "_(no output)_",
      "",
    );
    for (const tool of t.tools)
      lines.push(`> 🔧 ${escapeMarkdown(tool.tool)}: ${tool.success ? "✓" : "✗"} ${escapeMarkdown(tool.output_preview)}`, "");
    if (t.error) lines.push(`> ⚠ ${escapeMarkdown(t.error)}`, "");
    for (const c of comments.filter((c) => "turn_id" in c.anchor && c.anchor.turn_id === t.turn_id)) {
      lines.push(`> 💬 **${escapeMarkdown(c.display_name)}**: ${escapeMarkdown(c.content)}`, "");
    }
  }
  lines.push(...steeringMarkdown(snapshot), ...producerMarkdown(snapshot));
  if (run.verdict) lines.push("## Verdict", "", `${run.verdict.passed ? "✓" : "✗"} ${escapeMarkdown(run.verdict.verdict)}`, "");
  if (run.summary) lines.push("## Summary", "", escapeHtml(run.summary), "");
  if (run.error) lines.push("## Error", "", `${escapeMarkdown(run.error.error_type)}: ${escapeMarkdown(run.error.message)}`, "");
  // The whole document at once: a reference in one turn may point at a definition in another.
  return `${neutraliseLinks(lines.join("\n")).trimEnd()}\n`;
}

/** What an outside producer kept with the run: its shared state and its event log, as JSON that cannot end the fence. */
function producerMarkdown({ state, log }: RunSnapshot): string[] {
  const safe = (value: unknown) => (JSON.stringify(value, null, 2) ?? "null").replace(/`/g, "\\u0060");
  const lines: string[] = [];
  if (state !== null && state !== undefined) lines.push("## State", "", "```json", safe(state), "```", "");
  if (log.length) {
    lines.push("## Event log", "");
    for (const e of log)
      lines.push(`- ${escapeMarkdown(e.source)} ${escapeMarkdown(e.type)}: \`${safe(e.data).replace(/\s+/g, " ")}\``);
    lines.push("");
  }
  return lines;
}

/** The people's side of a run: their notes, the gates they decided, and comments pinned to events. */
function steeringMarkdown({ interjections, gates, comments }: RunSnapshot): string[] {
  const lines: string[] = [];
  if (interjections.length) {
    lines.push("## Notes to the agents", "");
    for (const n of interjections)
      lines.push(
        `- **${escapeMarkdown(n.display_name)}**${n.to ? ` → ${escapeMarkdown(n.to)}` : ""}: ${escapeMarkdown(n.content)}`,
      );
    lines.push("");
  }
  if (gates.length) {
    lines.push("## Approval gates", "");
    for (const g of gates) {
      const votes = g.votes.map((v) => `${escapeMarkdown(v.display_name)}: ${v.decision}`).join(", ");
      lines.push(
        `- Step ${g.step} (${escapeMarkdown(g.agent)}): ${g.decision ?? "waiting"}${votes ? ` — ${votes}` : ""}${g.note ? ` — “${escapeMarkdown(g.note)}”` : ""}`,
      );
    }
    lines.push("");
  }
  const onEvents = comments.filter((c) => "event_id" in c.anchor);
  if (onEvents.length) {
    lines.push("## Comments on events", "");
    for (const c of onEvents)
      lines.push(
        `- **${escapeMarkdown(c.display_name)}** (event ${"event_id" in c.anchor ? c.anchor.event_id : ""}): ${escapeMarkdown(c.content)}`,
      );
    lines.push("");
  }
  return lines;
}
