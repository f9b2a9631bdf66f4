// Holds the bench's run viewers in their own thread: each reads the run's SSE stream to its end and
// records, per event, how long after the server published it the viewer had it.
import http from "node:http";
import { parentPort, workerData } from "node:worker_threads";

const { port, path, viewers } = workerData;
const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
const latencies = [];
const counts = [];
let ended = 0;

function view(index) {
  return new Promise((resolve, reject) => {
    counts[index] = 0;
    const req = http.get({ host: "127.0.0.1", port, path, agent }, (res) => {
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
        for (const m of text.slice(0, end).matchAll(/^data: (.*)$/gm)) {
          const e = JSON.parse(m[1]);
          counts[index]++;
          if (e.ts && Date.parse(e.ts) >= workerData.measureFrom) latencies.push(now - Date.parse(e.ts));
        }
      });
      res.on("end", () => {
        ended++;
        if (ended === viewers) parentPort.postMessage({ type: "done", latencies, counts });
      });
      resolve();
    });
    req.on("error", reject);
  });
}

try {
  for (let i = 0; i < viewers; i += 250)
    await Promise.all(Array.from({ length: Math.min(250, viewers - i) }, (_, k) => view(i + k)));
  parentPort.postMessage({ type: "connected" });
} catch (error) {
  parentPort.postMessage({ type: "error", message: String(error) });
}
