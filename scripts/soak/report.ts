// The soak's table (one row per interval) and its closing summary: totals by kind of request with every
// refusal by status, the normal client's figures, the highest values against their bounds, and verdicts.
import type { Breach, Row } from "./monitor";
import type { ReaderFigures } from "./normal-client";
import type { Bounds } from "./options";
import { ATTACK_KINDS, type AttackKind, type KindCount } from "./tally";

const MiB = 1024 * 1024;

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

const ms = (v: number) => (Number.isFinite(v) ? String(Math.round(v)) : "—");
const mib = (bytes: number) => String(Math.round(bytes / MiB));
const okNo = (c: KindCount | undefined) => (c ? `${c.accepted}/${c.refused + c.failed}` : "0/0");

interface Column {
  title: string;
  width: number;
  value(row: Row): string;
}

const kindColumn = (kind: AttackKind, title: string, width: number, withBytes = false): Column => ({
  title,
  width,
  value: (row) => {
    const c = row.attack.get(kind);
    return withBytes && c ? `${okNo(c)} ${mib(c.acceptedBytes)}` : okNo(c);
  },
});

const COLUMNS: Column[] = [
  { title: "t s", width: 5, value: (r) => String(r.atS) },
  { title: "RSS", width: 6, value: (r) => mib(r.rssBytes) },
  { title: "peak", width: 6, value: (r) => mib(r.peakBytes) },
  { title: "disk", width: 6, value: (r) => mib(r.diskBytes) },
  { title: "health p50", width: 11, value: (r) => ms(percentile(r.health, 0.5)) },
  { title: "p99", width: 6, value: (r) => ms(percentile(r.health, 0.99)) },
  { title: "bad", width: 4, value: (r) => String(r.healthBad) },
  { title: "wait", width: 5, value: (r) => String(r.healthWaiting) },
  { title: "reader p50", width: 11, value: (r) => ms(percentile(r.delivery, 0.5)) },
  { title: "p99", width: 6, value: (r) => ms(percentile(r.delivery, 0.99)) },
  { title: "late", width: 5, value: (r) => String(r.overdue) },
  kindColumn("publish", "publish ok/no MiB", 18, true),
  kindColumn("run.log", "run.log ok/no MiB", 18, true),
  kindColumn("comment", "comment ok/no", 14),
  kindColumn("run.start", "runs", 7),
  kindColumn("identity", "ids", 8),
  kindColumn("key", "keys", 6),
  { title: "slow held", width: 10, value: (r) => String(r.slowHeld) },
  { title: "cut", width: 6, value: (r) => String(r.attack.get("slow")?.refused ?? 0) },
];

const line = (cells: string[]) => cells.map((cell, i) => cell.padStart(COLUMNS[i]!.width)).join(" ");

export function tableHeader(redis: boolean): string {
  const legend =
    "RSS, peak (highest since the previous row), disk (data dir): MiB · health, reader: ms · bad: probes " +
    "answered late or not 200 · wait: probes unanswered past the bound · late: accepted events still undelivered " +
    "past the bound · ok/no: accepted / refused or failed in the interval" +
    (redis ? " · redis: used_memory MiB" : "");
  return `${legend}\n${line(COLUMNS.map((c) => c.title))}${redis ? "  redis" : ""}`;
}

export function formatRow(row: Row): string {
  const redis = row.redisBytes === null ? "" : `  ${mib(row.redisBytes).padStart(5)}`;
  return line(COLUMNS.map((c) => c.value(row))) + redis;
}

export interface Summary {
  durationS: number;
  totals: Map<AttackKind, KindCount>;
  normal: ReaderFigures & { lost: number };
  health: { latencies: number[]; bad: number };
  delivery: number[];
  highest: { peakBytes: number; diskBytes: number; redisGrowth: number };
  slowLifetimesMs: number[];
  bounds: Bounds;
  breaches: Breach[];
  redis: boolean;
}

export function formatSummary(s: Summary): string {
  const out: string[] = [
    `\nAttack totals over ${Math.round(s.durationS)} s (accepted; then every other answer by status or error):`,
  ];
  for (const kind of ATTACK_KINDS) {
    const c = s.totals.get(kind);
    if (!c || c.accepted + c.refused + c.failed === 0) continue;
    const rate = (c.acceptedBytes / MiB / (s.durationS / 60)).toFixed(1);
    const bytes = c.acceptedBytes > 0 ? ` (${mib(c.acceptedBytes)} MiB, ${rate} MiB/min)` : "";
    const others = [...c.outcomes].map(([k, n]) => `${k}×${n}`).join(", ");
    out.push(`  ${kind.padEnd(10)} ${String(c.accepted).padStart(7)} accepted${bytes}${others ? `; ${others}` : ""}`);
  }
  if (s.slowLifetimesMs.length > 0) {
    const life = (p: number) => (percentile(s.slowLifetimesMs, p) / 1000).toFixed(0);
    out.push(`  slow connections the server closed stayed open p50 ${life(0.5)} s, max ${life(1)} s`);
  }
  const n = s.normal;
  const refused = [...n.refused].map(([k, v]) => `${k}×${v}`).join(", ") || "none";
  out.push(
    "\nNormal client (127.0.0.1, its own key, 5 events/s):",
    `  published ${n.accepted} accepted (refused: ${refused}); delivered ${n.delivered}, lost ${n.lost}, gaps ${n.gaps}, ` +
      `out of order or repeated ${n.disorder}, resets ${n.resets}, reconnects ${n.reconnects}`,
    `  its publishes answered p50 ${ms(percentile(n.publishMs, 0.5))} ms, p99 ${ms(percentile(n.publishMs, 0.99))} ms ` +
      `(${n.publishMs.length} sent in ${Math.round(s.durationS)} s; unhindered it sends 5 a second)`,
    `  delivery p50 ${ms(percentile(s.delivery, 0.5))} ms, p99 ${ms(percentile(s.delivery, 0.99))} ms, max ${ms(Math.max(...s.delivery))} ms`,
    `  /api/health p50 ${ms(percentile(s.health.latencies, 0.5))} ms, p99 ${ms(percentile(s.health.latencies, 0.99))} ms, ` +
      `${s.health.bad} of ${s.health.latencies.length} probes failed or over the bound`,
    "\nBounds:",
    `  server RSS           highest ${mib(s.highest.peakBytes)} MiB   bound ${mib(s.bounds.rssBytes)} MiB`,
    `  data dir on disk     highest ${mib(s.highest.diskBytes)} MiB   bound ${mib(s.bounds.diskBytes)} MiB`,
    `  /api/health          200 within ${s.bounds.healthMs} ms, every probe`,
    `  normal reader        every accepted event, in order, within ${s.bounds.deliveryMs} ms`,
  );
  if (s.redis) out.push(`  Redis used_memory    grew ${mib(s.highest.redisGrowth)} MiB   bound ${mib(s.bounds.redisBytes)} MiB`);
  if (s.breaches.length === 0) out.push("\n✔ every bound held");
  else {
    out.push("\n✖ bounds broken:");
    for (const b of s.breaches) out.push(`  ${b.bound}: first at ${b.atS} s — ${b.detail} (seen ${b.count}×)`);
  }
  return out.join("\n");
}
