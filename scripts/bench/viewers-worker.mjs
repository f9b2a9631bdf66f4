// Holds the viewer-cost bench's idle viewers in their own thread. Each reads its stream and, when the server
// ends it (rotation), reconnects at once with its Last-Event-ID, as EventSource does — timing the reconnect
// (the old stream's end → the new one's response) and counting the bytes it cost both ways.
import http from "node:http";
import { parentPort, workerData } from "node:worker_threads";

const { port, path, headers = {}, viewers } = workerData;
const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
const requests = new Set();
let stopping = false;
const reconnects = [];
let reconnectBytesIn = 0;
let reconnectBytesOut = 0;
let failures = 0;

function open(lastId, endedAt) {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: "127.0.0.1", port, path, agent, headers: { ...headers, ...(lastId ? { "Last-Event-ID": lastId } : {}) } },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`stream answered ${res.statusCode}`));
          return;
        }
        if (endedAt) reconnects.push(Date.now() - endedAt);
        let id = lastId;
        let carry = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
          const text = carry + chunk;
          const end = text.lastIndexOf("\n");
          carry = text.slice(end + 1);
          for (const m of text.slice(0, end).matchAll(/^id: ?(.*)$/gm)) id = m[1];
        });
        res.on("end", () => {
          requests.delete(req);
          const socket = req.socket;
          if (endedAt) {
            reconnectBytesIn += socket.bytesRead;
            reconnectBytesOut += socket.bytesWritten;
          }
          if (stopping) return;
          const now = Date.now();
          open(id, now).catch(() => failures++);
        });
        resolve(req);
      },
    );
    requests.add(req);
    req.on("error", (error) => {
      requests.delete(req);
      if (!stopping) reject(error);
    });
  });
}

try {
  const t0 = Date.now();
  for (let i = 0; i < viewers; i += 100) {
    await Promise.all(Array.from({ length: Math.min(100, viewers - i) }, () => open(null, 0)));
  }
  parentPort.postMessage({ type: "connected", connectAll: Date.now() - t0 });
} catch (error) {
  parentPort.postMessage({ type: "error", message: String(error) });
}

parentPort.on("message", (message) => {
  if (message.type === "report") {
    parentPort.postMessage({ type: "report", reconnects: [...reconnects], reconnectBytesIn, reconnectBytesOut, failures });
    reconnects.length = 0;
    reconnectBytesIn = 0;
    reconnectBytesOut = 0;
    failures = 0;
  } else if (message.type === "stop") {
    stopping = true;
    for (const r of requests) r.destroy();
    parentPort.postMessage({ type: "stopped" });
  }
});
