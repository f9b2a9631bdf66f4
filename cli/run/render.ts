// The dashboard as lines of text for a given terminal size: a panel per agent, progress, verdict, and
// the final summary. Pure: (model, size, clock) → lines, so every layout is unit-tested.

import type { StreamStatus } from "@/lib/events/stream-state";
import { lanes, type RunLane, rejectedAtGate, runUsage, shownStatus, turnUsage, waitingAt } from "@/lib/runs/state/run-selectors";
import type { RunState } from "@/lib/runs/state/run-state";
import { gateDeciders, gateRuleLine, stillNeeded } from "@/lib/runs/steering/gate-rules";
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
  verdictLine,
  wrap,
} from "../ui/text";
import { type Dashboard, elapsedMs, hasEnded, remainingMs } from "./model";

export interface RenderOptions {
  width: number;
  height: number;
  now: number;
  paint: Paint;
  /** Whether this reader may cancel the run (its starter, an editor): only then does the footer offer it. */
  mayControl?: boolean;
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
  waiting: "magenta",
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
  const shown = shownStatus(d.stream.data);
  const status = paint(runStatusStyle[shown], shown === "waiting" ? "waiting for approval" : shown);
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
  const gate = waitingAt(s);
  const left = gate ? null : remainingMs(d, o.now);
  if (left !== null) parts.push(`~${formatDuration(left)} left`);
  const usage = runUsage(s);
  const about = usage.estimated ? "≈" : "";
  parts.push(
    `in ${formatCount(usage.input_tokens)} · out ${about}${formatCount(usage.output_tokens)} tokens`,
    `${about}${formatUsd(usage.cost_usd)}${usage.estimated ? " (est.)" : ""}`,
  );
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
  const gate = waitingAt(s);
  if (gate) lines.push(...gateLines(s, o));
  const note = s.notes.at(-1);
  if (note) lines.push(truncate(`📝 ${note.display_name} → ${note.to ?? "all"}: ${note.content.replace(/\s+/g, " ")}`, o.width));
  const comment = s.comments.at(-1);
  if (comment) lines.push(truncate(`💬 ${comment.display_name}: ${comment.content.replace(/\s+/g, " ")}`, o.width));
  return lines;
}

/** The gate the run waits at: for whom, since when, what each decision needs and has, and any timeout. */
function gateLines(s: RunState, o: RenderOptions): string[] {
  const gate = waitingAt(s);
  if (!gate) return [];
  const clock = (iso: string) => new Date(iso).toLocaleTimeString("en-GB", { hour12: false });
  const since = `since ${clock(gate.opened_at)}`;
  const until = gate.timeout_at ? `${gate.default_action} at ${clock(gate.timeout_at)} if nobody decides` : "no timeout";
  return [
    fitStyled(
      o.paint(
        "magenta",
        `⏸ Waiting for ${gateDeciders(s.run.session_id)}: step ${gate.step} (${gate.agent}) ${since} · ${until}`,
      ),
      o.width,
    ),
    truncate(`  ${gateRuleLine(gate)} — a single reject ends the run; needs ${stillNeeded(gate)}`, o.width),
  ];
}

function verdictLines(d: Dashboard, o: RenderOptions): string[] {
  const { run, budget } = d.stream.data;
  const lines: string[] = [...steeringLines(d, o)];
  if (run.verdict) {
    const mark = run.verdict.passed ? o.paint("green", "✓") : o.paint("red", "✗");
    lines.push(`Verdict ${mark} ${truncate(verdictLine(run.verdict), o.width - 10)}`);
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

function laneStatus(lane: RunLane, s: RunState, runEnded: boolean, o: RenderOptions): string {
  const turn = lane.turns.at(-1);
  const usage = lane.turns.map((t) => turnUsage(s, t));
  const tokens = usage.reduce((n, u) => n + u.output_tokens, 0);
  const cost = usage.reduce((n, u) => n + u.cost_usd, 0);
  const about = usage.some((u) => u.estimated) ? "≈" : "";
  const round = turn && turn.round > 1 ? ` · round ${turn.round}` : "";
  const totals = turn ? ` · out ${about}${formatCount(tokens)} tok · ${about}${formatUsd(cost)}` : "";
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

function panel(lane: RunLane, s: RunState, width: number, textLines: number, runEnded: boolean, o: RenderOptions): string[] {
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
    row(laneStatus(lane, s, runEnded, o)),
    ...laneBody(lane, inner, textLines, o).map(row),
    `└${"─".repeat(Math.max(0, width - 2))}┘`,
  ];
}

function compactLane(lane: RunLane, s: RunState, runEnded: boolean, o: RenderOptions): string {
  return fitStyled(`${lane.agent} (${modelLabel(lane.model)}) ${laneStatus(lane, s, runEnded, o)}`, o.width);
}

function footer(d: Dashboard, o: RenderOptions): string {
  if (d.notice) return truncate(d.notice, o.width);
  // Only those who may cancel are offered it; a viewer's Ctrl-C detaches.
  return o.paint(
    "gray",
    truncate(o.mayControl === false ? "Ctrl-C: detach (the run goes on)" : "Ctrl-C: cancel the run or detach", o.width),
  );
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
    middle = all.map((lane) => compactLane(lane, state, ended, o));
  } else {
    const gutter = 1;
    const panelWidth = Math.floor((o.width - gutter * (cols - 1)) / cols);
    middle = [];
    for (let r = 0; r < rows; r++) {
      const boxes = all.slice(r * cols, r * cols + cols).map((lane) => panel(lane, state, panelWidth, textLines, ended, o));
      const height = Math.max(...boxes.map((b) => b.length));
      for (let i = 0; i < height; i++) middle.push(boxes.map((b) => b[i] ?? " ".repeat(panelWidth)).join(" ".repeat(gutter)));
    }
  }
  return [...top, ...middle, ...bottom].slice(0, Math.max(1, o.height));
}

/** What stays on screen after the run: how it ended, the verdict, usage, the summary, where to look. */
export function renderSummary(d: Dashboard, o: Omit<RenderOptions, "height"> & { server: string }): string[] {
  const { run, success } = d.stream.data;
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
    lines.push(...wrap(`Verdict: ${verdictLine(run.verdict)}`, width - 4).map((l, i) => (i === 0 ? `${mark} ${l}` : `  ${l}`)));
  }
  // The same figures as the page's: the run's reported totals, or its turns' when it reported none.
  const usage = runUsage(d.stream.data);
  lines.push(
    `Tokens ${formatCount(usage.input_tokens + usage.output_tokens)} (in ${formatCount(usage.input_tokens)} · out ${formatCount(usage.output_tokens)}) · cost ${formatUsd(usage.cost_usd)}`,
  );
  const shared = d.stream.data.shared;
  if (shared !== null && shared !== undefined) lines.push(...wrap(`State: ${JSON.stringify(shared)}`, width));
  if (run.summary) lines.push("", paint("bold", "Summary"), ...wrap(run.summary.trim(), width));
  lines.push("", paint("gray", truncate(`Open it in a browser: ${o.server.replace(/\/$/, "")}/runs/${run.run_id}`, width)));
  return lines;
}
