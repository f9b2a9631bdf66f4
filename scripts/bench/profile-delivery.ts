// `npx tsx --conditions=react-server scripts/bench/profile-delivery.ts [--readers 1000] [--events 2000]`
// (add `node --cpu-prof` through NODE_OPTIONS to profile it): Parley's delivery path alone, in one process, no
// HTTP — N readers of one memory-hub channel, each stream read as Next.js pipes a response (a read
// after each chunk), events published one at a time, each waited for at every reader. Prints the CPU
// and wall time per event, and what the same costs on a bare ReadableStream per reader (the floor fixture's way).
import { parseArgs } from "node:util";
import { eventStream, type StreamAccess } from "../../lib/http/sse/event-stream";
import { MemoryHub } from "../../lib/hub/memory";

const { values } = parseArgs({
  options: { readers: { type: "string", default: "1000" }, events: { type: "string", default: "2000" } },
});
const readers = Number(values.readers);
const events = Number(values.events);
const access: StreamAccess = { watch: () => () => {} };
const limits = { keepaliveMs: 15_000, maxDurationMs: 280_000, queueBytes: 1 << 20, lagGraceMs: 10_000 };

async function measure(name: string, open: (onChunk: () => void) => Promise<void>, publish: (i: number) => void) {
  let received = 0;
  let waiting: (() => void) | null = null;
  const onChunk = () => {
    if (++received === readers && waiting) waiting();
  };
  for (let i = 0; i < readers; i++) await open(onChunk);
  await new Promise((r) => setTimeout(r, 100));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < events; i++) {
    received = 0;
    const all = new Promise<void>((r) => {
      waiting = r;
    });
    publish(i);
    await all;
  }
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `${name.padEnd(10)} ${readers} readers: ${(wall / events).toFixed(3)} ms wall, ${((cpu.user + cpu.system) / 1000 / events).toFixed(3)} ms CPU per event (${((wall / events / readers) * 1000).toFixed(2)} µs per reader)`,
  );
}

/** Reads like Next's pipe to the response: the next read once the chunk is handed on. */
async function pipe(body: ReadableStream<Uint8Array>, onChunk: () => void, skipFirst: boolean) {
  const reader = body.getReader();
  if (skipFirst) await reader.read();
  void (async () => {
    for (;;) {
      const { done } = await reader.read();
      if (done) return;
      onChunk();
    }
  })();
}

const hub = new MemoryHub({ history: 1000, historyBytes: 1 << 24, maxBytes: 1 << 28, idleMs: 60_000 });
const abort = new AbortController();
await measure(
  "parley",
  async (onChunk) => {
    const res = await eventStream({
      hub,
      access,
      channel: "ch:p",
      start: "now",
      limits,
      signal: abort.signal,
      cursor: null,
      filter: null,
    });
    await pipe(res.body!, onChunk, true);
  },
  (i) => void hub.publish("ch:p", { type: "bench.tick", data: { seq: i, sent_at: Date.now() } }),
);

const controllers = new Set<ReadableStreamDefaultController<Uint8Array>>();
const encoder = new TextEncoder();
await measure(
  "floor",
  async (onChunk) => {
    const body = new ReadableStream<Uint8Array>({ start: (c) => void controllers.add(c) });
    await pipe(body, onChunk, false);
  },
  (i) => {
    const envelope = { id: `${i}-0`, channel: "ch:f", type: "bench.tick", ts: new Date().toISOString(), data: { seq: i } };
    const frame = encoder.encode(`id: ${envelope.id}\ndata: ${JSON.stringify(envelope)}\n\n`);
    for (const c of controllers) c.enqueue(frame);
  },
);
abort.abort();
process.exit(0);
