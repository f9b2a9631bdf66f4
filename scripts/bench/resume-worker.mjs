// Holds the resume bench's readers of one channel in their own thread. Each reads its stream and, when the
// server ends it (the rotation), reconnects at once with its cursor — `Last-Event-ID`, the last event's
// JSON id as a query parameter, or the characters received so far (resumable-stream's `resumeAt`) — timing
// its first reconnect (the old stream's end → the new response; → the first event on it) and counting what
// that reconnect cost up to its first event, both ways. Every reader checks its events' sequence numbers:
// no gap (an event the server accepted
// and the reader never got), no duplicate.
import http from "node:http";
import { parentPort, workerData } from "node:worker_threads";
import { cursorAfter, gapsOf, resumeRequest } from "./resume-reader.mjs";

const { port, path, headers = {}, readers, cursor } = workerData;
const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
const requests = new Set();
let stopping = false;
const stats = { reconnect: [], firstEvent: [], bytesIn: [], bytesOut: [], failures: 0 };

function onFrames(reader, text) {
  for (const frame of text.split("\n\n")) {
    reader.cursor = cursorAfter(cursor, frame, reader.cursor);
    const seq = /"seq":(\d+)/.exec(frame);
    if (!seq) continue;
    const n = Number(seq[1]);
    if (reader.seqs.has(n)) reader.duplicates++;
    reader.seqs.add(n);
    reader.first = Math.min(reader.first, n);
    reader.last = Math.max(reader.last, n);
  }
}

function open(reader, endedAt) {
  return new Promise((resolve, reject) => {
    const target = resumeRequest(path, headers, cursor, reader.cursor);
    const req = http.get({ host: "127.0.0.1", port, path: target.path, headers: target.headers, agent }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`stream answered ${res.statusCode}`));
        return;
      }
      const herd = endedAt > 0 && !reader.resumed;
      if (herd) {
        reader.resumed = true;
        stats.reconnect.push(Date.now() - endedAt);
      }
      let counted = !herd;
      let carry = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        if (cursor.kind === "chars-query") reader.cursor = String(Number(reader.cursor ?? 0) + chunk.length);
        const text = carry + chunk;
        const end = text.lastIndexOf("\n\n");
        if (end < 0) {
          carry = text;
          return;
        }
        carry = text.slice(end + 2);
        const before = reader.last;
        onFrames(reader, text.slice(0, end));
        if (!counted && reader.last !== before) {
          counted = true;
          stats.firstEvent.push(Date.now() - endedAt);
          stats.bytesIn.push(req.socket.bytesRead);
          stats.bytesOut.push(req.socket.bytesWritten);
        }
      });
      res.on("end", () => {
        requests.delete(req);
        if (!stopping) void reconnect(reader, Date.now());
      });
      resolve(req);
    });
    requests.add(req);
    req.on("error", (error) => {
      requests.delete(req);
      if (!stopping) reject(error);
    });
  });
}

/** As EventSource does: at once, then again after a second while it fails (three tries). */
async function reconnect(reader, endedAt) {
  for (let attempt = 0; attempt < 3 && !stopping; attempt++) {
    try {
      await open(reader, endedAt);
      return;
    } catch {
      stats.failures++;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

const all = Array.from({ length: readers }, () => ({
  cursor: null,
  last: -1,
  first: Number.POSITIVE_INFINITY,
  seqs: new Set(),
  duplicates: 0,
  resumed: false,
}));
try {
  const t0 = Date.now();
  // A first connection refused is tried again after a second, as EventSource does (three tries).
  const first = async (reader) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await open(reader, 0);
      } catch (error) {
        stats.failures++;
        if (attempt === 3) throw error;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  };
  for (let i = 0; i < readers; i += 250) await Promise.all(all.slice(i, i + 250).map(first));
  parentPort.postMessage({ type: "connected", connectAll: Date.now() - t0 });
} catch (error) {
  parentPort.postMessage({ type: "error", message: String(error) });
}

parentPort.on("message", async (message) => {
  if (message.type === "progress") {
    parentPort.postMessage({ type: "progress", resumed: all.filter((r) => r.resumed).length });
  } else if (message.type === "finish") {
    const deadline = Date.now() + 10_000;
    while (all.some((r) => r.last < message.lastSeq) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    stopping = true;
    for (const r of requests) r.destroy();
    // A gap: an event the server accepted, after the reader's first, that the reader never got.
    for (const r of all) r.gaps = gapsOf(message.accepted, r.first, r.seqs);
    parentPort.postMessage({
      type: "done",
      ...stats,
      resumed: all.filter((r) => r.resumed).length,
      complete: all.filter((r) => r.last >= message.lastSeq && r.gaps === 0 && r.duplicates === 0).length,
      withGap: all.filter((r) => r.gaps > 0).length,
      withDuplicate: all.filter((r) => r.duplicates > 0).length,
      behind: all.filter((r) => r.last < message.lastSeq).length,
    });
  }
});
