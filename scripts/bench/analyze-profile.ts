// `node --max-old-space-size=6144 --import tsx scripts/bench/analyze-profile.ts [DIR] [FLOOR_DIR]`: reads
// what profile.ts left in DIR — the per-connection heap (snapshot diff by constructor), the biggest
// retained strings of the idle server (module sources), the CPU profile's self time per phase and the
// heap profile's top allocation sites — and prints it. Given FLOOR_DIR (a `profile.ts --floor` run), it
// also prints what a connection holds in DIR beyond the minimal route handler's, constructor by constructor.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const dir = path.resolve(process.argv[2] ?? "bench/profile");
const summary = JSON.parse(readFileSync(path.join(dir, "summary.json"), "utf8"));
const n: number = summary.subscribers;

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

function groups(file: string) {
  const snap = JSON.parse(readFileSync(file, "utf8")) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [T, N, S] = ["type", "name", "self_size"].map((f) => fields.indexOf(f)) as [number, number, number];
  const by = new Map<string, { count: number; bytes: number }>();
  const strings: { bytes: number; head: string }[] = [];
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const type = types[snap.nodes[i + T]!]!;
    const name = snap.strings[snap.nodes[i + N]!]!;
    const bytes = snap.nodes[i + S]!;
    total += bytes;
    const key = type === "object" || type === "closure" ? `${type}:${name}` : `(${type})`;
    const g = by.get(key) ?? { count: 0, bytes: 0 };
    g.count++;
    g.bytes += bytes;
    by.set(key, g);
    if (type === "string" && bytes > 100_000) strings.push({ bytes, head: name.slice(0, 100).replace(/\s+/g, " ") });
  }
  return { by, total, strings: strings.sort((a, b) => b.bytes - a.bytes).slice(0, 15) };
}

type PerConnection = Map<string, { perConn: number; bytesPerConn: number }>;

/** What one connection adds to the heap, by constructor: the idle-streams snapshot less the warm one. */
function perConnection(
  from: string,
  files: [string, string],
  count: number,
): { idle: ReturnType<typeof groups>; loaded: ReturnType<typeof groups>; by: PerConnection } {
  const read = (file: string) => groups(path.join(from, file));
  const idle = read(files[0]);
  const loaded = read(files[1]);
  const by: PerConnection = new Map();
  for (const [key, g] of loaded.by) {
    const before = idle.by.get(key) ?? { count: 0, bytes: 0 };
    by.set(key, { perConn: (g.count - before.count) / count, bytesPerConn: (g.bytes - before.bytes) / count });
  }
  for (const [key, g] of idle.by)
    if (!loaded.by.has(key)) by.set(key, { perConn: -g.count / count, bytesPerConn: -g.bytes / count });
  return { idle, loaded, by };
}

const snapshotFiles = (s: { snapshots: { file: string }[] }) => s.snapshots.map((x) => x.file) as [string, string];
const { idle, loaded, by: parleyBy } = perConnection(dir, snapshotFiles(summary), n);
console.log(
  `heap snapshot: idle ${(idle.total / 2 ** 20).toFixed(1)} MB, with ${n} streams ${(loaded.total / 2 ** 20).toFixed(1)} MB`,
);
console.log(`per connection: ${((loaded.total - idle.total) / n / 1024).toFixed(1)} KB of JS heap`);
console.log(`process status: ${JSON.stringify(summary.snapshots.map((s: { status: unknown }) => s.status))}`);
const diff = [...parleyBy]
  .map(([key, d]) => ({ key, ...d }))
  .filter((d) => d.bytesPerConn > 8)
  .sort((a, b) => b.bytesPerConn - a.bytesPerConn)
  .slice(0, 40);
console.log("\nper connection, by constructor (objects/conn, bytes/conn):");
for (const d of diff)
  console.log(`  ${d.key.slice(0, 60).padEnd(60)} ${d.perConn.toFixed(2).padStart(7)} ${d.bytesPerConn.toFixed(0).padStart(7)}`);
const floorDir = process.argv[3] ? path.resolve(process.argv[3]) : null;
if (floorDir) {
  const floorSummary = JSON.parse(readFileSync(path.join(floorDir, "summary.json"), "utf8"));
  const floorRun = perConnection(floorDir, snapshotFiles(floorSummary), floorSummary.subscribers);
  const total = (by: PerConnection) => [...by.values()].reduce((sum, d) => sum + d.bytesPerConn, 0);
  console.log(
    `\nbeyond the minimal route handler: ${((total(parleyBy) - total(floorRun.by)) / 1024).toFixed(1)} KB per connection ` +
      `(${(total(parleyBy) / 1024).toFixed(1)} KB against ${(total(floorRun.by) / 1024).toFixed(1)} KB)`,
  );
  const keys = new Set([...parleyBy.keys(), ...floorRun.by.keys()]);
  const rows = [...keys]
    .map((key) => {
      const p = parleyBy.get(key) ?? { perConn: 0, bytesPerConn: 0 };
      const f = floorRun.by.get(key) ?? { perConn: 0, bytesPerConn: 0 };
      return { key, objects: p.perConn - f.perConn, bytes: p.bytesPerConn - f.bytesPerConn };
    })
    .filter((r) => Math.abs(r.bytes) > 16)
    .sort((a, b) => Math.abs(b.bytes) - Math.abs(a.bytes))
    .slice(0, 50);
  console.log("  by constructor (objects/conn, bytes/conn, Parley less the floor):");
  for (const r of rows)
    console.log(`  ${r.key.slice(0, 60).padEnd(60)} ${r.objects.toFixed(2).padStart(7)} ${r.bytes.toFixed(0).padStart(7)}`);
}

console.log("\nidle server, biggest groups (MB):");
for (const [key, g] of [...idle.by].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 15))
  console.log(`  ${key.slice(0, 60).padEnd(60)} ${(g.bytes / 2 ** 20).toFixed(1).padStart(7)} (${g.count})`);
console.log("\nidle server, biggest strings (KB):");
for (const s of idle.strings) console.log(`  ${(s.bytes / 1024).toFixed(0).padStart(6)}  ${s.head}`);

// CPU: self time per function within each phase's window.
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
const cpuFile = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
if (cpuFile) {
  const cpu = JSON.parse(readFileSync(path.join(dir, cpuFile), "utf8")) as {
    nodes: ProfileNode[];
    startTime: number;
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(cpu.nodes.map((node) => [node.id, node]));
  for (const [phase, [from, to]] of Object.entries(summary.phases_ms_since_spawn as Record<string, [number, number]>)) {
    const self = new Map<string, number>();
    let t = 0;
    let total = 0;
    for (let i = 0; i < cpu.samples.length; i++) {
      t += cpu.timeDeltas[i]!;
      const ms = t / 1000;
      if (ms < from || ms > to) continue;
      const f = byId.get(cpu.samples[i]!)!.callFrame;
      const where = f.url ? `${f.url.replace(/^.*\/(node_modules|\.next)\//, "$1/")}:${f.lineNumber}` : "";
      const key = `${f.functionName || "(anonymous)"} ${where}`;
      self.set(key, (self.get(key) ?? 0) + cpu.timeDeltas[i]! / 1000);
      total += cpu.timeDeltas[i]! / 1000;
    }
    const busy = total - (self.get("(idle) ") ?? 0);
    console.log(
      `\nCPU, ${phase} (${((to - from) / 1000).toFixed(1)} s wall, ${(busy / 1000).toFixed(2)} s busy), top self time (ms):`,
    );
    for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
      console.log(`  ${ms.toFixed(0).padStart(6)}  ${key.slice(0, 130)}`);
  }
}

// Sampling heap profile: live allocations at exit by allocation site (self size).
interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}
const heapFile = readdirSync(dir).find((f) => f.endsWith(".heapprofile"));
if (heapFile) {
  const root = (JSON.parse(readFileSync(path.join(dir, heapFile), "utf8")) as { head: HeapNode }).head;
  const sites = new Map<string, number>();
  const walk = (node: HeapNode) => {
    const f = node.callFrame;
    const key = `${f.functionName || "(anonymous)"} ${f.url.replace(/^.*\/(node_modules|\.next)\//, "$1/")}:${f.lineNumber}`;
    sites.set(key, (sites.get(key) ?? 0) + node.selfSize);
    for (const c of node.children) walk(c);
  };
  walk(root);
  console.log("\nheap profile (sampled, live at exit), top allocation sites (KB):");
  for (const [key, bytes] of [...sites].sort((a, b) => b[1] - a[1]).slice(0, 20))
    console.log(`  ${(bytes / 1024).toFixed(0).padStart(7)}  ${key.slice(0, 130)}`);
}
