// Holds the bench's SSE subscribers in their own thread, so parsing 50k messages/s does not delay
// the publisher's clock in the main thread.
import http from "node:http";
import { parentPort, workerData } from "node:worker_threads";

const { port, path, headers, subscribers } = workerData;
const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
const endToEnd = [];
const fanOut = [];
const requests = [];

function subscribe() {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const req = http.get({ host: "127.0.0.1", port, path, headers, agent }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`stream answered ${res.statusCode}`));
        return;
      }
      res.setEncoding("utf8");
      let carry = "";
      res.on("data", (chunk) => {
        const text = carry + chunk;
        const end = text.lastIndexOf("\n\n");
        if (end < 0) {
          carry = text;
          return;
        }
        carry = text.slice(end + 2);
        const now = Date.now();
        const frames = text.slice(0, end);
        for (const m of frames.matchAll(/"ts":"([^"]+)"[^\n]*"sent_at":(\d+)/g)) {
          fanOut.push(now - Date.parse(m[1]));
          endToEnd.push(now - Number(m[2]));
        }
      });
      resolve(Date.now() - start);
    });
    req.on("error", reject);
    requests.push(req);
  });
}

const connectTimes = [];
const t0 = Date.now();
try {
  for (let i = 0; i < subscribers; i += 250) {
    const batch = Array.from({ length: Math.min(250, subscribers - i) }, () => subscribe());
    connectTimes.push(...(await Promise.all(batch)));
  }
  parentPort.postMessage({ type: "connected", connectAll: Date.now() - t0, connectTimes });
} catch (error) {
  parentPort.postMessage({ type: "error", message: String(error) });
}

parentPort.on("message", async (message) => {
  if (message.type !== "finish") return;
  const deadline = Date.now() + 10_000;
  while (endToEnd.length < message.expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (const r of requests) r.destroy();
  parentPort.postMessage({ type: "done", endToEnd, fanOut });
});
