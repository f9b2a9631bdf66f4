// Holds the bench's run viewers in their own thread: each reads the run's SSE stream to its end and
// records, per event, how long after the server published it the viewer had it.
import { parentPort, workerData } from "node:worker_threads";
import { openSse } from "./sse-client.mjs";

const { port, path, viewers } = workerData;
const latencies = [];
const counts = [];
let ended = 0;

function view(index) {
  counts[index] = 0;
  return openSse({
    port,
    path,
    onFrames(frames, now) {
      for (const m of frames.matchAll(/^data: (.*)$/gm)) {
        const e = JSON.parse(m[1]);
        counts[index]++;
        if (e.ts && Date.parse(e.ts) >= workerData.measureFrom) latencies.push(now - Date.parse(e.ts));
      }
    },
    onEnd() {
      ended++;
      if (ended === viewers) parentPort.postMessage({ type: "done", latencies, counts });
    },
  });
}

try {
  for (let i = 0; i < viewers; i += 250)
    await Promise.all(Array.from({ length: Math.min(250, viewers - i) }, (_, k) => view(i + k)));
  parentPort.postMessage({ type: "connected" });
} catch (error) {
  parentPort.postMessage({ type: "error", message: String(error) });
}
