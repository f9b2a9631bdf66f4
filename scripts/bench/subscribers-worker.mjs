// Holds the bench's SSE subscribers in their own thread, so parsing 50k messages/s does not delay
// the publisher's clock in the main thread.
import { parentPort, workerData } from "node:worker_threads";
import { openSse } from "./sse-client.mjs";

const { port, path, headers, subscribers } = workerData;
const endToEnd = [];
const fanOut = [];
const requests = [];

async function subscribe() {
  const start = Date.now();
  const req = await openSse({
    port,
    path,
    headers,
    onFrames(frames, now) {
      for (const m of frames.matchAll(/"ts":"([^"]+)"[^\n]*"sent_at":(\d+)/g)) {
        fanOut.push(now - Date.parse(m[1]));
        endToEnd.push(now - Number(m[2]));
      }
    },
  });
  requests.push(req);
  return Date.now() - start;
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
