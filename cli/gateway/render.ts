// `parley gateway` as text: the dashboard for a terminal of a given size (calls streaming now with their
// latest text, recent calls, the hour's totals), and one plain line per call event for pipes. Pure.
import type { Envelope } from "@/lib/events/envelope";
import { asBuiltinEvent } from "@/lib/events/schemas";
import { formatLatency, formatUsd } from "@/lib/gateway/format";
import type { GatewayCallView, TotalsRow } from "@/lib/gateway/views";
import { activeCalls, callUsage, type GatewayWatch, recentCalls, totals } from "@/lib/gateway/watch-state";
import type { ConnectionStatus } from "../sse";
import { displayWidth, type Paint, pad, stripAnsi, truncate, wrap } from "../ui/text";

export interface GatewayRenderOptions {
  width: number;
  height: number;
  now: number;
  paint: Paint;
  server: string;
  status: ConnectionStatus;
}

const clock = (iso: string) => new Date(iso).toTimeString().slice(0, 8);
const count = (n: number) => n.toLocaleString("en-US");
const modelOf = (c: GatewayCallView) =>
  `${c.provider} · ${c.model}${c.upstream === "demo" && !c.model.startsWith("demo") ? " · demo" : ""}`;

function connection(status: ConnectionStatus, paint: Paint): string {
  if (status === "live") return paint("green", "● live");
  if (status === "reconnecting") return paint("yellow", "◌ reconnecting…");
  return paint("gray", "◌ connecting…");
}

function header(o: GatewayRenderOptions): string {
  const left = `${o.paint("bold", "parley gateway")} · ${o.server}`;
  const right = connection(o.status, o.paint);
  const gap = o.width - displayWidth(left) - displayWidth(right);
  return gap >= 1 ? `${left}${" ".repeat(gap)}${right}` : truncate(`parley gateway · ${o.server}`, o.width);
}

/** A box per streaming call: agent, model, elapsed, its output and cost so far (estimated), and its last `lines` lines of text. */
function activeBox(c: GatewayCallView, lines: number, o: GatewayRenderOptions): string[] {
  const inner = Math.max(1, o.width - 4);
  const usage = callUsage(c);
  const info = ` ${formatLatency(Math.max(0, o.now - Date.parse(c.started_at)))} · out ≈${count(usage.output_tokens)} tok · ≈${formatUsd(usage.cost_usd)} (est.) `;
  const title = ` ${truncate(`${c.agent} · ${modelOf(c)}`, Math.max(1, o.width - 4 - info.length))} `;
  const fill = Math.max(0, o.width - 2 - displayWidth(title) - info.length);
  const text = wrap(c.text.replace(/\s+$/, ""), inner).slice(-lines);
  const body = [...Array.from({ length: lines - text.length }, () => ""), ...text];
  return [
    `┌${o.paint("cyan", title)}${"─".repeat(fill)}${o.paint("gray", info)}┐`,
    ...body.map((l) => `│ ${pad(l, inner)} │`),
    `└${"─".repeat(Math.max(0, o.width - 2))}┘`,
  ];
}

function statusText(c: GatewayCallView, paint: Paint): string {
  if (c.status === "streaming") return paint("cyan", "streaming");
  if (c.status === "completed") return paint("green", "ok");
  const label = c.status === "budget_exceeded" ? "over budget" : "failed";
  return paint("red", `${label}${c.http_status ? ` ${c.http_status}` : ""}`);
}

/** Columns of the recent-calls table, the agent and model shrinking first on narrow terminals. */
function recentRow(c: GatewayCallView | null, o: GatewayRenderOptions): string {
  const cells = c
    ? [
        clock(c.started_at),
        c.agent,
        modelOf(c),
        c.status === "streaming" ? "…" : `${count(c.input_tokens)} → ${count(c.output_tokens)}`,
        c.status === "streaming" ? "…" : formatUsd(c.cost_usd),
        formatLatency(c.latency_ms),
        statusText(c, o.paint),
      ]
    : ["TIME", "AGENT", "MODEL", "TOKENS", "COST", "LATENCY", "STATUS"];
  const fixed = [8, 0, 0, 13, 9, 8, 10];
  const flexible = Math.max(8, o.width - fixed.reduce((n, w) => n + w, 0) - 6);
  const widths = [8, Math.floor(flexible * 0.35), flexible - Math.floor(flexible * 0.35), 13, 9, 8, 10];
  const line = cells.map((cell, i) => pad(i === 6 ? cell : truncate(cell, widths[i]!), widths[i]!)).join(" ");
  return c ? truncateStyled(line, o.width) : o.paint("gray", truncate(line, o.width));
}

function truncateStyled(line: string, width: number): string {
  return displayWidth(line) <= width ? line : truncate(stripAnsi(line), width);
}

function totalsLine(label: string, rows: TotalsRow[], o: GatewayRenderOptions): string {
  const parts = rows.map((r) => `${r.name} ${r.requests}× ${formatUsd(r.cost_usd)}`);
  return truncate(`${label}: ${parts.length > 0 ? parts.join(" · ") : "none"}`, o.width);
}

/** The dashboard, at most `height` lines, none wider than `width`. */
export function renderGatewayDashboard(w: GatewayWatch, o: GatewayRenderOptions): string[] {
  const active = activeCalls(w);
  const hour = totals(w);
  const top = [header(o), ""];
  const bottom = [
    "",
    o.paint("bold", "Last hour"),
    totalsLine("  by agent", hour.by_agent, o),
    totalsLine("  by model", hour.by_model, o),
    o.paint("gray", truncate("Ctrl-C to stop", o.width)),
  ];
  let room = o.height - top.length - bottom.length;
  const middle: string[] = [o.paint("bold", `Streaming now (${active.length})`)];
  room -= 1;
  const textLines = active.length > 0 ? Math.max(1, Math.min(4, Math.floor((room - 4) / active.length) - 2)) : 0;
  for (const c of active) {
    if (room - (textLines + 2) < 3) break;
    middle.push(...activeBox(c, textLines, o));
    room -= textLines + 2;
  }
  if (active.length === 0) {
    middle.push(o.paint("gray", truncate("  nothing streaming", o.width)));
    room -= 1;
  }
  const recent = recentCalls(w, Math.max(0, room - 2)).filter((c) => c.status !== "streaming");
  if (room >= 3) middle.push("", recentRow(null, o), ...recent.slice(0, room - 2).map((c) => recentRow(c, o)));
  return [...top, ...middle, ...bottom].slice(0, Math.max(1, o.height));
}

/** One line for a call event in a pipe: started, completed, failed (text deltas are left out). */
export function plainGatewayLine(e: Envelope, w: GatewayWatch): string | null {
  const event = asBuiltinEvent(e);
  const time = new Date(e.ts).toTimeString().slice(0, 8);
  if (e.type === "stream.reset") return `${time} the stream was reset: calls before ${e.id} may have been missed`;
  if (!event) return null;
  switch (event.type) {
    case "gateway.request_started": {
      const d = event.data;
      return `${time} ▸ ${d.agent} → ${d.provider} · ${d.model}${d.upstream === "demo" ? " (demo)" : ""} [${d.request_id}]`;
    }
    case "gateway.completed": {
      const d = event.data;
      const c = w.calls.get(d.request_id);
      const who = c ? `${c.agent} · ${c.model}` : d.request_id;
      return `${time} ✓ ${who} · ${count(d.input_tokens)} → ${count(d.output_tokens)} tokens · ${formatUsd(d.cost_usd)} · ${formatLatency(d.latency_ms)}${d.finish_reason ? ` · ${d.finish_reason}` : ""}`;
    }
    case "gateway.failed": {
      const c = w.calls.get(event.data.request_id);
      return `${time} ✗ ${c ? `${c.agent} · ${c.model}` : event.data.request_id} · failed (${event.data.status}): ${event.data.message}`;
    }
    default:
      return null;
  }
}
