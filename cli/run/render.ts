// The dashboard as lines of text for a given terminal size: a panel per agent, progress, verdict, and
// the final summary. Pure: (model, size, clock) → lines, so every layout is unit-tested.

import type { StreamStatus } from "@/lib/events/stream-state";
import { costSoFar, lanes, liveTokens, type RunLane, rejectedAtGate } from "@/lib/runs/state/run-selectors";
import type { LaneTurn } from "@/lib/runs/state/run-state";
import {
  displayWidth,
  formatCount,
  formatDuration,
  formatUsd,
  modelLabel,
  type Paint,
  pad,
  stripAnsi,
  truncate,
  wrap,
} from "../ui/text";
import { type Dashboard, elapsedMs, hasEnded, remainingMs } from "./model";

export interface RenderOptions {
  width: number;
  height: number;
  now: number;
  paint: Paint;
}

/** Text lines each panel may show, at most; fewer when the terminal is short. */
const MAX_TEXT_LINES = 8;

export function panelColumns(width: number, agents: number): number {
  const fit = width >= 150 ? 3 : width >= 96 ? 2 : 1;
  return Math.max(1, Math.min(fit, agents));
}

const runStatusStyle = {
  queued: "gray",
  running: "cyan",
  paused: "yellow",
  completed: "green",
  failed: "red",
  cancelled: "yellow",
} as const;

function connectionLabel(status: StreamStatus, paint: Paint): string {
  if (status === "live") return paint("green", "● live");
  if (status === "reconnecting") return paint("yellow", "◌ reconnecting…");
  if (status === "closed") return paint("gray", "○ closed");
  return paint("gray", "◌ connecting…");
}

function header(d: Dashboard, o: RenderOptions): string[] {
  const { run } = d.stream.data;
  const { paint, width } = o;
  const status = paint(runStatusStyle[run.status], run.status);
  const left = `${paint("bold", "parley")} · ${run.run_id} · ${run.strategy}${run.demo ? ` · ${paint("yellow", "demo model")}` : ""} · ${status}`;
  const right = hasEnded(d) ? "" : connectionLabel(d.stream.status, paint);
  const gap = width - displayWidth(left) - displayWidth(right);
  const first = gap >= 1 ? `${left}${" ".repeat(gap)}${right}` : fitStyled(left, width);
  return [first, truncate(`Task: ${run.task.replace(/\s+/g, " ")}`, width)];
}

/** Coloured text that is too wide loses its colours and is cut; text that fits keeps them. */
function fitStyled(text: string, width: number): string {
  return displayWidth(text) <= width ? text : truncate(stripAnsi(text), width);
}

function progressLine(d: Dashboard, o: RenderOptions): string {
  const s = d.stream.data;
  const { completed_steps: done, total_steps: total } = s.progress;
  const parts = [`step ${done}/${total}`];
  const elapsed = elapsedMs(d, o.now);
  if (elapsed !== null) parts.push(`${formatDuration(elapsed)} elapsed`);
  const left = remainingMs(d, o.now);
  if (left !== null) parts.push(`~${formatDuration(left)} left`);
  parts.push(`${formatCount(liveTokens(s))} tokens`, formatUsd(costSoFar(s)));
  const info = parts.join(" · ");
  const barWidth = Math.min(40, o.width - info.length - 3);
  if (barWidth < 8) return truncate(info, o.width);
  const filled = total > 0 ? Math.round((Math.min(done, total) / total) * barWidth) : 0;
  const bar = o.paint("cyan", "━".repeat(filled)) + o.paint("gray", "─".repeat(barWidth - filled));
  return `${bar}  ${info}`;
}

/** The people's side: the gate waiting for them, the latest note, the latest comment. */
function steeringLines(d: Dashboard, o: RenderOptions): string[] {
  const s = d.stream.data;
  const lines: string[] = [];
  const gate = s.gates.find((g) => g.decision === null);
  if (gate && !hasEnded(d)) {
    const approvals = gate.votes.filter((v) => v.decision === "approve").length;
    lines.push(
      o.paint("yellow", `⏸ Waiting for approval: step ${gate.step} (${gate.agent}) · ${approvals}/${gate.quorum} approvals`),
    );
  }
  const note = s.interjections.at(-1);
  if (note) lines.push(truncate(`📝 ${note.display_name} → ${note.to ?? "all"}: ${note.content.replace(/\s+/g, " ")}`, o.width));
  const comment = s.comments.at(-1);
  if (comment) lines.push(truncate(`💬 ${comment.display_name}: ${comment.content.replace(/\s+/g, " ")}`, o.width));
  return lines;
}

function verdictLines(d: Dashboard, o: RenderOptions): string[] {
  const { run, budget } = d.stream.data;
  const lines: string[] = [...steeringLines(d, o)];
  if (run.verdict) {
    const mark = run.verdict.passed ? o.paint("green", "✓") : o.paint("red", "✗");
    const score = run.verdict.score !== undefined ? ` (score ${run.verdict.score})` : "";
    lines.push(`Verdict ${mark} ${truncate(`${run.verdict.verdict.replace(/\s+/g, " ")}${score}`, o.width - 10)}`);
  }
  if (budget.warned && run.budget_usd !== null) {
    const what = budget.exceeded ? o.paint("red", "exceeded") : o.paint("yellow", "nearly spent");
    lines.push(`Budget ${formatUsd(run.budget_usd)} ${what}: ${formatUsd(budget.spent_usd)} spent`);
  }
  // An external run's shared state (AG-UI STATE_*), on one line.
  const shared = d.stream.data.shared;
  if (shared !== null && shared !== undefined) lines.push(`State ${truncate(JSON.stringify(shared) ?? "", o.width - 6)}`);
  return lines;
}

function laneStatus(lane: RunLane, runEnded: boolean, o: RenderOptions): string {
  const turn = lane.turns.at(-1);
  const tokens = lane.turns.reduce((n, t) => n + (t.status === "running" ? Math.ceil(t.text.length / 4) : t.output_tokens), 0);
  const cost = lane.turns.reduce((n, t) => n + t.cost_usd, 0);
  const round = turn && turn.round > 1 ? ` · round ${turn.round}` : "";
  const totals = turn ? ` · ${formatCount(tokens)} tok · ${formatUsd(cost)}` : "";
  if (!turn) return o.paint("gray", runEnded ? "– did not run" : "○ waiting");
  switch (turn.status) {
    case "running":
      return `${o.paint("cyan", "● writing…")}${round}${totals}`;
    case "completed": {
      const took = turn.latency_ms !== null ? ` · ${(turn.latency_ms / 1000).toFixed(1)} s` : "";
      return `${o.paint("green", "✓ done")}${round}${totals}${took}`;
    }
    case "cancelled":
      return `${o.paint("yellow", "■ cancelled")}${round}${totals}`;
    case "failed":
      return `${o.paint("red", `✗ failed${turn.error ? `: ${turn.error}` : ""}`)}${round}`;
    case "superseded":
      return `${o.paint("gray", "↺ superseded")}${round}${totals}`;
  }
}

function laneBody(lane: RunLane, width: number, lines: number, o: RenderOptions): string[] {
  if (lines <= 0) return [];
  const turn = lane.turns.at(-1);
  if (!turn) return Array.from({ length: lines }, () => "");
  const tool = turn.tools.at(-1);
  const toolLine = tool
    ? `${o.paint("magenta", `⚙ ${tool.tool}`)} ${tool.output_preview === "running…" ? "…" : tool.success ? o.paint("green", "✓") : o.paint("red", "✗")} ${truncate(tool.output_preview.replace(/\s+/g, " "), width - tool.tool.length - 5)}`
    : null;
  const textLines = lines - (toolLine ? 1 : 0);
  const wrapped = wrap(turn.text.trim(), width).filter((l, i, all) => l !== "" || (i > 0 && all[i - 1] !== ""));
  const shown = textLines > 0 ? wrapped.slice(-textLines) : [];
  const body = [...shown, ...Array.from({ length: Math.max(0, textLines - shown.length) }, () => "")];
  return toolLine ? [...body, toolLine] : body;
}

function panel(lane: RunLane, width: number, textLines: number, runEnded: boolean, o: RenderOptions): string[] {
  const inner = Math.max(1, width - 4);
  const label = modelLabel(lane.model);
  const model = ` ${lane.model.startsWith("demo") ? o.paint("yellow", label) : label} `;
  const name = ` ${o.paint("bold", lane.agent)} · `;
  // The role gives way first when the panel is narrow, then the model label.
  const roleRoom = width - 3 - displayWidth(name) - displayWidth(model);
  const top =
    roleRoom >= 4
      ? (() => {
          const title = `${name}${truncate(lane.role, roleRoom - 1)} `;
          return `┌${title}${"─".repeat(width - 2 - displayWidth(title) - displayWidth(model))}${model}┐`;
        })()
      : `┌${pad(truncate(` ${lane.agent} · ${label} `, width - 2), width - 2)}┐`;
  const row = (text: string) => `│ ${pad(text, inner)} │`;
  return [
    top,
    row(laneStatus(lane, runEnded, o)),
    ...laneBody(lane, inner, textLines, o).map(row),
    `└${"─".repeat(Math.max(0, width - 2))}┘`,
  ];
}

function compactLane(lane: RunLane, runEnded: boolean, o: RenderOptions): string {
  return fitStyled(`${lane.agent} (${modelLabel(lane.model)}) ${laneStatus(lane, runEnded, o)}`, o.width);
}

function footer(d: Dashboard, o: RenderOptions): string {
  if (d.notice) return truncate(d.notice, o.width);
  return o.paint("gray", truncate("Ctrl-C: cancel the run or detach", o.width));
}

/** The live dashboard, at most `height` lines, none wider than `width`. */
export function renderDashboard(d: Dashboard, o: RenderOptions): string[] {
  const state = d.stream.data;
  const all = lanes(state);
  const ended = hasEnded(d);
  const top = [...header(d, o), progressLine(d, o), ...verdictLines(d, o)];
  const bottom = ended ? [] : [footer(d, o)];
  const cols = panelColumns(o.width, all.length);
  const rows = Math.ceil(all.length / cols);
  const room = o.height - top.length - bottom.length;
  const textLines = Math.min(MAX_TEXT_LINES, Math.floor((room - rows * 3) / Math.max(1, rows)));

  let middle: string[];
  if (textLines < 0 || o.width < 30) {
    // Too small for boxes: one line per agent.
    middle = all.map((lane) => compactLane(lane, ended, o));
  } else {
    const gutter = 1;
    const panelWidth = Math.floor((o.width - gutter * (cols - 1)) / cols);
    middle = [];
    for (let r = 0; r < rows; r++) {
      const boxes = all.slice(r * cols, r * cols + cols).map((lane) => panel(lane, panelWidth, textLines, ended, o));
      const height = Math.max(...boxes.map((b) => b.length));
      for (let i = 0; i < height; i++) middle.push(boxes.map((b) => b[i] ?? " ".repeat(panelWidth)).join(" ".repeat(gutter)));
    }
  }
  return [...top, ...middle, ...bottom].slice(0, Math.max(1, o.height));
}

/** What stays on screen after the run: how it ended, the verdict, usage, the summary, where to look. */
export function renderSummary(d: Dashboard, o: Omit<RenderOptions, "height"> & { server: string }): string[] {
  const { run, usage, success } = d.stream.data;
  const { paint, width } = o;
  const elapsed = elapsedMs(d, o.now);
  const took = elapsed !== null ? ` in ${formatDuration(elapsed)}` : "";
  const lines: string[] = [""];
  if (run.status === "completed") {
    const head =
      success === false ? paint("yellow", "✓ Run completed — the verdict did not pass") : paint("green", "✓ Run completed");
    lines.push(`${paint("bold", head)}${took} · ${run.strategy}${run.demo ? " · demo model" : ""}`);
  } else if (run.status === "failed") {
    const why = run.error ? `${run.error.error_type}: ${run.error.message}` : "no reason given";
    lines.push(paint("bold", paint("red", `✗ Run failed${took}`)), ...wrap(why, width - 2).map((l) => `  ${l}`));
  } else if (run.status === "cancelled") {
    const why = rejectedAtGate(d.stream.data) ? " — rejected at a gate" : "";
    lines.push(paint("bold", paint("yellow", `■ Run cancelled${took}${why}`)));
  } else {
    lines.push(paint("bold", `Run ${run.status}${took}`));
  }
  if (d.endedBy === "snapshot" && d.stream.data.resets > 0) {
    lines.push(paint("gray", "  (the live events were lost with the server; this is the run's stored state)"));
  }
  if (run.verdict) {
    const mark = run.verdict.passed ? paint("green", "✓") : paint("red", "✗");
    const score = run.verdict.score !== undefined ? ` (score ${run.verdict.score})` : "";
    lines.push(
      ...wrap(`Verdict: ${run.verdict.verdict}${score}`, width - 4).map((l, i) => (i === 0 ? `${mark} ${l}` : `  ${l}`)),
    );
  }
  // A run that did not complete reports no totals: its finished turns still count.
  const sum = (f: (t: LaneTurn) => number) => d.stream.data.turns.reduce((n, t) => n + f(t), 0);
  const input = Math.max(
    usage.input_tokens,
    sum((t) => t.input_tokens),
  );
  const output = Math.max(
    usage.output_tokens,
    sum((t) => t.output_tokens),
  );
  lines.push(
    `Tokens ${formatCount(input + output)} (in ${formatCount(input)} · out ${formatCount(output)}) · cost ${formatUsd(costSoFar(d.stream.data))}`,
  );
  const shared = d.stream.data.shared;
  if (shared !== null && shared !== undefined) lines.push(...wrap(`State: ${JSON.stringify(shared)}`, width));
  if (run.summary) lines.push("", paint("bold", "Summary"), ...wrap(run.summary.trim(), width));
  lines.push("", paint("gray", truncate(`Open it in a browser: ${o.server.replace(/\/$/, "")}/runs/${run.run_id}`, width)));
  return lines;
}
